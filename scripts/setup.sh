#!/bin/sh
# Installs what mountlab needs on a fresh Debian or Ubuntu machine, then its npm dependencies.
#   sh scripts/setup.sh test   what `npm test` needs: the local target (this computer), a loopback sshd for the
#                              ssh tests, qemu with the image builder's tools for the VM suite,
#                              headless chromium for the browser tests of the tree pictures, and
#                              vagrant + vagrant-libvirt + libvirt for the vagrant target's run
#   sh scripts/setup.sh lab    what `npm run lab` needs (the same, without chromium and vagrant)
# The one step that needs root (it uses sudo when run as an ordinary user). For the user who runs
# it (SUDO_USER under sudo) it also makes the lab VM work without root: subordinate uid and gid
# ranges in /etc/subuid and /etc/subgid (lab/image/build.sh builds with mmdebstrap --mode=unshare)
# and, where /dev/kvm exists, membership of the kvm group.
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

# The local target and the tests: namespaces, strace, capsh, mkfs, sshd for the ssh tests.
packages="util-linux strace bash procps libcap2-bin e2fsprogs openssh-server openssh-client sudo python3 ca-certificates"
# The workshop modes' tests drive a real terminal with tmux (test/workshop/).
packages="$packages tmux"
# The lab VM: image builder and qemu (lab/image/build.sh checks these again).
packages="$packages mmdebstrap qemu-system-x86 qemu-utils cpio xz-utils zstd gzip"
# npm ci compiles node-pty (it ships no Linux prebuild) with node-gyp: make, a C++ compiler, python3.
packages="$packages make g++"
# The image built by an ordinary user: newuidmap/newgidmap for mmdebstrap's user namespace.
packages="$packages uidmap"
# npm run bench (and its unit tests): peak memory beside the times, with GNU time's %M.
packages="$packages time"
# `npm test` only: the tree pictures checked in a real browser (test/workshop/, src/report/tree/),
# headless Debian chromium with fonts for the pictures' text.
if [ "$mode" = test ]; then packages="$packages chromium fonts-dejavu-core fonts-liberation"; fi


# shellcheck disable=SC2086
missing=$(sh "$(dirname "$0")/missing-packages.sh" $packages)
if [ -n "$missing" ]; then
  echo "mountlab setup: installing $missing"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  # shellcheck disable=SC2086
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

# The user the lab is for: the one who ran sudo, or the one running this; none when root logged in.
lab_user=${SUDO_USER:-}
[ -n "$lab_user" ] || [ "$(id -u)" -eq 0 ] || lab_user=$(id -un)
if [ -n "$lab_user" ] && [ "$lab_user" != root ]; then
  sh "$(dirname "$0")/lab-user.sh" "$lab_user" | while IFS= read -r line; do echo "mountlab setup: $line"; done
fi

# npm test also runs features on the vagrant target (npm run test:vagrant): vagrant, vagrant-libvirt
# and libvirt, installed by vagrant-setup.sh (test:vagrant starts and stops its daemons).
if [ "$mode" = test ]; then as_root bash "$(dirname "$0")/vagrant-setup.sh" --install; fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
