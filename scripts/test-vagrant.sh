#!/usr/bin/env bash
# npm run test:vagrant (the last part of npm test, as root): the vagrant target from start to end.
#   1. scripts/vagrant-setup.sh: packages if missing, virtlogd/libvirtd if not answering, the lab's
#      libvirt pool and network
#   2. two features on the vagrant target (vagrant up of the lab box, ssh2, snapshot restores for
#      the root-namespace scenarios, vagrant destroy), then no scenario may have been skipped
#   3. whatever happened: a machine left in lab/.vagrant destroyed, a check that no libvirt
#      domain is left, then vagrant-setup.sh --stop (the pool and network it defined removed,
#      the daemons it started stopped by PID)
# Every line is printed with the seconds since the start, so a CI log shows where the time went.
# The box boots with Docker masked (MOUNTLAB_VAGRANT_MASK, lab/Vagrantfile): these features do not
# use it, and under TCG dockerd importing its base image takes a vCPU for minutes after the boot.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
[ "$(id -u)" = 0 ] || { echo "test:vagrant: run as root (libvirtd, its bridge, the VM)" >&2; exit 1; }
features=(features/privatetmp.feature features/bind-propagation.feature)
export MOUNTLAB_VAGRANT_MASK=${MOUNTLAB_VAGRANT_MASK-docker.service docker.socket containerd.service mountlab-docker-base.service}
t0=${EPOCHREALTIME//[.,]/}
elapsed() { local d=$(( (${EPOCHREALTIME//[.,]/} - t0) / 100000 )); printf '%5d.%d s' $((d / 10)) $((d % 10)); }
step() { echo "== test:vagrant [$(elapsed)] $*"; }
stamp() { local line; while IFS= read -r line; do echo "[$(elapsed)] $line"; done; }

finish() {
  local rc=$?
  # The target destroys its machine at the end of the run; a run killed half-way does not.
  if [ -s lab/.vagrant/machines/default/libvirt/id ]; then
    step "a machine is left in lab/.vagrant: scripts/vagrant-lab.sh destroy -f"
    scripts/vagrant-lab.sh destroy -f 2>&1 | stamp || rc=1
  fi
  if command -v virsh >/dev/null && timeout 10 virsh -c qemu:///system version --daemon >/dev/null 2>&1; then
    left=$(virsh -c qemu:///system list --all --name | sed '/^$/d' | tr '\n' ' ')
    if [ -n "$left" ]; then echo "test:vagrant: libvirt domains left behind: $left" >&2; rc=1; fi
  fi
  step "scripts/vagrant-setup.sh --stop"
  scripts/vagrant-setup.sh --stop 2>&1 | stamp || rc=1
  step "done (exit $rc)"
  exit "$rc"
}
trap finish EXIT

step "scripts/vagrant-setup.sh"
scripts/vagrant-setup.sh 2>&1 | stamp
step "npm run lab -- --target vagrant --profile ci ${features[*]}"
node support/lab.mjs --target vagrant --profile ci "${features[@]}" 2>&1 | stamp
npx tsx src/cli/no-skips.ts reports/vagrant/messages.ndjson
