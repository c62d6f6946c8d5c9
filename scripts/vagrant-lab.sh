#!/usr/bin/env bash
# Runs vagrant on the lab VM by hand, with the environment mountlab's vagrant target uses:
#   scripts/vagrant-lab.sh ssh            log in (as vagrant; sudo works without a password)
#   scripts/vagrant-lab.sh up | status | halt | destroy -f | snapshot list | ssh-config
# Boxes are in VAGRANT_HOME=lab/vagrant/home (unless MOUNTLAB_VAGRANT_HOME says otherwise), the
# machine's data in lab/.vagrant; `cd lab && vagrant ssh` works as well for a running machine.
set -euo pipefail
lab=$(cd "$(dirname "${BASH_SOURCE[0]}")/../lab" && pwd)
export VAGRANT_HOME=${MOUNTLAB_VAGRANT_HOME:-$lab/vagrant/home}
export VAGRANT_DEFAULT_PROVIDER=libvirt VAGRANT_CHECKPOINT_DISABLE=1 VAGRANT_BOX_UPDATE_CHECK_DISABLE=1
cd "$lab"
exec vagrant "$@"
