#!/usr/bin/env bash
# Builds the lab's minimal initrd: static busybox, the modules the root disk needs (virtio_pci,
# virtio_blk, ext4 and their dependencies, uncompressed), and an /init that mounts /dev/vda
# and switch_roots to systemd. Faster under TCG than Debian's initramfs-tools image.
#   make-initrd.sh ROOTFS KERNEL_RELEASE OUTFILE
# A kernel command line with "mountlab.probe" makes /init print "mountlab-probe-ok" and power
# off at once (used to test whether KVM really runs a guest).
set -euo pipefail
trap 'echo "make-initrd.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
R=${1:?rootfs}; KVER=${2:?kernel release}; OUTFILE=${3:?output}
MODDIR=$R/lib/modules/$KVER
WANT=(virtio_pci virtio_blk crc32c_generic ext4)

tree=$(mktemp -d); trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/{bin,dev,proc,sys,newroot,lib/modules}
cp "$R/bin/busybox" "$tree/bin/busybox"
for app in sh mount umount insmod switch_root sleep cat echo poweroff findfs mkdir; do ln -s busybox "$tree/bin/$app"; done

# modules.dep: "kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko ..." (possibly .ko.xz / .ko.zst)
declare -A path_of loaded
while IFS= read -r line; do
  mod=${line%%:*}; name=$(basename "$mod"); name=${name%%.ko*}; name=${name//-/_}
  path_of[$name]=$mod
done < "$MODDIR/modules.dep"
deps_of() { grep -m1 "^$1:" "$MODDIR/modules.dep" | cut -d: -f2; }
order=()
add() { # name
  local name=${1//-/_}
  [ -z "${loaded[$name]:-}" ] || return 0
  loaded[$name]=1
  local mod=${path_of[$name]:-}
  if [ -z "$mod" ]; then
    grep -qE "/${name//_/[-_]}\.ko" "$MODDIR/modules.builtin" 2>/dev/null || echo "make-initrd: module $name not found (not built in either)" >&2
    return 0
  fi
  local dep
  for dep in $(deps_of "$mod" | tr ' ' '\n' | tac); do
    dep=$(basename "$dep"); add "${dep%%.ko*}"
  done
  local out=$tree/lib/modules/$name.ko
  case "$mod" in
    *.ko) cp "$MODDIR/$mod" "$out" ;;
    *.ko.xz) xz -dc "$MODDIR/$mod" > "$out" ;;
    *.ko.zst) zstd -qdc "$MODDIR/$mod" > "$out" ;;
    *.ko.gz) gzip -dc "$MODDIR/$mod" > "$out" ;;
    *) echo "make-initrd: unknown module format $mod" >&2; exit 1 ;;
  esac
  order+=("$name")
}
for m in "${WANT[@]}"; do add "$m"; done
printf '%s\n' "${order[@]}" > "$tree/modules"

cat > "$tree/init" <<'INIT'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
case " $(cat /proc/cmdline) " in *" mountlab.probe "*) echo mountlab-probe-ok; poweroff -f ;; esac
for m in $(cat /modules); do insmod "/lib/modules/$m.ko" || echo "initrd: insmod $m failed"; done
root=/dev/vda; mode=rw
for arg in $(cat /proc/cmdline); do
  case "$arg" in
    root=*) root=${arg#root=} ;;
    ro) mode=ro ;;
  esac
done
case "$root" in LABEL=*|UUID=*) dev=$(findfs "$root" 2>/dev/null) && root=$dev ;; esac
i=0; while [ ! -b "$root" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
if ! mount -t ext4 -o "$mode" "$root" /newroot; then
  echo "initrd: cannot mount $root; dropping to a shell"; exec sh
fi
mount --move /dev /newroot/dev
umount /sys /proc
exec switch_root /newroot /sbin/init
INIT
chmod 755 "$tree/init"
# /dev/console (char 5:1, which the kernel opens for init's stdio) cannot be made with mknod
# without root; a second newc archive appended by hand carries it (the kernel unpacks
# concatenated archives in turn; see Documentation/driver-api/early-userspace/buffer-format.rst).
pad4() { local n=$(( (4 - $1 % 4) % 4 )); while [ "$n" -gt 0 ]; do printf '\0'; n=$((n - 1)); done; }
console_cpio() {
  local name=dev/console
  # magic, ino, mode (020600: char device rw-------), uid, gid, nlink, mtime, filesize,
  # devmajor, devminor, rdevmajor (5), rdevminor (1), namesize (with its NUL), check
  printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
    1 $((8#020600)) 0 0 1 0 0 0 0 5 1 $(( ${#name} + 1 )) 0
  printf '%s\0' "$name"
  pad4 $(( 110 + ${#name} + 1 ))   # header and name end on a multiple of 4
  local trailer=TRAILER!!!
  printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' 0 0 0 0 1 0 0 0 0 0 0 $(( ${#trailer} + 1 )) 0
  printf '%s\0' "$trailer"
  pad4 $(( 110 + ${#trailer} + 1 ))
}
{
  (cd "$tree" && find . -print0 | LC_ALL=C sort -z | cpio --quiet -o -0 -H newc -R 0:0)
  console_cpio
} > "$OUTFILE"
