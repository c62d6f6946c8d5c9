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

# Like mountlab's "When I run …", "Then it succeeds".
run() { bash -ec "$1" || fail "command failed: $1"; }
# "Then it fails with ERRNO" and "the SYSCALL syscall fails with ERRNO", through strace as mountlab does.
run_fails_with() { # CMD SYSCALL ERRNO
  local trace; trace=$(mktemp /tmp/trace.XXXXXX)
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
in_window() { local pid=$1; shift; nsenter -t "$pid" -m "$@"; }
# A window's mount table as mountlab notes it: mount point, source, type, propagation.
table_of() { findmnt --task "$1" -rn -o TARGET,SOURCE,FSTYPE,PROPAGATION; }
