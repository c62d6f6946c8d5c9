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

# The syscalls mountlab traces (TRACED_SYSCALLS, src/errno/strace/command.ts).
MOUNTLAB_SYSCALLS=mount,umount2,move_mount,open_tree,fsopen,fsconfig,fsmount,fspick,mount_setattr,pivot_root,chroot,unshare,setns,mkdir,mkdirat,rmdir,unlink,unlinkat,rename,renameat,renameat2

# strace_as_mountlab OUT [ALSO]: sets strace_argv to strace as mountlab runs commands (its
# syscalls, and ALSO, comma-separated), the trace written to OUT. An argv, not a function, so that
# `"${strace_argv[@]}" … &` leaves $! naming strace itself.
strace_as_mountlab() {
  strace_argv=(strace -f -qq -e signal=none -e trace="$MOUNTLAB_SYSCALLS${2:+,$2}" -o "$1")
}

# TRACE_ALL=1 runs every command (not the checks) under strace -f as mountlab runs them: the
# bench's "baseline, all traced" column, how much of mountlab's time strace's stops take.
tracer=()
if [ -n "${TRACE_ALL:-}" ]; then strace_as_mountlab /dev/null; tracer=("${strace_argv[@]}"); fi

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
# look_in PID CHECK...: a check (mountpoint, findmnt, test) in a window's mount namespace, untraced.
look_in() { local pid=$1; shift; nsenter -t "$pid" -m "$@"; }
# A window's mount table as mountlab notes it: mount point, source, type, propagation.
table_of() { findmnt --task "$1" -rn -o TARGET,SOURCE,FSTYPE,PROPAGATION; }

# --- The VM-only features (container-mounts, lsm-denials) run in the lab VM's root namespace, as
# their scenarios do; mountlab resets the VM after each scenario, the baseline cleans up instead.

# Their scripts change the machine's own root namespace and containers: only in a lab VM, whose
# bench run (vmBaseline in bench/bench.ts) says so.
only_in_lab_vm() {
  if [ "${MOUNTLAB_BASELINE_IN_LAB_VM:-}" != 1 ]; then
    echo "$0 changes the machine's root namespace, runc and Docker containers: it runs only in the lab VM, as npm run bench runs it (MOUNTLAB_BASELINE_IN_LAB_VM=1)" >&2
    exit 2
  fi
  docker_before=$(docker ps -aq | sort | tr '\n' ' ')
}

# root_scenario NAME FUNC: runs FUNC in a subshell of the root namespace, then `clean_up` (each
# script defines it); the script stops if FUNC fails. ONLY=FUNC runs that scenario alone.
root_scenario() {
  scenario_name=$1
  [ -z "${ONLY:-}" ] || [ "$ONLY" = "$2" ] || return 0
  ( "$2" ) || { clean_up; echo "scenario failed: $scenario_name" >&2; exit 1; }
  clean_up
}

# remove_containers RUNC_NAME...: those runc containers (before their units stop: a container's
# init, PID 1 of its namespace, ignores the unit's SIGTERM), then the Docker containers made since
# the script began (only_in_lab_vm noted those there before).
remove_containers() {
  local c
  for c in "$@"; do if runc state "$c" >/dev/null 2>&1; then runc delete -f "$c"; fi; done
  for c in $(docker ps -aq); do
    [[ " $docker_before " == *" $c "* ]] || docker rm -f "$c" >/dev/null
  done
}

# The busybox bundle both features start from, made as their Backgrounds make it.
BUSYBOX_BUNDLE='mkdir -p /srv/bundle/rootfs/bin
cp /bin/busybox /srv/bundle/rootfs/bin/
chroot /srv/bundle/rootfs /bin/busybox --install -s /bin
cd /srv/bundle && runc spec'

# on_terminal CMD: CMD as a command line run on a terminal of its own (script(1)), for the
# `docker run -t` a feature types into a window.
on_terminal() { printf 'script -qec %q /dev/null' "$1"; }

