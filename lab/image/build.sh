#!/usr/bin/env bash
# Builds the mountlab lab VM image from Debian packages (Debian 12 userland, a chosen kernel):
#   lab/build/mountlab-<kernel>/{disk.qcow2,vmlinuz,initrd,id_ed25519{,.pub},known_hosts,manifest.json,mountlab.box}
#
#   lab/image/build.sh [--kernel bookworm|bullseye|trixie] [--refresh] [--no-box] [--extra pkg,pkg]
#                      [--mirror URL] [--security-mirror URL] [--disk-size 4G] [--cache DIR] [--keep-rootfs]
#
# Downloaded .debs and apt indexes are kept under lab/cache/; once they are there a rebuild does
# not touch the mirror (--refresh fetches new indexes, e.g. for security updates).
# Runs as an ordinary user (mmdebstrap --mode=unshare: needs uidmap and the user's ranges in
# /etc/subuid and /etc/subgid, which `sudo sh scripts/setup.sh lab` gives) or as root (--mode=root,
# which also installs missing host packages with apt). Files holding a private key (the lab key,
# the disk, the box) are written 0600 in a 0700 directory, whatever the umask (private-files.sh).
set -euo pipefail
trap 'echo "build.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

KERNEL_SUITE=bookworm
MIRROR=http://deb.debian.org/debian
SECURITY_MIRROR=http://deb.debian.org/debian-security
REFRESH=0
MAKE_BOX=1
KEEP_ROOTFS=0
DISK_SIZE=4G
EXTRA=
CACHE_DIR=

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --kernel) KERNEL_SUITE=${2:?}; shift 2 ;;
    --kernel=*) KERNEL_SUITE=${1#*=}; shift ;;
    --mirror) MIRROR=${2:?}; shift 2 ;;
    --security-mirror) SECURITY_MIRROR=${2:?}; shift 2 ;;
    --refresh) REFRESH=1; shift ;;
    --no-box) MAKE_BOX=0; shift ;;
    --keep-rootfs) KEEP_ROOTFS=1; shift ;;
    --disk-size) DISK_SIZE=${2:?}; shift 2 ;;
    --cache) CACHE_DIR=${2:?}; shift 2 ;;
    --extra) EXTRA=${2:?}; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "build.sh: unknown argument: $1" >&2; usage ;;
  esac
done
case "$KERNEL_SUITE" in bookworm|bullseye|trixie) ;; *) echo "build.sh: --kernel must be bookworm, bullseye or trixie" >&2; exit 2 ;; esac
# the rootfs gets the modes its packages and configure-rootfs.sh give, whatever the caller's umask
umask 022
ROOTLESS=0; [ "$(id -u)" = 0 ] || ROOTLESS=1
SETUP_HINT="run 'sudo sh scripts/setup.sh lab' once (it installs the packages and gives $(id -un) subordinate ids)"
if [ "$ROOTLESS" = 1 ]; then
  # mmdebstrap --mode=unshare maps uid 0 of a user namespace to the user's first subordinate range
  for tool in newuidmap newgidmap; do
    command -v "$tool" >/dev/null || { echo "build.sh: building as $(id -un) needs $tool (package uidmap): $SETUP_HINT" >&2; exit 1; }
  done
  for f in /etc/subuid /etc/subgid; do
    grep -q "^$(id -un):" "$f" 2>/dev/null || { echo "build.sh: $(id -un) has no subordinate ids in $f: $SETUP_HINT" >&2; exit 1; }
  done
fi

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB=$(cd "$HERE/.." && pwd)
NAME=mountlab-$KERNEL_SUITE
OUT=$LAB/build/$NAME
CACHE=$(realpath -m "${CACHE_DIR:-$LAB/cache}")
if [ "$ROOTLESS" = 0 ]; then
  WORK=$LAB/build/.work-$NAME
