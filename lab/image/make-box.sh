#!/usr/bin/env bash
# Packs a built image as a Vagrant box for the libvirt provider:
#   make-box.sh IMAGE_DIR CMDLINE VIRTUAL_SIZE   → IMAGE_DIR/mountlab.box
# box.img (the qcow2), metadata.json, a Vagrantfile that boots the box's own kernel and initrd
# directly (libvirt.kernel/initrd/cmd_line, found next to the Vagrantfile once the box is
# added) under TCG with a qemu64 CPU, and the lab's key as the ssh key.
set -euo pipefail
trap 'echo "make-box.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
D=${1:?image dir}; CMDLINE=${2:?cmdline}; VSIZE=${3:?virtual size}
stage=$(mktemp -d "$D/.box.XXXXXX"); trap 'rm -rf "$stage"' EXIT
gib=$(( (VSIZE + 1073741823) / 1073741824 ))
printf '{"provider":"libvirt","format":"qcow2","virtual_size":%s}\n' "$gib" > "$stage/metadata.json"
cat > "$stage/Vagrantfile" <<VAGRANTFILE
# mountlab lab VM (Debian 12): boots the kernel and initrd shipped in this box directly.
box_dir = File.dirname(__FILE__)
Vagrant.configure("2") do |config|
  config.vm.guest = :debian
  config.vm.synced_folder ".", "/vagrant", disabled: true
  config.ssh.username = "vagrant"
  config.ssh.insert_key = false
  config.ssh.private_key_path = File.join(box_dir, "id_ed25519")
  config.vm.provider :libvirt do |libvirt|
    libvirt.driver = "qemu"          # TCG; set "kvm" where KVM works
    libvirt.cpu_mode = "custom"
    libvirt.cpu_model = "qemu64"
    libvirt.cpus = 2
    libvirt.memory = 1024
    libvirt.disk_bus = "virtio"
    libvirt.kernel = File.join(box_dir, "vmlinuz")
    libvirt.initrd = File.join(box_dir, "initrd")
    libvirt.cmd_line = "$CMDLINE"
  end
end
VAGRANTFILE
ln "$D/disk.qcow2" "$stage/box.img" 2>/dev/null || cp --reflink=auto "$D/disk.qcow2" "$stage/box.img"
for f in vmlinuz initrd id_ed25519 id_ed25519.pub manifest.json; do cp "$D/$f" "$stage/$f"; done
tar -C "$stage" -cf "$D/mountlab.box.tmp" metadata.json Vagrantfile box.img vmlinuz initrd id_ed25519 id_ed25519.pub manifest.json
chmod 600 "$D/mountlab.box.tmp"   # it holds id_ed25519 and the VM's host key
mv -f "$D/mountlab.box.tmp" "$D/mountlab.box"
