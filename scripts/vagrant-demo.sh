#!/usr/bin/env bash
# The vagrant target end to end on this machine, as root (docs/vagrant.md has a recorded run):
#   1. scripts/vagrant-setup.sh: install what is missing, start virtlogd/libvirtd if they are not
#      answering, define the lab's pool and network
#   2. test/vagrant/vagrant-demo.ts through the VagrantTarget: add the mountlab box (from
#      lab/build/mountlab-bookworm/mountlab.box) if needed, vagrant up, snapshot save, ssh2; run
#      commands; reset() (snapshot restore); run them again; stop() (vagrant destroy -f)
#   3. scripts/vagrant-setup.sh --stop: stop the lab network and the daemons step 1 started
#      (by PID), so the machine is left as it was found
# Output lines carry elapsed seconds; the whole run is also written to lab/vagrant/demo.log.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mkdir -p lab/vagrant
log=lab/vagrant/demo.log
t0=$(date +%s.%N)
elapsed() { echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.1f'; }

stopped=0
finish() {
  local rc=$?
  if [ "$stopped" = 0 ]; then
    echo "== [$(elapsed) s] scripts/vagrant-setup.sh --stop"
    scripts/vagrant-setup.sh --stop || true
  fi
  echo "== [$(elapsed) s] done (exit $rc)"
}
{
  trap finish EXIT
  echo "== [$(elapsed) s] scripts/vagrant-setup.sh"
  scripts/vagrant-setup.sh
  echo "== [$(elapsed) s] node --import tsx test/vagrant/vagrant-demo.ts"
  node --import tsx test/vagrant/vagrant-demo.ts
  echo "== [$(elapsed) s] leftovers: $(virsh -c qemu:///system list --all --name | sed '/^$/d' | tr '\n' ' ')(none expected)"
  echo "== [$(elapsed) s] scripts/vagrant-setup.sh --stop"
  stopped=1
  scripts/vagrant-setup.sh --stop
} 2>&1 | tee "$log"
exit "${PIPESTATUS[0]}"
