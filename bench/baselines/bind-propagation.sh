#!/bin/bash
# Baseline of features/bind-propagation.feature: the same commands and checks, plain shell.
. "$(dirname "$0")/lib.sh"

background() { run 'mkdir /tmp/a /tmp/b; mount --bind /tmp/a /tmp/a'; }

reaches() { # KIND is_mount|not_mount
  background
  run "mount --make-$1 /tmp/a; mount --bind /tmp/a /tmp/b; mkdir /tmp/a/sub; mount -t tmpfs sub /tmp/a/sub"
  propagation /tmp/a "$1"; "$2" /tmp/b/sub
}
peer_both_ways() {
  background
  run 'mount --make-shared /tmp/a; mount --bind /tmp/a /tmp/b; mkdir /tmp/b/from-b; mount -t tmpfs from-b /tmp/b/from-b'
  peers /tmp/a /tmp/b; is_mount /tmp/a/from-b
}
slave_one_way() {
  background
  run 'mount --make-shared /tmp/a; mount --bind /tmp/a /tmp/b; mount --make-slave /tmp/b
    mkdir /tmp/a/down /tmp/b/up; mount -t tmpfs down /tmp/a/down; mount -t tmpfs up /tmp/b/up'
  propagation /tmp/b private,slave; slave_of /tmp/b /tmp/a; is_mount /tmp/b/down; not_mount /tmp/a/up
}
shared_and_slave() {
  background
  run 'mount --make-shared /tmp/a; mount --bind /tmp/a /tmp/b; mount --make-slave /tmp/b; mount --make-shared /tmp/b'
  propagation /tmp/b shared,slave; slave_of /tmp/b /tmp/a; not_peers /tmp/a /tmp/b
}
unbindable() {
  background
  run 'mount --make-unbindable /tmp/a'; propagation /tmp/a private,unbindable
  run_fails_with 'mount --bind /tmp/a /tmp/b' mount EINVAL; not_mount /tmp/b
}
rbind_prunes() {
  background
  run 'mkdir /tmp/a/kept /tmp/a/skipped; mount -t tmpfs kept /tmp/a/kept; mount -t tmpfs skipped /tmp/a/skipped
    mount --make-unbindable /tmp/a/skipped; mount --rbind /tmp/a /tmp/b'
  is_mount /tmp/b/kept; not_mount /tmp/b/skipped
}
unshare_window() { # KIND is_mount|not_mount UNSHARE_ARGS...
  local kind=$1 check=$2; shift 2
  background; run 'mount --make-shared /tmp/a'
  local w; w=$(window unshare -m "$@" sleep infinity)
  [ "$(look_in "$w" findmnt -no PROPAGATION --mountpoint /tmp/a)" = "$kind" ] || fail "/tmp/a is not $kind in the window"
  run 'mkdir /tmp/a/later && mount -t tmpfs later /tmp/a/later'
  if [ "$check" = is_mount ]; then look_in "$w" mountpoint -q /tmp/a/later || fail "later not in window"
  else ! look_in "$w" mountpoint -q /tmp/a/later || fail "later in window"; fi
}
copy_is_peer() {
  background; run 'mount --make-shared /tmp/a'
  local w; w=$(window unshare -m --propagation unchanged sleep infinity)
  peers /tmp/a /tmp/a "$w"
  in_window "$w" bash -c 'mkdir /tmp/a/back && mount -t tmpfs back /tmp/a/back' || fail "mount in window"
  is_mount /tmp/a/back
}
no_move_under_shared() {
  background
  run 'mount --make-shared /tmp/a; mkdir /tmp/a/m /tmp/elsewhere; mount -t tmpfs m /tmp/a/m'
  run_fails_with 'mount --move /tmp/a/m /tmp/elsewhere' mount EINVAL; is_mount /tmp/a/m
}
escaped_space() {
  background
  run 'mkdir "/tmp/with space"; mount -t tmpfs spaced "/tmp/with space"; grep -qF "with\\040space" /proc/self/mountinfo'
  is_mount "/tmp/with space"; fstype "/tmp/with space" tmpfs
}

if [ "${1:-}" = --in-sandbox ]; then shift; in_sandbox "$@"; exit; fi
scenario 'shared reaches' reaches shared is_mount
scenario 'private never reaches' reaches private not_mount
scenario 'peer both ways' peer_both_ways
scenario 'slave one way' slave_one_way
scenario 'shared and slave' shared_and_slave
scenario 'unbindable' unbindable
scenario 'rbind prunes unbindable' rbind_prunes
scenario 'unshare -m drops' unshare_window private not_mount
scenario 'unshare -m keeps' unshare_window shared is_mount --propagation unchanged
scenario 'unshare -m makes slaves' unshare_window private,slave is_mount --propagation slave
scenario 'copy is a peer' copy_is_peer
scenario 'no move under shared' no_move_under_shared
scenario 'escaped space' escaped_space