# The trace file of traced and traced_containerd: one per shell, removed when it exits.
trace_file() {
  [ -n "${trace:-}" ] || { trace=$(mktemp -t trace.XXXXXX); trap 'rm -f "$trace"' EXIT; }
}
# traced CMD [ALSO]: runs CMD under strace -f as mountlab does (ALSO: more syscalls, as
# `tracing openat too`); sets status, out and the trace file.
traced() {
  trace_file
  strace_as_mountlab "$trace" "${2:-}"
  out=$("${strace_argv[@]}" bash -c "$1" 2>&1) && status=0 || status=$?
}
# traced_containerd CMD [ALSO]: runs CMD while strace -f follows containerd.service, as "with
# containerd traced" does (docker run only asks containerd; its shim starts runc).
traced_containerd() {
  trace_file
  local pid strace_pid; pid=$(systemctl show -P MainPID containerd.service)
  [ "${pid:-0}" -gt 0 ] || fail "containerd.service has no main process"
  strace_as_mountlab "$trace" "${2:-}"
  "${strace_argv[@]}" -p "$pid" </dev/null >/dev/null 2>&1 &
  strace_pid=$!
  until grep -q '^TracerPid:[[:space:]]*[1-9]' "/proc/$pid/status"; do
    kill -0 "$strace_pid" 2>/dev/null || fail "strace could not attach to containerd (PID $pid)"
    sleep 0.01
  done
  out=$("${tracer[@]}" bash -c "$1" 2>&1) && status=0 || status=$?
  kill -INT "$strace_pid"; wait "$strace_pid" || true
}
succeeded() { [ "$status" = 0 ] || fail "failed ($status): $out"; }
failed() { [ "$status" != 0 ] || fail "succeeded: $out"; }
output_has() { grep -qF -- "$1" <<<"$out" || fail "output lacks '$1': $out"; }
# The trace with each call whole: strace -f splits a call that another thread interrupts into
# "NAME(args <unfinished ...>" and "<... NAME resumed>rest"; joined here by PID.
whole_calls() {
  awk '/ <unfinished \.\.\.>$/ { sub(/ <unfinished \.\.\.>$/, ""); open[$1] = $0; next }
       /^[0-9]+ +<\.\.\. [a-z0-9_]+ resumed>/ { p = $1; sub(/^[0-9]+ +<\.\.\. [a-z0-9_]+ resumed>/, ""); print open[p] $0; delete open[p]; next }
       { print }' "$trace"
}
# result_is LINE WHAT ERRNO|ok: the call on LINE returned 0, or -1 with ERRNO.
result_is() {
  case $3 in
    ok) grep -q ' = 0$' <<<"$1" || fail "$2 did not succeed: $1" ;;
    *) grep -q " = -1 $3 " <<<"$1" || fail "$2 did not fail with $3: $1" ;;
  esac
}
# syscall_on SYSCALL PATH ERRNO|ok: the last call of SYSCALL naming PATH in the trace.
syscall_on() { result_is "$(whole_calls | grep -E "^[0-9]+ +$1\([^)]*\"$2\"" | tail -1)" "$1 on $2" "$3"; }
# syscall_is SYSCALL ERRNO|ok: the last call of SYSCALL in the trace.
syscall_is() { result_is "$(whole_calls | grep -E "^[0-9]+ +$1\(" | tail -1)" "$1" "$2"; }
calls() { # SYSCALL N: exactly N calls of SYSCALL in the trace
  local n; n=$(whole_calls | grep -cE "^[0-9]+ +$1\(")
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
# remove_tree DIR: unmounts what is mounted at or under DIR (deepest first), then removes DIR: a
# container run without a mount namespace leaves its /proc, /sys and /dev mounted in the root
# namespace. DIR must be an absolute path below /.
remove_tree() {
  [[ $1 == /?* && $1 != *//* && $1 != */ ]] || fail "remove_tree: '$1' is not a directory below /"
  findmnt -rn -o TARGET | awk -v d="$1" '$0 == d || index($0, d "/") == 1' | sort -r | while read -r m; do
    umount -l "$(printf '%b' "$m")" 2>/dev/null || true # findmnt -r writes a space as \x20
  done
  rm -rf --one-file-system "$1"
}
runc_pid() { runc state "$1" | jq .pid; }
docker_pid() { docker inspect -f '{{.State.Pid}}' "$1"; }
