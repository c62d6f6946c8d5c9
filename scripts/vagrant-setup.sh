#!/usr/bin/env bash
# Makes this machine ready for mountlab's vagrant target (docs/vagrant.md), as root:
#   scripts/vagrant-setup.sh          install vagrant + vagrant-libvirt + libvirt + qemu if missing,
#                                     start virtlogd and libvirtd if they are not answering,
#                                     define the lab's storage pool and network
#   scripts/vagrant-setup.sh --install  only install the packages (scripts/setup.sh test does this)
#   scripts/vagrant-setup.sh --stop   undo what earlier runs of this script did, as recorded in
#                                     lab/vagrant/started-daemons: the lab network and pool they
#                                     defined are removed (a network or pool that was there
#                                     before is left defined), the daemons they started stopped
#                                     by PID
#
# Without systemd (containers, CI runners like this one) the daemons are started by hand with
# `virtlogd -d` and `libvirtd -d`; their PIDs go to lab/vagrant/started-daemons so that --stop
# ends exactly those. With systemd, `systemctl start libvirtd` is used and --stop leaves it be.
#
# The pool "mountlab" is a directory pool at lab/vagrant/pool; the network "mountlab" is
# 192.168.124.0/24, isolated (no NAT: the VM reaches only this host) with STP off (a bridge with
# STP on holds a new VM's DHCP for ~4 s). Override with MOUNTLAB_VAGRANT_POOL,
# MOUNTLAB_VAGRANT_NETWORK and MOUNTLAB_VAGRANT_NETWORK_ADDRESS (the Vagrantfile reads the same).
set -euo pipefail
trap 'echo "vagrant-setup.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=$root/lab/vagrant
pids_file=$state/started-daemons
pool=${MOUNTLAB_VAGRANT_POOL:-mountlab}
pool_dir=$state/pool
net=${MOUNTLAB_VAGRANT_NETWORK:-mountlab}
cidr=${MOUNTLAB_VAGRANT_NETWORK_ADDRESS:-192.168.124.0/24}
bridge=virbr-${net:0:8}
uri=qemu:///system
t0=$(date +%s.%N)

log() { printf '[vagrant-setup %6.1fs] %s\n' "$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { print a - b }')" "$*"; }
# a live process (a zombie awaiting its reaper counts as gone)
alive() { local st; st=$(cat "/proc/${1:-none}/stat" 2>/dev/null) && [ -n "$st" ] && [ "$(sed 's/.*) //' <<<"$st" | cut -c1)" != Z ]; }
# records what this run made, for --stop: "virtlogd PID", "libvirtd PID", "pool NAME", "network NAME"
record() { echo "$1 $2" >> "$pids_file"; }
recorded() { awk -v k="$1" -v n="$2" '$1 == k && $2 == n { found = 1 } END { exit !found }' "$pids_file" 2>/dev/null; }
# `virsh …-info NAME` says KEY: VALUE; matched without a pipe (grep -q would SIGPIPE virsh under pipefail)
virsh_info_has() { local out; out=$(virsh -c "$uri" "$1-info" "$2" 2>/dev/null) && grep -q "$3" <<<"$out"; }
libvirt_answers() { command -v virsh >/dev/null && timeout 10 virsh -c "$uri" version --daemon >/dev/null 2>&1; }

[ "$(id -u)" = 0 ] || { echo "vagrant-setup.sh: run as root (apt-get, libvirtd, bridges)" >&2; exit 1; }

# --- --stop ------------------------------------------------------------------------------------
if [ "${1:-}" = --stop ]; then
  if [ ! -s "$pids_file" ]; then log "nothing to stop: this script started or defined nothing ($pids_file is empty)"; exit 0; fi
  if libvirt_answers; then
    running=$(virsh -c "$uri" list --name 2>/dev/null | sed '/^$/d' || true)
    if [ -n "$running" ] && [ "${2:-}" != --force ]; then
      echo "vagrant-setup.sh: VMs still run under libvirtd: $running — destroy them first (scripts/vagrant-lab.sh destroy -f), or pass --stop --force" >&2
      exit 1
    fi
    # The network's dnsmasq outlives libvirtd: stop the network first (a network this script did
    # not define is only stopped when the libvirtd this script started is about to go).
    if virsh_info_has net "$net" 'Active: *yes' && { recorded network "$net" || grep -q '^libvirtd ' "$pids_file"; }; then
      virsh -c "$uri" net-destroy "$net" >/dev/null && log "stopped the libvirt network $net"
    fi
    if recorded network "$net" && virsh -c "$uri" net-info "$net" >/dev/null 2>&1; then
      virsh -c "$uri" net-undefine "$net" >/dev/null && log "removed the libvirt network $net (this script defined it)"
    fi
    # The pool's files (the box's volume) stay in $pool_dir, git-ignored: a later pool there finds them.
    if recorded pool "$pool" && virsh -c "$uri" pool-info "$pool" >/dev/null 2>&1; then
      if virsh_info_has pool "$pool" 'State: *running'; then virsh -c "$uri" pool-destroy "$pool" >/dev/null; fi
      virsh -c "$uri" pool-undefine "$pool" >/dev/null && log "removed the libvirt pool $pool (this script defined it; its files stay in $pool_dir)"
    fi
  fi
  # libvirtd before virtlogd (libvirtd uses it)
  for name in libvirtd virtlogd; do
    pid=$(awk -v n="$name" '$1 == n { print $2 }' "$pids_file" | tail -1)
    [ -n "$pid" ] || continue
    if ! alive "$pid"; then log "$name (pid ${pid:-?}) is not running"; continue; fi
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "$name" ]; then log "pid $pid is no longer $name; not killing it"; continue; fi
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.2; done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    log "stopped $name (pid $pid)"
  done
  : > "$pids_file"
  exit 0
