#!/bin/sh
# Keeps every file of a lab image that holds a private key readable by its owner only, whatever
# the umask it was written under:
#   private-files.sh set DIR     DIR 0700; id_ed25519 (the key that logs into the VM as root),
#                                disk.qcow2 and mountlab.box (the VM's ssh host key; the box holds
#                                id_ed25519 too) 0600; snapshots/ and runs/ (RAM snapshots and
#                                run overlays: the disk again, and the RAM) 0700 and 0600 throughout
#   private-files.sh check DIR   prints each of those others may read or enter; exit 1 if any
# build.sh sets then checks; the qemu driver makes runs and snapshots with these modes itself.
set -eu
action=${1:?set|check}; D=${2:?image dir}
[ -d "$D" ] || { echo "private-files.sh: no directory $D" >&2; exit 2; }
keys="id_ed25519 disk.qcow2 mountlab.box"
case "$action" in
  set)
    chmod 700 "$D"
    for f in $keys; do if [ -e "$D/$f" ]; then chmod 600 "$D/$f"; fi; done
    for sub in snapshots runs; do
      [ -d "$D/$sub" ] || continue
      find "$D/$sub" -type d -exec chmod 700 {} +
      find "$D/$sub" ! -type d ! -type l -exec chmod 600 {} +
    done
    ;;
  check)
    loose=$(
      find "$D" -maxdepth 0 -perm /077
      for f in $keys; do if [ -e "$D/$f" ]; then find "$D/$f" -perm /077; fi; done
      for sub in snapshots runs; do if [ -d "$D/$sub" ]; then find "$D/$sub" ! -type l -perm /077; fi; done
    )
    [ -n "$loose" ] || exit 0
    echo "$loose" | while IFS= read -r f; do
      echo "private-files.sh: $f is mode $(stat -c %a "$f"): others may read it (want 700 for a directory, 600 for a file)" >&2
    done
    exit 1
    ;;
  *) echo "usage: private-files.sh set|check DIR" >&2; exit 2 ;;
esac
