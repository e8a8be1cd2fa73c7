#!/usr/bin/env bash
# slurm-local.sh: a single-node Slurm cluster on this machine, without
# systemd, for running sweeps as job arrays in tests (issue 21).
#
#   scripts/slurm-local.sh start   # munge and Slurm up, the node idle; prints SLURM_CONF
#   scripts/slurm-local.sh stop    # cancels every job, waits, stops the daemons
#
# Needs Debian 12's slurmctld, slurmd, slurm-client and munge (22.05):
#   apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge
# Run as root (slurmd starts job steps as their owner). Everything lives
# under $SLURM_DIR (default /tmp/needsplan-slurm): the munge socket, key and
# seed, the configuration, state, spool and logs; export
# SLURM_CONF=$SLURM_DIR/slurm.conf for every client command (sbatch, squeue…).
#
# Facts this relies on (found on the project's machines):
# - nothing creates /run/munge without systemd: munged gets its own socket,
#   key and seed under a private directory of mode 0755 (it refuses group-
#   or world-writable ones) and Slurm finds it through AuthInfo=socket=;
# - every daemon runs in the foreground (munged -F, slurmctld -D, slurmd
#   -D) started with &, so that this script's process group is their
#   parent; daemon mode left zombies;
# - localhost(127.0.0.1) for the controller and the node avoid hostname
#   resolution, and a RealMemory below the machine's keeps the node from
#   being drained for "Low RealMemory";
# - kill_invalid_depend goes in DependencyParameters (under
#   SchedulerParameters it is ignored, and a dependent job whose
#   dependency failed waits for ever);
# - stop in order: cancel, wait for squeue to be empty, then slurmd,
#   slurmctld and munged, SIGKILL after a grace period.
set -euo pipefail
dir=${SLURM_DIR:-/tmp/needsplan-slurm}
export SLURM_CONF=$dir/slurm.conf

pidof_file() { [ -f "$1" ] && cat "$1" || true; }

stop_pid() { # stop_pid PIDFILE: SIGTERM, then SIGKILL after 10 s
	local pid
	pid=$(pidof_file "$1")
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null || return 0
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || { rm -f "$1"; return 0; }
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
	rm -f "$1"
}

start() {
	for b in munged slurmctld slurmd sbatch; do
		command -v "$b" >/dev/null || { echo "slurm-local: $b not found: apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge" >&2; exit 1; }
	done
	mkdir -p "$dir"/{munge,state,spool,log}
	chmod 0755 "$dir" "$dir/munge"
	if [ ! -f "$dir/munge/munge.key" ]; then
		head -c 1024 /dev/urandom >"$dir/munge/munge.key"
		chmod 0600 "$dir/munge/munge.key"
	fi
	munged -F --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
		--seed-file="$dir/munge/munged.seed" --pid-file="$dir/munge/munged.pid" \
		--log-file="$dir/log/munged.log" </dev/null >>"$dir/log/munged.out" 2>&1 &
	echo $! >"$dir/munged.pid"
	cat >"$SLURM_CONF" <<EOF
ClusterName=needsplan
SlurmctldHost=localhost(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid.d
SlurmdPidFile=$dir/slurmd.pid.d
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
DependencyParameters=kill_invalid_depend
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MailProg=/bin/true
ReturnToService=2
MpiDefault=none
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
	for _ in $(seq 50); do [ -S "$dir/munge/munge.socket" ] && break; sleep 0.1; done
	slurmctld -D -i -f "$SLURM_CONF" </dev/null >>"$dir/log/slurmctld.out" 2>&1 &
	echo $! >"$dir/slurmctld.pid"
	slurmd -D -f "$SLURM_CONF" </dev/null >>"$dir/log/slurmd.out" 2>&1 &
	echo $! >"$dir/slurmd.pid"
	for _ in $(seq 200); do
		if sinfo -h -o %t 2>/dev/null | grep -q '^idle'; then
			echo "slurm-local: node idle; export SLURM_CONF=$SLURM_CONF"
			return 0
		fi
		sleep 0.1
	done
	echo "slurm-local: the node did not become idle in 20 s; logs in $dir/log" >&2
	tail -n 20 "$dir"/log/*.log >&2 || true
	exit 1
}

stop() {
	if [ -f "$SLURM_CONF" ] && [ -f "$dir/slurmctld.pid" ]; then
		scancel --full --quiet --user=root 2>/dev/null || true
		for _ in $(seq 100); do
			[ -z "$(squeue -h 2>/dev/null)" ] && break
			sleep 0.1
		done
	fi
	stop_pid "$dir/slurmd.pid"
	stop_pid "$dir/slurmctld.pid"
	stop_pid "$dir/munged.pid"
}

case ${1:-} in
start) start ;;
stop) stop ;;
*)
	sed -n '4,5p' "$0" | cut -c3- >&2
	exit 2
	;;
esac