else
  # uid 0 of the namespace is an outside uid of its own ("others" to this user's files): the
  # rootfs and the hook scripts sit where it can reach them even when the home is 0750 or 0700
  WORK=/var/tmp/mountlab-build-$NAME-$(id -u)
  if [ -L "$WORK" ] || { [ -e "$WORK" ] && [ ! -O "$WORK" ]; }; then
    echo "build.sh: $WORK exists and is not $(id -un)'s directory; remove it" >&2; exit 1
  fi
fi
ROOTFS=$WORK/rootfs
HOOKS=$WORK/image
if [ "$ROOTLESS" = 1 ]; then
  # an image built as root before: its files (the key above all) are root's alone
  for d in "$LAB/build" "$OUT" "$OUT/id_ed25519"; do
    if [ -e "$d" ] && [ ! -O "$d" ]; then
      echo "build.sh: $d belongs to $(stat -c %U "$d") (an image built as root?), not to $(id -un): give it back with sudo chown -R $(id -un): $LAB/build (or remove it)" >&2
      exit 1
    fi
  done
fi
START=$(date +%s)
RECIPE=$("$HERE/recipe-id.sh")

log() { printf '[build %3ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

# --- host prerequisites ---------------------------------------------------------------------
need=()
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v qemu-img >/dev/null || need+=(qemu-utils)
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v mkfs.ext4 >/dev/null || need+=(e2fsprogs)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
command -v cpio >/dev/null || need+=(cpio)
command -v xz >/dev/null || need+=(xz-utils)
command -v zstd >/dev/null || need+=(zstd)
command -v gzip >/dev/null || need+=(gzip)
if [ ${#need[@]} -gt 0 ] && [ "$ROOTLESS" = 1 ]; then
  echo "build.sh: missing host packages: ${need[*]}: $SETUP_HINT" >&2; exit 1
fi
if [ ${#need[@]} -gt 0 ]; then
  log "installing host packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_opts=(-o DPkg::Lock::Timeout=600)
  # apt-get update only when the indexes are missing or a first install attempt fails
  apt-get "${apt_opts[@]}" install -y --no-install-recommends "${need[@]}" >/dev/null 2>&1 || {
    apt-get "${apt_opts[@]}" update -qq
    apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${need[@]}"
  }
fi

# --- safety: never rm -rf through a mount ---------------------------------------------------
mounts_under() { # prints mount points at or below $1 (from our own mount table)
  local dir; dir=$(realpath -m "$1")
  awk -v d="$dir" '{ p=$5; gsub(/\\040/," ",p); if (p==d || index(p, d"/")==1) print p }' /proc/self/mountinfo
}
# runs a command as root of the build: uid 0 itself, or uid 0 of mmdebstrap's user namespace
# (same id map as --mode=unshare), which owns the rootfs's files and may remove them
as_build_root() {
  if [ "$ROOTLESS" = 1 ]; then mmdebstrap --unshare-helper "$@"; else "$@"; fi
}
remove_tree() {
  local dir=$1
  [ -e "$dir" ] || return 0
  local m; m=$(mounts_under "$dir")
  if [ -n "$m" ]; then
    # only mmdebstrap (started by this script) mounts there; undo what an interrupted run left
    sort -r <<<"$m" | while read -r p; do umount -l "$p" || true; done
    m=$(mounts_under "$dir")
    [ -z "$m" ] || { echo "build.sh: refusing to remove $dir: still mounted: $m" >&2; return 1; }
  fi
  # rootless: the rootfs's files belong to the namespace's uids; its root empties it first
  [ "$ROOTLESS" = 0 ] || [ ! -d "$dir/rootfs" ] || as_build_root find "$dir/rootfs" -xdev -mindepth 1 -delete
  rm -rf --one-file-system "$dir"
}
cleanup() {
  local rc=$?
  if [ "$KEEP_ROOTFS" = 1 ] && [ $rc = 0 ]; then log "rootfs kept in $ROOTFS"; else remove_tree "$WORK" || true; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

remove_tree "$WORK"
mkdir -p "$WORK" "$OUT"
# everything the build writes is private to its user until made public on purpose
chmod 700 "$OUT"
chmod 711 "$WORK"
# the hooks run as the namespace's root: they read this copy, not lab/image/ in a private home
cp -r "$HERE" "$HOOKS"
# the cache: written (sync-out) when it is ours to write, else only read (a shared, read-only cache)
CACHE_RW=0
if mkdir -p "$CACHE/archives" "$CACHE/lists/$KERNEL_SUITE" 2>/dev/null && [ -w "$CACHE/archives" ] && [ -w "$CACHE/lists/$KERNEL_SUITE" ]; then
  CACHE_RW=1
else
  log "the apt cache $CACHE is read-only here: its .debs and indexes are used, new downloads are not kept"
fi
MODE=root; [ "$ROOTLESS" = 0 ] || MODE=unshare

# --- the lab's ssh key (made once, kept across builds) ----------------------------------------
if [ ! -s "$OUT/id_ed25519" ]; then
  rm -f "$OUT/id_ed25519" "$OUT/id_ed25519.pub"
  ssh-keygen -q -t ed25519 -N '' -C "$NAME lab key" -f "$OUT/id_ed25519"
fi
cp "$OUT/id_ed25519.pub" "$HOOKS/lab-key.pub"

# --- the package set -------------------------------------------------------------------------
packages=(
  systemd systemd-sysv udev dbus libpam-systemd
  openssh-server openssh-sftp-server sudo passwd
  util-linux mount procps psmisc mawk kmod iproute2 e2fsprogs dmsetup libcap2-bin
  strace apparmor apparmor-utils runc busybox-static jq
  docker.io
)
if [ "$KERNEL_SUITE" = bookworm ]; then packages+=(linux-image-amd64); else packages+=("linux-image-amd64/$KERNEL_SUITE"); fi
[ -z "$EXTRA" ] || packages+=(${EXTRA//,/ })

sources=(
  "deb $MIRROR bookworm main"
  "deb $MIRROR bookworm-updates main"
  "deb $SECURITY_MIRROR bookworm-security main"
)
if [ "$KERNEL_SUITE" != bookworm ]; then
  sources+=("deb $MIRROR $KERNEL_SUITE main" "deb $SECURITY_MIRROR $KERNEL_SUITE-security main")
fi

# the apt cache: .debs always, the indexes too (so a warm rebuild needs no mirror)
cache_in=(--setup-hook='mkdir -p "$1/var/cache/apt/archives" "$1/var/lib/apt/lists"')
if [ "$CACHE_RW" = 1 ]; then
  cache_in+=(--setup-hook="sync-in '$CACHE/archives' /var/cache/apt/archives/")
  cache_out=(--customize-hook="sync-out /var/cache/apt/archives '$CACHE/archives'")
else
  # sync-in would also read apt's lock and partial/, which are the cache owner's alone
  cache_in+=(--setup-hook="find '$CACHE/archives' -maxdepth 1 -name '*.deb' -exec cp -t \"\$1/var/cache/apt/archives/\" {} +")
  cache_out=()
fi
lists_in() { # the cached indexes of the suite, as hook arguments
  if [ "$CACHE_RW" = 1 ]; then
    echo "--setup-hook=sync-in '$CACHE/lists/$KERNEL_SUITE' /var/lib/apt/lists/"
  else
    echo "--setup-hook=find '$CACHE/lists/$KERNEL_SUITE' -maxdepth 1 -type f ! -name lock -exec cp -t \"\$1/var/lib/apt/lists/\" {} +"
  fi
}
cached_lists=0
if [ "$REFRESH" = 0 ] && [ -n "$(ls "$CACHE/lists/$KERNEL_SUITE"/*_Packages* 2>/dev/null)" ]; then cached_lists=1; fi

# 1: what to build; 2: 1 = use the cached apt indexes; 3: log file; 4...: mmdebstrap arguments
# (a failure with the cached indexes, e.g. a .deb they name that is neither cached nor on the
# mirror any more, is retried with fresh ones)
run_mmdebstrap() {
  local what=$1 cached=$2 logfile=$3; shift 3
  local extra=()
  if [ "$cached" = 1 ]; then
    log "mmdebstrap $what, cached apt indexes ($CACHE/lists/$KERNEL_SUITE; --refresh updates them)"
    extra=("$(lists_in)" --skip=update)
  else
    log "mmdebstrap $what, fresh apt indexes from $MIRROR"
  fi
  if mmdebstrap --mode="$MODE" "${cache_in[@]}" "${extra[@]}" "$@" > "$logfile" 2>&1; then return 0; fi
  tail -"$([ "$cached" = 1 ] && echo 5 || echo 40)" "$logfile" >&2
  [ "$cached" = 1 ] || { echo "build.sh: mmdebstrap $what failed (log above)" >&2; exit 1; }
  log "mmdebstrap $what failed with the cached indexes; retrying with fresh ones"
  empty_rootfs
  run_mmdebstrap "$what" 0 "$logfile" "$@"
}
empty_rootfs() { # what a failed attempt left (rootless, its files are the namespace root's)
  if [ "$ROOTLESS" = 0 ]; then remove_tree "$ROOTFS"; elif [ -d "$ROOTFS" ]; then as_build_root find "$ROOTFS" -xdev -mindepth 1 -delete; fi
}
debs_before=$(find "$CACHE/archives" -maxdepth 1 -name '*.deb' | wc -l)

# --- Docker's base image: a Debian minbase root file system, imported at first boot -----------
# No registry is reachable, so the image the documents run (`docker run ubuntu ...`) is made here
# from the same cached .debs; mountlab-docker-base.service imports it as ubuntu:latest. It has
# what the documents' commands need: util-linux mount, bash, coreutils dd, e2fsprogs mkfs.ext3.
# Made first, as a tar this user owns; the main build uploads it into the rootfs.
run_mmdebstrap "minbase: the offline base image for docker import" "$cached_lists" "$WORK/mmdebstrap-base.log" \
  --variant=minbase --include=e2fsprogs --aptopt='Acquire::Languages "none"' \
  "${cache_out[@]}" \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/cache/apt/archives/*.deb "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/usr/share/locale/*' \
  bookworm "$WORK/docker-base.tar" "${sources[@]:0:3}"

mm_args=(--variant=apt --skip=essential/unlink --include="${packages[*]}" --aptopt='Acquire::Languages "none"')
if [ "$KERNEL_SUITE" != bookworm ]; then
  # only the kernel comes from the other suite
  mm_args+=(--setup-hook="mkdir -p \"\$1/etc/apt/preferences.d\" && printf 'Package: *\nPin: release n=$KERNEL_SUITE\nPin-Priority: 100\n\nPackage: *\nPin: release n=$KERNEL_SUITE-security\nPin-Priority: 100\n' > \"\$1/etc/apt/preferences.d/mountlab-kernel\"")
fi
# no initramfs-tools run at kernel install (slow, and the lab boots its own minimal initrd)
mm_args+=(--essential-hook='chroot "$1" dpkg-divert --quiet --local --rename --add /usr/sbin/update-initramfs && printf "#!/bin/sh\nexit 0\n" > "$1/usr/sbin/update-initramfs" && chmod 755 "$1/usr/sbin/update-initramfs"')
mm_args+=("${cache_out[@]}")
[ "$CACHE_RW" = 0 ] || mm_args+=(--customize-hook="sync-out /var/lib/apt/lists '$CACHE/lists/$KERNEL_SUITE'")
mm_args+=(--customize-hook="'$HOOKS/apparmor-cache.sh' \"\$1\"")
mm_args+=(--customize-hook='rm -f "$1/usr/sbin/update-initramfs" && chroot "$1" dpkg-divert --quiet --local --rename --remove /usr/sbin/update-initramfs')
# the image's apt knows bookworm only (the kernel suite was there for the kernel package)
if [ "$KERNEL_SUITE" != bookworm ]; then
  mm_args+=(--customize-hook="rm -f \"\$1/etc/apt/preferences.d/mountlab-kernel\" && sed -i -E '/ $KERNEL_SUITE(-security)? main/d' \"\$1/etc/apt/sources.list\"")
fi
mm_args+=(--customize-hook='mkdir -p "$1/var/lib/mountlab"' --customize-hook="upload '$WORK/docker-base.tar' /var/lib/mountlab/docker-base.tar")
# the rest of the configuration, as the build's root (chroot, useradd, systemctl enable, depmod)
mm_args+=(--customize-hook="'$HOOKS/configure-rootfs.sh' \"\$1\" '$NAME' '$HOOKS/lab-key.pub'")
run_mmdebstrap "bookworm (kernel from $KERNEL_SUITE)" "$cached_lists" "$WORK/mmdebstrap.log" "${mm_args[@]}" bookworm "$ROOTFS" "${sources[@]}"
rm -f "$WORK/docker-base.tar"

fetched=$(( $(find "$CACHE/archives" -maxdepth 1 -name '*.deb' | wc -l) - debs_before ))
if [ "$fetched" -gt 0 ]; then log "downloaded $fetched packages into $CACHE"; elif [ "$CACHE_RW" = 1 ]; then log "no package downloaded: all from $CACHE"; fi

# keep the cache bounded: drop .debs superseded by what this image installed (kernels stay)
[ "$CACHE_RW" = 0 ] || while IFS=' ' read -r pkg ver; do
  for deb in "$CACHE/archives/${pkg}_"*.deb; do
    [ -e "$deb" ] || continue
    v=$(basename "$deb" .deb); v=${v#"${pkg}_"}; v=${v%_*}; v=${v//%3a/:}
    if [ "$v" != "$ver" ] && dpkg --compare-versions "$v" lt "$ver"; then rm -f "$deb"; fi
  done
done < <(dpkg-query --admindir="$ROOTFS/var/lib/dpkg" -W -f '${Package} ${Version}\n' | grep -v '^linux-')

# --- kernel, initrd -------------------------------------------------------------------------
kver=$(basename "$(ls -d "$ROOTFS"/lib/modules/* | sort -V | tail -1)")
kpkg=$(dpkg-query --admindir="$ROOTFS/var/lib/dpkg" -W -f '${Version}' "linux-image-$kver")
log "kernel $kver ($kpkg): extracting vmlinux, building the initrd"
"$HERE/extract-vmlinux.sh" "$ROOTFS/boot/vmlinuz-$kver" > "$WORK/vmlinux" || {
  echo "build.sh: could not extract an uncompressed kernel; using the bzImage" >&2
  cp "$ROOTFS/boot/vmlinuz-$kver" "$WORK/vmlinux"; }
"$HERE/make-initrd.sh" "$ROOTFS" "$kver" "$WORK/initrd"
CMDLINE="root=/dev/vda rw console=ttyS0 quiet panic=1 apparmor=1"

# --- the image's name inside it: the ssh target's probe reads it (src/machine/capabilities.ts) ---
BUILT_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# as describeImageOf (src/image/catalogue.ts) writes it from the manifest: NAME-SERIES (DATE)
series=$(printf '%s' "$kver" | grep -oE '^[0-9]+\.[0-9]+')
as_build_root sh -c 'printf "%s\n" "$1" > "$2"' sh "$NAME-$series (${BUILT_AT%%T*})" "$ROOTFS/etc/mountlab-image"

# --- disk -----------------------------------------------------------------------------------
log "mkfs.ext4 -d (size $DISK_SIZE) and qemu-img convert"
uuid=$(printf '%s' "$NAME" | md5sum | sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/\1-\2-\3-\4-\5/')
# mkfs.ext4 -d copies each file's uid and gid as it sees them: it runs as the build's root, to
# which the rootfs's files belong (rootless, outside the namespace they are the subordinate uids
# 100000...; inside they are root's, as in the VM). The raw disk is this user's file; rootless, the
# namespace's root writes it as "others" (WORK is 0711 and the name unguessable) and it is made
# 0600 again at once: it holds the VM's ssh host key.
raw=$(mktemp -u "$WORK/disk.XXXXXXXXXX.raw")
truncate -s "$DISK_SIZE" "$raw"
chmod "$([ "$ROOTLESS" = 1 ] && echo 666 || echo 600)" "$raw"
as_build_root mkfs.ext4 -q -F -L mountlab -U "$uuid" -E lazy_itable_init=0,lazy_journal_init=0,root_owner=0:0 \
  -d "$ROOTFS" "$raw"
chmod 600 "$raw"
virtual_size=$(stat -c %s "$raw")

# --- manifest and known_hosts (moved into place together with the disk) ----------------------
host_fp=$(ssh-keygen -l -E sha256 -f "$ROOTFS/etc/ssh/ssh_host_ed25519_key.pub" | awk '{print $2}')
# for OpenSSH: ssh -o UserKnownHostsFile=known_hosts -o HostKeyAlias=$NAME -p PORT root@127.0.0.1
printf '%s %s\n' "$NAME" "$(cut -d' ' -f1,2 "$ROOTFS/etc/ssh/ssh_host_ed25519_key.pub")" > "$WORK/known_hosts"
{
  printf '{\n  "name": "%s",\n  "suite": "bookworm",\n  "kernelSuite": "%s",\n' "$NAME" "$KERNEL_SUITE"
  printf '  "kernelRelease": "%s",\n  "kernelPackageVersion": "%s",\n' "$kver" "$kpkg"
  printf '  "builtAt": "%s",\n  "recipe": "%s",\n  "hostKeySha256": "%s",\n' "$BUILT_AT" "$RECIPE" "$host_fp"
  printf '  "cmdline": "%s",\n  "diskVirtualSize": %s,\n  "users": ["root", "vagrant"],\n' "$CMDLINE" "$virtual_size"
  printf '  "packages": {\n'
  dpkg-query --admindir="$ROOTFS/var/lib/dpkg" -W -f '${db:Status-Abbrev} ${Package} ${Version}\n' \
    | awk '$1 == "ii" { printf "%s    \"%s\": \"%s\"", (n++ ? ",\n" : ""), $2, $3 } END { printf "\n" }'
  printf '  }\n}\n'
} > "$WORK/manifest.json"

rm -f "$OUT/disk.qcow2.tmp"
qemu-img convert -O qcow2 "$raw" "$OUT/disk.qcow2.tmp"
chmod 600 "$OUT/disk.qcow2.tmp"
rm -f "$raw"
# a new image invalidates the RAM snapshots made from the old one
rm -rf "$OUT/snapshots"
mv -f "$WORK/vmlinux" "$OUT/vmlinuz"
mv -f "$WORK/initrd" "$OUT/initrd"
mv -f "$OUT/disk.qcow2.tmp" "$OUT/disk.qcow2"
mv -f "$WORK/manifest.json" "$OUT/manifest.json"
mv -f "$WORK/known_hosts" "$OUT/known_hosts"

if [ "$MAKE_BOX" = 1 ]; then
  log "packing the Vagrant box (libvirt)"
  "$HERE/make-box.sh" "$OUT" "$CMDLINE" "$virtual_size"
else
  rm -f "$OUT/mountlab.box"   # it would hold another build's disk and keys
fi
# the key, the disk (the VM's host key) and the box (both) readable by their owner only
"$HERE/private-files.sh" set "$OUT"
"$HERE/private-files.sh" check "$OUT"

log "done: $OUT ($(du -sh --apparent-size "$OUT/disk.qcow2" | cut -f1) disk, kernel $kver)"
