#!/bin/sh
# Lets USER run the lab VM without root (called by setup.sh; uses sudo when not root):
#   sh scripts/lab-user.sh USER
# - subordinate uid and gid ranges (65536 ids each) in /etc/subuid and /etc/subgid, if USER has
#   none: lab/image/build.sh runs mmdebstrap --mode=unshare, whose user namespace maps uid 0 to
#   the first of them (the rootfs's files are owned by those ids until mkfs.ext4 copies them)
# - the kvm group, where /dev/kvm exists, so qemu may use KVM
# Prints one line per change; nothing when there is nothing to do.
set -eu
user=${1:?user}
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
has_range() { grep -q "^$user:" "$1" 2>/dev/null || grep -q "^$(id -u "$user"):" "$1" 2>/dev/null; }

if ! has_range /etc/subuid || ! has_range /etc/subgid; then
  # the first id above every range given so far (100000 when there is none, as useradd does)
  start=$(cat /etc/subuid /etc/subgid 2>/dev/null | awk -F: 'BEGIN { m = 100000 } NF >= 3 { e = $2 + $3; if (e > m) m = e } END { print m }')
  end=$((start + 65535))
  as_root touch /etc/subuid /etc/subgid
  has_range /etc/subuid || as_root usermod --add-subuids "$start-$end" "$user"
  has_range /etc/subgid || as_root usermod --add-subgids "$start-$end" "$user"
  echo "gave $user the subordinate ids $start-$end (/etc/subuid, /etc/subgid) for building the lab image without root"
fi

if [ -e /dev/kvm ] && getent group kvm >/dev/null && ! id -nG "$user" | tr ' ' '\n' | grep -qx kvm; then
  as_root usermod -a -G kvm "$user"
  echo "added $user to the kvm group (takes effect at the next login)"
fi
