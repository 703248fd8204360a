# Sourced by scripts/test and bench/compare-*: when OpenBLAS does not know this CPU and falls back to
# its slow Prescott kernels, export OPENBLAS_CORETYPE for the CPU's instruction sets, so that the
# test binary, the benchmarks and PyTorch run the same fast kernels the `reverie` CLI picks itself
# (src/core/blas_kernels.cpp). Needs a build (it asks build/reverie which kernels OpenBLAS chose).
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -x build/reverie ]; then
  blas_probe=$(env -u OPENBLAS_CORETYPE OPENBLAS_VERBOSE=2 build/reverie --version 2>&1 || true)
  if [[ $blas_probe == *"Core: Prescott"* ]]; then
    if grep -qw avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SkylakeX
    elif grep -qw avx2 /proc/cpuinfo; then export OPENBLAS_CORETYPE=Haswell; fi
  fi
  unset blas_probe
fi
