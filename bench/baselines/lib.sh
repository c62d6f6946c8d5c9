# Shared by the plain-script baselines of bench/baselines/<feature>.sh (sourced, bash).
# Each scenario runs in its own sandbox made as src/sandbox/launch.ts makes it: new mount + PID
# namespaces (unshare --propagation private), / made rshared, proc and a tmpfs on /tmp /mnt /srv
# /var/tmp. Checks use findmnt, mountpoint and /proc/self/mountinfo; a failed check exits 1.
set -u

fail() { echo "FAIL ($scenario_name): $*" >&2; exit 1; }

# scenario NAME FUNC [ARGS]: runs FUNC in a fresh sandbox; the script stops if it fails.
scenario() {
  scenario_name=$1; shift
  unshare --mount --pid --fork --propagation private -- bash "$0" --in-sandbox "$scenario_name" "$@" \
    || { echo "scenario failed: $scenario_name" >&2; exit 1; }
}

# Called by the script itself inside the sandbox (see the end of each baseline script).
in_sandbox() {
  scenario_name=$1; shift
  mount --make-rshared /
  mount -t proc proc /proc
  for d in /tmp /mnt /srv /var/tmp; do [ -d "$d" ] && mount -t tmpfs bench "$d"; done
  "$@"
}

# TRACE_ALL=1 runs every command (and what in_window runs) under strace -f, as mountlab traces
# every command: the bench's "baseline, all traced" column, how much of mountlab's time strace's
# stops take.
tracer=()
[ -z "${TRACE_ALL:-}" ] || tracer=(strace -f -qq -e signal=none -o /dev/null)

# Like mountlab's "When I run …", "Then it succeeds".
run() { "${tracer[@]}" bash -ec "$1" || fail "command failed: $1"; }
# "Then it fails with ERRNO" and "the SYSCALL syscall fails with ERRNO", through strace as mountlab does.
run_fails_with() { # CMD SYSCALL ERRNO
  local trace; trace=$(mktemp -t trace.XXXXXX)
  if strace -f -qq -o "$trace" -e trace="$2" bash -c "$1" 2>/dev/null; then fail "succeeded: $1"; fi
  grep -q " = -1 $3 " "$trace" || fail "$2 did not fail with $3: $(cat "$trace")"
  rm -f "$trace"
}

is_mount() { mountpoint -q "$1" || fail "$1 is not a mount point"; }
not_mount() { ! mountpoint -q "$1" || fail "$1 is a mount point"; }
# findmnt's PROPAGATION column: shared, private, "private,slave", "shared,slave", "private,unbindable".
propagation() { # PATH KIND
  local got; got=$(findmnt -no PROPAGATION --mountpoint "$1")
  [ "$got" = "$2" ] || fail "$1 has propagation '$got', not '$2'"
}
fstype() { [ "$(findmnt -no FSTYPE --mountpoint "$1")" = "$2" ] || fail "$1 is not $2"; }
# The optional fields (field 7 until "-") of the last mountinfo line of a mount point.
optional_fields() { # PATH [PID]
  awk -v p="$1" '$5 == p { f = ""; for (i = 7; $i != "-"; i++) f = f " " $i; last = f } END { print last }' "/proc/${2:-self}/mountinfo"
}
tag() { optional_fields "$1" "${3:-}" | tr ' ' '\n' | grep "^$2:" | cut -d: -f2; }
peers() { # A B [PID_B]: same shared:N peer group
  local a b; a=$(tag "$1" shared); b=$(tag "$2" shared "${3:-}")
  [ -n "$a" ] && [ "$a" = "$b" ] || fail "$1 and $2 are not peers ($a/$b)"
}
not_peers() { local a b; a=$(tag "$1" shared); b=$(tag "$2" shared); [ "$a" != "$b" ] || fail "$1 and $2 are peers"; }
slave_of() { # SLAVE MASTER [PID_SLAVE]: master:N of the slave is the master's shared:N
  local m s; m=$(tag "$1" master "${3:-}"); s=$(tag "$2" shared)
  [ -n "$m" ] && [ "$m" = "$s" ] || fail "$1 is not a slave of $2 ($m/$s)"
}

# window CMD...: a process left in a new mount namespace (what a mountlab window's shell is);
# prints its PID once its namespace (WINDOW_NS, default mnt) differs from ours. Checks then run
# in it with in_window.
window() {
  "$@" </dev/null >/dev/null 2>&1 &
  local pid=$! ns=${WINDOW_NS:-mnt}
  while [ "$(readlink /proc/$pid/ns/$ns)" = "$(readlink /proc/self/ns/$ns)" ]; do sleep 0.01; done
  echo "$pid"
}
in_window() { local pid=$1; shift; "${tracer[@]}" nsenter -t "$pid" -m "$@"; }
# A window's mount table as mountlab notes it: mount point, source, type, propagation.
table_of() { findmnt --task "$1" -rn -o TARGET,SOURCE,FSTYPE,PROPAGATION; }

