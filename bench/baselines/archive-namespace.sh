#!/bin/bash
# Baseline of features/archive-namespace.feature: the same commands and checks, plain shell.
. "$(dirname "$0")/lib.sh"
v=/tmp/docker/c1/rootfs/var/lib/docker

background() {
  run 'mkdir /tmp/docker; mount -t tmpfs dockerroot /tmp/docker; mount --make-shared /tmp/docker
    mkdir -p /tmp/docker/c1/rootfs/var/lib/docker; mount --bind /tmp/docker/c1/rootfs /tmp/docker/c1/rootfs'
  c1=$(window unshare -m --propagation slave sleep infinity)
  in_window "$c1" mount --rbind /tmp/docker $v || fail "rbind in c1"
  count 4; noted=$(table_of "$c1"); [ -n "$noted" ] || fail "no table of c1"
}
count() { # N: mounts at or under /tmp/docker in window c1
  local n; n=$(awk '$5 == "/tmp/docker" || index($5, "/tmp/docker/") == 1' "/proc/$c1/mountinfo" | wc -l)
  [ "$n" = "$1" ] || fail "c1 shows $n mounts under /tmp/docker, not $1"
}
as_noted() { [ "$(table_of "$c1")" = "$noted" ] || fail "c1's table is not as noted"; }
not_as_noted() { [ "$(table_of "$c1")" != "$noted" ] || fail "c1's table is as noted"; }

spills() {
  background; run "mount --rbind /tmp/docker $v"; count 12
  run "umount -l $v"; not_as_noted
  ! look_in "$c1" mountpoint -q $v/c1/rootfs || fail "nested mount still there"
}
stops_changing() {
  background; run "mount --rbind /tmp/docker $v && umount -l $v"; not_as_noted
  noted=$(table_of "$c1")
  run "for i in 2 3 4 5; do mount --rbind /tmp/docker $v; umount -l $v; done"; as_noted
}
the_fix() {
  background; local own; own=$(table_of $$); [ -n "$own" ] || fail "no table"
  local a; a=$(window unshare -m --propagation unchanged sleep infinity)
  in_window "$a" mount --make-rslave / || fail "make-rslave"
  in_window "$a" mount -o rbind,rprivate /tmp/docker $v || fail "rbind,rprivate"
  look_in "$a" mountpoint -q $v || fail "not a mount point in archive"
  [ "$(findmnt --task "$a" -no PROPAGATION --mountpoint $v)" = private ] || fail "not private in archive"
  as_noted; [ "$(table_of $$)" = "$own" ] || fail "the sandbox's table changed"
}
fix_repeated() {
  background; local a; a=$(window unshare -m --propagation unchanged sleep infinity)
  in_window "$a" mount --make-rslave / || fail "make-rslave"
  in_window "$a" bash -c "for i in 1 2 3 4 5; do mount -o rbind,rprivate /tmp/docker $v && umount -l $v; done" || fail "repeat"
  as_noted
}

if [ "${1:-}" = --in-sandbox ]; then shift; in_sandbox "$@"; exit; fi
scenario 'spills into the container' spills
scenario 'stops changing after the first' stops_changing
scenario 'the fix' the_fix
scenario 'the fix repeated' fix_repeated
