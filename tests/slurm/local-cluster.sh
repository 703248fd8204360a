#!/usr/bin/env bash
# A one-node SLURM cluster on 127.0.0.1 for the sweep tests: `start STATE_DIR` brings munged,
# slurmctld and slurmd up unless a cluster already answers, and writes the pids it started into
# STATE_DIR/started; `stop STATE_DIR` ends exactly those. Its config is STATE_DIR/slurm.conf
# (export SLURM_CONF to reach it; /etc/slurm is left alone). Exit 77 (skipped) where it cannot run.
set -euo pipefail
action=${1:?usage: local-cluster.sh start|stop STATE_DIR}
state=${2:?usage: local-cluster.sh start|stop STATE_DIR}
skip() { echo "local-cluster: skipped: $*" >&2; exit 77; }

if [ "$action" = stop ]; then
  [ -f "$state/started" ] || exit 0
  while read -r name pid; do
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done < <(tac "$state/started")
  rm -f "$state/started"
  exit 0
fi

if sinfo -h -o %T >/dev/null 2>&1 && [ -n "$(sinfo -h -o %T 2>/dev/null | grep -E 'idle|mix|alloc')" ]; then
  echo "local-cluster: a SLURM cluster already answers; using it"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || skip "needs root to start munged, slurmctld and slurmd"
for program in munged slurmctld slurmd sbatch; do
  command -v "$program" >/dev/null 2>&1 || skip "$program is not installed (scripts/setup installs slurm-wlm and munge)"
done

mkdir -p "$state"
: > "$state/started"
host=$(hostname -s)
cpus=$(nproc)

# munge: a key of 1024 random bytes, owned by munge, mode 400, and the daemon as user munge.
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n </dev/null >/dev/null 2>&1; then
  runuser -u munge -- munged --force
  for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
  echo "munged $(cat /run/munge/munged.pid)" >> "$state/started"
fi

mkdir -p "$state/ctld" "$state/d"
export SLURM_CONF=$state/slurm.conf
cat > "$SLURM_CONF" <<CONF
ClusterName=reverie-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
SchedulerType=sched/backfill
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
InactiveLimit=0
KillWait=5
MinJobAge=300
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=4000 State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -i
for _ in $(seq 50); do [ -s "$state/slurmctld.pid" ] && break; sleep 0.1; done
[ -s "$state/slurmctld.pid" ] || skip "slurmctld did not start (see $state/slurmctld.log)"
echo "slurmctld $(cat "$state/slurmctld.pid")" >> "$state/started"
slurmd
for _ in $(seq 50); do [ -s "$state/slurmd.pid" ] && break; sleep 0.1; done
[ -s "$state/slurmd.pid" ] || skip "slurmd did not start (see $state/slurmd.log)"
echo "slurmd $(cat "$state/slurmd.pid")" >> "$state/started"
for _ in $(seq 100); do
  if sinfo -h -o %T 2>/dev/null | grep -q idle; then echo "local-cluster: node $host idle"; exit 0; fi
  sleep 0.1
done
echo "local-cluster: the node did not become idle within 10 s (see $state/slurmd.log)" >&2
exit 1
