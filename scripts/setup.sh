#!/bin/sh
# Installs what mountlab needs on a fresh Debian or Ubuntu machine, then its npm dependencies.
#   sh scripts/setup.sh test   what `npm test` needs: the sandbox target, a loopback sshd for the
#                              ssh tests, qemu with the image builder's tools for the VM suite, and
#                              vagrant + vagrant-libvirt + libvirt for the vagrant target's run
#   sh scripts/setup.sh lab    what `npm run lab` needs (the same today)
set -eu
mode=${1:-test}
case "$mode" in
  test|lab) ;;
  *) echo "usage: sh scripts/setup.sh test|lab" >&2; exit 2 ;;
esac

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "mountlab setup needs root to install packages: run it as root or install sudo" >&2; exit 1
  fi
}

# The sandbox target and the tests: namespaces, strace, capsh, mkfs, sshd for the ssh tests.
packages="util-linux strace bash procps libcap2-bin e2fsprogs openssh-server openssh-client sudo python3 ca-certificates"
# The lab VM: image builder and qemu (lab/image/build.sh checks these again).
packages="$packages mmdebstrap qemu-system-x86 qemu-utils cpio xz-utils zstd gzip"
# npm ci compiles node-pty (it ships no Linux prebuild) with node-gyp: make, a C++ compiler, python3.
packages="$packages make g++"


# shellcheck disable=SC2086
missing=$(sh "$(dirname "$0")/missing-packages.sh" $packages)
if [ -n "$missing" ]; then
  echo "mountlab setup: installing $missing"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  # shellcheck disable=SC2086
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

# npm test also runs features on the vagrant target (npm run test:vagrant): vagrant, vagrant-libvirt
# and libvirt, installed by vagrant-setup.sh (test:vagrant starts and stops its daemons).
if [ "$mode" = test ]; then as_root bash "$(dirname "$0")/vagrant-setup.sh" --install; fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