# --- The VM-only features (container-mounts, lsm-denials) run in the lab VM's root namespace, as
# their scenarios do; mountlab resets the VM after each scenario, the baseline cleans up instead.

# root_scenario NAME FUNC: runs FUNC in a subshell of the root namespace, then `clean_up` (each
# script defines it); the script stops if FUNC fails. ONLY=FUNC runs that scenario alone.
root_scenario() {
  scenario_name=$1
  [ -z "${ONLY:-}" ] || [ "$ONLY" = "$2" ] || return 0
  ( "$2" ) || { clean_up; echo "scenario failed: $scenario_name" >&2; exit 1; }
  clean_up
}

# traced CMD [SYSCALLS]: runs CMD under strace -f as mountlab does; sets status, out and trace.
traced() {
  trace=$(mktemp -t trace.XXXXXX)
  out=$(strace -f -qq -e signal=none -e trace="${2:-mount,pivot_root,chroot}" -o "$trace" bash -c "$1" 2>&1) && status=0 || status=$?
}
# traced_containerd CMD [SYSCALLS]: runs CMD while strace -f follows containerd.service, as
# "with containerd traced" does (docker run only asks containerd; its shim starts runc).
traced_containerd() {
  trace=$(mktemp -t trace.XXXXXX)
  local pid strace_pid; pid=$(systemctl show -P MainPID containerd.service)
  strace -f -qq -e signal=none -e trace="${2:-mount,pivot_root,chroot}" -o "$trace" -p "$pid" </dev/null >/dev/null 2>&1 &
  strace_pid=$!
  until grep -q '^TracerPid:[[:space:]]*[1-9]' "/proc/$pid/status"; do sleep 0.01; done
  out=$("${tracer[@]}" bash -c "$1" 2>&1) && status=0 || status=$?
  kill -INT "$strace_pid"; wait "$strace_pid" || true
}
succeeded() { [ "$status" = 0 ] || fail "failed ($status): $out"; }
failed() { [ "$status" != 0 ] || fail "succeeded: $out"; }
output_has() { grep -qF -- "$1" <<<"$out" || fail "output lacks '$1': $out"; }
# syscall_on SYSCALL PATH ERRNO|ok: the last such call on PATH in the trace.
syscall_on() {
  local line; line=$(grep -E "$1\([^)]*\"$2\"" "$trace" | tail -1)
  case $3 in
    ok) grep -q ' = 0$' <<<"$line" || fail "$1 on $2 did not succeed: $line" ;;
    *) grep -q " = -1 $3 " <<<"$line" || fail "$1 on $2 did not fail with $3: $line" ;;
  esac
}
syscall_is() { # SYSCALL ERRNO|ok: the last call of SYSCALL in the trace
  local line; line=$(grep -E "^[0-9]+ +$1\(" "$trace" | tail -1)
  case $2 in
    ok) grep -q ' = 0$' <<<"$line" || fail "$1 did not succeed: $line" ;;
    *) grep -q " = -1 $2 " <<<"$line" || fail "$1 did not fail with $2: $line" ;;
  esac
}
calls() { # SYSCALL N: exactly N calls of SYSCALL in the trace
  local n; n=$(grep -cE "^[0-9]+ +$1\(" "$trace")
  [ "$n" = "$2" ] || fail "$n $1 calls, not $2"
}

# Checks in a container's mount namespace, by the PID of its init.
c_mount() { findmnt --task "$1" --mountpoint "$2" >/dev/null || fail "$2 is not a mount point in $1"; }
c_not_mount() { ! findmnt --task "$1" --mountpoint "$2" >/dev/null || fail "$2 is a mount point in $1"; }
c_fstype() { [ "$(findmnt --task "$1" -no FSTYPE --mountpoint "$2" | tail -1)" = "$3" ] || fail "$2 is not $3 in $1"; }
c_ro() { findmnt --task "$1" -no VFS-OPTIONS --mountpoint "$2" | tail -1 | grep -qE '^ro(,|$)' || fail "$2 is not read-only in $1"; }
c_source() { # PID PATH SOURCE: the source field of mountinfo (after " - " and the fs type)
  [ "$(awk -v p="$2" '$5 == p { for (i = 7; $i != "-"; i++); s = $(i + 2) } END { print s }' "/proc/$1/mountinfo")" = "$3" ] || fail "$2 is not from $3 in $1"
}
# Unmounts what is mounted at or under DIR (deepest first) and removes DIR: a container run
# without a mount namespace leaves its /proc, /sys and /dev mounted in the root namespace.
remove_tree() {
  findmnt -rn -o TARGET | awk -v d="$1" '$0 == d || index($0, d "/") == 1' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$1"
}
runc_pid() { runc state "$1" | jq .pid; }
docker_pid() { docker inspect -f '{{.State.Pid}}' "$1"; }
