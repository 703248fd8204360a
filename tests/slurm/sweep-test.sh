#!/usr/bin/env bash
# `reverie sweep --executor slurm` through a real one-node SLURM on this machine: its sweep.csv
# is byte-identical to the local executor's, and after one array task is cancelled midway a
# second start of the same sweep resubmits that task alone. Exit 77 (skipped) without SLURM.
# Usage: sweep-test.sh PATH/TO/reverie
set -euo pipefail
reverie=$(realpath "${1:?usage: sweep-test.sh PATH/TO/reverie}")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/reverie-slurm-test.XXXXXX)
state=$work/cluster-state
cleanup() { bash "$here/local-cluster.sh" stop "$state"; rm -rf "$work"; }
trap cleanup EXIT
started=0
bash "$here/local-cluster.sh" start "$state" || started=$?
if [ "$started" -ne 0 ]; then exit "$started"; fi   # 77: skipped, with the reason printed
if [ -f "$state/slurm.conf" ]; then export SLURM_CONF=$state/slurm.conf; fi
cd "$work"
SECONDS=0

# Two points x two runs on MNIST (setup installs it); each run long enough to be cancelled midway.
sweep=(smoothness-feedforward --quick --set datasets=mnist --set train_items=6000 --grid learning_rate=0.01,0.02 --runs 2)
"$reverie" sweep "${sweep[@]}" --out local --threads 2 > local.log 2>&1 || { cat local.log; exit 1; }

submitted=$("$reverie" sweep "${sweep[@]}" --out cluster --executor slurm)
echo "$submitted"
array=$(sed -n 's/.*job array \([0-9][0-9]*\).*/\1/p' <<<"$submitted")
[ -n "$array" ] || { echo "no job array id in: $submitted"; exit 1; }
# Element 2 is point learning_rate=0.02, run 0: cancel it once it runs.
for _ in $(seq 1200); do
  [ "$(squeue -h -j "${array}_2" -o %T 2>/dev/null)" = RUNNING ] && break
  sleep 0.1
done
[ "$(squeue -h -j "${array}_2" -o %T 2>/dev/null)" = RUNNING ] || { echo "array task ${array}_2 never ran"; exit 1; }
sleep 1
scancel "${array}_2"
for _ in $(seq 1200); do
  [ -z "$(squeue -h -n reverie-smoothness-feedforward,reverie-smoothness-feedforward-report -o %i)" ] && break
  sleep 0.25
done
"$reverie" sweep status cluster | tee status.txt
# Failed (it had claimed its run) or, if cancelled before it got that far, missing: one of them.
grep -Eq '^learning_rate=0\.02 +1/2 +0 +(1 +0|0 +1)$' status.txt || { echo "expected learning_rate=0.02 with 1 of 2 runs done, 1 failed or missing"; exit 1; }
grep -Eq '^learning_rate=0\.01 +2/2' status.txt || { echo "expected learning_rate=0.01 done"; exit 1; }

# Starting the same sweep again submits only the cancelled run, then the report.
resubmitted=$("$reverie" sweep "${sweep[@]}" --out cluster --executor slurm --wait)
echo "$resubmitted"
grep -q "^sweep: 1 task(s) in 1 array element(s)" <<<"$resubmitted" || { echo "expected exactly the cancelled task resubmitted"; exit 1; }
cmp local/sweep.csv cluster/sweep.csv
for point in "learning_rate=0.01" "learning_rate=0.02"; do
  cmp "local/$point/results.csv" "cluster/$point/results.csv"
  cmp "local/$point/claims.csv" "cluster/$point/claims.csv"
done
echo "slurm sweep test: passed in ${SECONDS} s (after the cluster started)"