fi

# --- packages ----------------------------------------------------------------------------------
# No Recommends: they would pull libguestfs-tools (→ supermin → a Linux kernel and initramfs-tools
# on the host), nfs-kernel-server and lvm2; the lab needs none of them. dnsmasq-base (DHCP on the
# lab network) and qemu-utils are Recommends that are needed, so they are named.
packages="vagrant vagrant-libvirt libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils dnsmasq-base iproute2 openssh-client"
# shellcheck disable=SC2086
missing=$(sh "$root/scripts/missing-packages.sh" $packages)
if [ -n "$missing" ]; then
  log "installing $missing (with dependencies ~200 packages, a few minutes)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
  # shellcheck disable=SC2086
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $missing >/dev/null
  log "installed: $(vagrant --version), $(vagrant plugin list 2>/dev/null | tr '\n' ' ')"
else
  log "already installed: $(vagrant --version), $(vagrant plugin list 2>/dev/null | tr '\n' ' ')"
fi
[ "${1:-}" != --install ] || exit 0

# --- daemons -----------------------------------------------------------------------------------
mkdir -p "$state"
if libvirt_answers; then
  log "libvirtd already answers on $uri"
elif [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ] && command -v systemctl >/dev/null; then
  systemctl start virtlogd.socket libvirtd.service
  log "started libvirtd with systemctl"
else
  # No systemd: start them by hand and remember their PIDs for --stop.
  if ! alive "$(cat /run/virtlogd.pid 2>/dev/null)"; then
    virtlogd -d
    for _ in $(seq 1 50); do alive "$(cat /run/virtlogd.pid 2>/dev/null)" && break; sleep 0.1; done
    record virtlogd "$(cat /run/virtlogd.pid)"
    log "started virtlogd (pid $(cat /run/virtlogd.pid))"
  fi
  if ! alive "$(cat /run/libvirtd.pid 2>/dev/null)"; then
    libvirtd -d
    for _ in $(seq 1 50); do alive "$(cat /run/libvirtd.pid 2>/dev/null)" && break; sleep 0.1; done
    record libvirtd "$(cat /run/libvirtd.pid)"
    log "started libvirtd (pid $(cat /run/libvirtd.pid))"
  fi
  for _ in $(seq 1 100); do libvirt_answers && break; sleep 0.2; done
  libvirt_answers || { echo "vagrant-setup.sh: libvirtd started but does not answer on $uri" >&2; exit 1; }
  log "libvirtd answers on $uri"
fi

# --- storage pool ------------------------------------------------------------------------------
mkdir -p "$pool_dir"
chmod 755 "$pool_dir"
if ! virsh -c "$uri" pool-info "$pool" >/dev/null 2>&1; then
  virsh -c "$uri" pool-define-as "$pool" dir --target "$pool_dir" >/dev/null
  record pool "$pool"
  log "defined the storage pool $pool at $pool_dir"
fi
# (libvirtd may be activating a pool it had running before: "already active" is fine)
start_if_inactive() { # KIND NAME: pool|net
  local out
  if out=$(virsh -c "$uri" "$1-start" "$2" 2>&1); then log "started the $1 $2"
  elif ! grep -q 'already active' <<<"$out"; then echo "vagrant-setup.sh: virsh $1-start $2: $out" >&2; exit 1; fi
}
virsh_info_has pool "$pool" 'State: *running' || start_if_inactive pool "$pool"

# --- network -----------------------------------------------------------------------------------
prefix=${cidr%.0/24}
[ "$prefix" != "$cidr" ] || { echo "vagrant-setup.sh: MOUNTLAB_VAGRANT_NETWORK_ADDRESS must be an IPv4 /24 like 192.168.124.0/24" >&2; exit 2; }
if ! virsh -c "$uri" net-info "$net" >/dev/null 2>&1; then
  xml=$(mktemp)
  cat > "$xml" <<XML
<network>
  <name>$net</name>
  <bridge name='$bridge' stp='off' delay='0'/>
  <ip address='$prefix.1' netmask='255.255.255.0'>
    <dhcp><range start='$prefix.2' end='$prefix.254'/></dhcp>
  </ip>
</network>
XML
  virsh -c "$uri" net-define "$xml" >/dev/null
  record network "$net"
  rm -f "$xml"
  log "defined the network $net ($cidr, isolated, STP off, bridge $bridge)"
fi
virsh_info_has net "$net" 'Active: *yes' || start_if_inactive net "$net"
log "ready: npm run lab -- --target vagrant (stop the daemons this script started: scripts/vagrant-setup.sh --stop)"
