#!/bin/bash
# Baseline of features/privatetmp.feature, its local scenarios (the systemd Rule is VM only).
. "$(dirname "$0")/lib.sh"

background() {
  run 'mkdir /tmp/parent /tmp/parent-backing; mount --bind --make-private /tmp/parent-backing /tmp/parent
    mkdir /tmp/testmount /tmp/parent/mnt; mount --bind --make-private /tmp/testmount /tmp/parent/mnt'
  propagation /tmp/parent/mnt private; propagation /tmp/parent private
}
copy_kept() { # PARENT yes|no
  background; run "mount --make-$1 /tmp/parent"
  local w; w=$(window unshare -m --propagation unchanged sleep infinity)
  [ "$(look_in "$w" findmnt -no PROPAGATION --mountpoint /tmp/parent)" = "$1" ] || fail "parent not $1 in window"
  look_in "$w" mountpoint -q /tmp/parent/mnt || fail "no copy in window"
  run 'umount /tmp/parent/mnt'; not_mount /tmp/parent/mnt
  if [ "$2" = yes ]; then look_in "$w" mountpoint -q /tmp/parent/mnt || fail "copy gone"
  else ! look_in "$w" mountpoint -q /tmp/parent/mnt || fail "copy kept"; fi
}
rmdir_ebusy() {
  background; window unshare -m sleep infinity >/dev/null
  run_fails_with 'rmdir /tmp/parent/mnt' rmdir EBUSY
  run 'umount /tmp/parent/mnt'; run 'rmdir /tmp/parent/mnt' # succeeds from 3.18
}
rmdir_detaches() {
  background; local w; w=$(window unshare -m sleep infinity)
  run 'umount /tmp/parent/mnt; rmdir /tmp/parent/mnt'
  ! look_in "$w" mountpoint -q /tmp/parent/mnt || fail "copy still there"
  ! look_in "$w" grep -q /tmp/parent/mnt /proc/self/mounts || fail "copy in /proc/self/mounts"
}
mountflags_slave() {
  background; local w; w=$(window unshare -m --propagation unchanged sleep infinity)
  in_window "$w" mount --make-rslave / || fail "make-rslave"
  slave_of / / "$w"
  in_window "$w" bash -c 'mkdir /tmp/container && mount -t tmpfs container /tmp/container' || fail "mount in daemon"
  look_in "$w" mountpoint -q /tmp/container || fail "not in daemon"; not_mount /tmp/container
  run 'mkdir -p /srv/content && mount -t tmpfs fileserver /srv/content && touch /srv/content/from-host'
  look_in "$w" mountpoint -q /srv/content || fail "content not in daemon"
  look_in "$w" test -e /srv/content/from-host || fail "file not in daemon"
}
mountflags_private() {
  background; local w; w=$(window unshare -m --propagation private sleep infinity)
  run 'mkdir -p /srv/content && mount -t tmpfs fileserver /srv/content && touch /srv/content/from-host'
  is_mount /srv/content
  ! look_in "$w" mountpoint -q /srv/content || fail "content in daemon"
  ! look_in "$w" test -e /srv/content/from-host || fail "file in daemon"
}
rslave_gives_private() {
  background; local w; w=$(window unshare -m sleep infinity)
  in_window "$w" mount --make-rslave / || fail "make-rslave"
  [ "$(look_in "$w" findmnt -no PROPAGATION --mountpoint /)" = private ] || fail "/ not private in daemon"
  propagation / shared
}

if [ "${1:-}" = --in-sandbox ]; then shift; in_sandbox "$@"; exit; fi
scenario 'copy kept under private parent' copy_kept private yes
scenario 'copy goes under shared parent' copy_kept shared no
scenario 'rmdir EBUSY' rmdir_ebusy
scenario 'rmdir detaches the copy' rmdir_detaches
scenario 'MountFlags=slave' mountflags_slave
scenario 'MountFlags=private' mountflags_private
scenario 'unshare -m then rslave is private' rslave_gives_private
