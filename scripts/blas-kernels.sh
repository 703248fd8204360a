# Sourced by scripts/test and bench/compare-*: when OpenBLAS does not know this CPU and falls back to
# its slow Prescott kernels, export OPENBLAS_CORETYPE for the CPU's instruction sets, so that the
# test binary, the benchmarks and PyTorch run the same fast kernels the `reverie` CLI picks itself
# (src/core/blas_kernels.cpp): it asks build/reverie, so the rule lives in one place. Needs a build.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -x build/reverie ]; then
  blas_probe=$(env -u OPENBLAS_CORETYPE OPENBLAS_VERBOSE=2 build/reverie --version 2>&1 || true)
  # After a Prescott fallback the CLI restarts with its own choice: the probe's last "Core:" line.
  if [[ $blas_probe == *"Core: Prescott"* ]]; then
    blas_choice=$(sed -n 's/^Core: //p' <<<"$blas_probe" | tail -1)
    if [ "$blas_choice" != Prescott ]; then export OPENBLAS_CORETYPE=$blas_choice; fi
  fi
  unset blas_probe blas_choice
fi
