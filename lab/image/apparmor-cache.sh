#!/usr/bin/env bash
# mmdebstrap customize hook: precompiles the AppArmor policy cache for the image's kernel, so
# apparmor.service at boot loads the cache instead of compiling (seconds under TCG).
#   apparmor-cache.sh ROOTFS   (mmdebstrap has /proc mounted in ROOTFS while hooks run)
# The kernel's feature set comes from apparmor-features/<major.minor>, captured from a booted VM
# (cat /var/cache/apparmor/*/.features). Without one the VM compiles at boot as usual; if the
# file does not match the kernel, apparmor_parser sees another hash and recompiles: no harm.
set -euo pipefail
R=${1:?rootfs}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for kdir in "$R"/lib/modules/*/; do
  kver=$(basename "$kdir"); series=$(echo "$kver" | cut -d. -f1,2)
  features=$HERE/apparmor-features/$series
  if [ ! -f "$features" ]; then
    echo "apparmor-cache: no feature file for kernel $series; the VM compiles its policy at boot"
    continue
  fi
  cp "$features" "$R/tmp/apparmor-features"
  chroot "$R" apparmor_parser --features-file /tmp/apparmor-features --cache-loc /var/cache/apparmor \
    --write-cache --skip-kernel-load --quiet /etc/apparmor.d/
  rm -f "$R/tmp/apparmor-features"
  echo "apparmor-cache: compiled for $series into $(ls -d "$R"/var/cache/apparmor/*/ | sed "s|^$R||")"
done
