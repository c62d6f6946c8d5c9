#!/bin/bash
# Baseline of features/userns-mount.feature, its local scenarios (block devices are VM only).
. "$(dirname "$0")/lib.sh"
u='setpriv --reuid=1000 --regid=1000 --clear-groups'
# Commands "in window" enter all the window's namespaces (user, mount, and ipc, pid, net).
in_userns() { local pid=$1; shift; "${tracer[@]}" nsenter -t "$pid" -a "$@"; }

root_inside() {
  local w; w=$(WINDOW_NS=user window $u unshare --user --map-root-user sleep infinity)
  local out; out=$(in_userns "$w" sh -c 'echo uid=$(id -u) map=$(awk "{print \$1 \":\" \$2 \":\" \$3}" /proc/self/uid_map)')
  [ "$out" = "uid=0 map=0:1000:1" ] || fail "got $out"
  [ "$(readlink /proc/$w/ns/user)" != "$(readlink /proc/self/ns/user)" ] || fail "same user namespace"
  in_userns "$w" capsh --print | grep -q "Current: =ep" || fail "not =ep"
}
plain_uid() {
  [ "$("${tracer[@]}" $u id -u)" = 1000 ] || fail "not uid 1000"
  ! "${tracer[@]}" $u capsh --print | grep -q "Current: =ep" || fail "uid 1000 has =ep"
  run_fails_with "$u mount -t tmpfs none /mnt" mount EPERM
}
may_mount() { # FS SOURCE UNSHARE_ARGS...
  local fs=$1 src=$2; shift 2
  local w; w=$(window $u unshare --user --map-root-user --mount "$@" sleep infinity)
  if [ "$fs" = proc ]; then # with --fork the new PID namespace holds unshare's child
    while [ -z "$(cat /proc/$w/task/$w/children)" ]; do sleep 0.01; done
    w=$(cat /proc/$w/task/$w/children); w=${w% }
  fi
  in_userns "$w" sh -c "mkdir -p /tmp/fs && mount -t $fs $src /tmp/fs" || fail "mount $fs"
  [ "$(findmnt --task "$w" -no FSTYPE --mountpoint /tmp/fs)" = "$fs" ] || fail "/tmp/fs not $fs in window"
  not_mount /tmp/fs
}
overlay() {
  local w; w=$(window unshare --user --map-root-user --mount sleep infinity)
  in_userns "$w" mkdir -p /tmp/o/lower /tmp/o/upper /tmp/o/work /tmp/o/merged || fail mkdir
  in_userns "$w" mount -t overlay overlay -o lowerdir=/tmp/o/lower,upperdir=/tmp/o/upper,workdir=/tmp/o/work /tmp/o/merged \
    || fail "overlay refused (kernel 5.11 or later expected here)"
}
bpf_refused() {
  local w; w=$(window unshare --user --map-root-user --mount sleep infinity)
  run_fails_with "nsenter -t $w -U -m sh -c 'mkdir -p /tmp/bpf && mount -t bpf bpf /tmp/bpf'" mount EPERM
  ! nsenter -t "$w" -a mountpoint -q /tmp/bpf || fail "bpf mounted"
}
locked() {
  run 'mkdir /tmp/locked && mount -t tmpfs -o ro locked /tmp/locked'
  local w; w=$(window unshare --user --map-root-user --mount sleep infinity)
  run_fails_with "nsenter -t $w -U -m umount /tmp/locked" umount2 EINVAL
  run_fails_with "nsenter -t $w -U -m mount -o remount,rw /tmp/locked" mount EPERM
  findmnt --task "$w" -no OPTIONS --mountpoint /tmp/locked | grep -q '^ro,' || fail "not read-only in window"
}
injected() {
  local w; w=$(window unshare --user --map-root-user --mount sleep infinity)
  run "nsenter -t $w -m mount -t tmpfs tmpfs /mnt"
  [ "$(findmnt --task "$w" -no SOURCE --mountpoint /mnt | tail -n1)" = tmpfs ] || fail "/mnt not from tmpfs in window"
  [ "$(findmnt -no SOURCE --mountpoint /mnt)" = bench ] || fail "/mnt not the sandbox's tmpfs"
}

if [ "${1:-}" = --in-sandbox ]; then shift; in_sandbox "$@"; exit; fi
scenario 'root inside a user namespace' root_inside
scenario 'uid 1000 may not mount' plain_uid
scenario 'tmpfs' may_mount tmpfs none
scenario 'ramfs' may_mount ramfs none
scenario 'devpts' may_mount devpts devpts
scenario 'mqueue' may_mount mqueue mqueue --ipc
scenario 'proc' may_mount proc proc --pid --fork
scenario 'sysfs' may_mount sysfs sysfs --net
scenario 'overlayfs from 5.11' overlay
scenario 'bpf refused' bpf_refused
scenario 'inherited mounts are locked' locked
scenario 'mount injected with nsenter' injected
