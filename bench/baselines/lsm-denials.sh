#!/bin/bash
# Baseline of features/lsm-denials.feature: the same commands and checks, plain shell, in the lab
# VM's root namespace (where the feature runs); each scenario cleans up after itself.
. "$(dirname "$0")/lib.sh"
only_in_lab_vm

clean_up() {
  remove_containers c
  if [ -e /etc/apparmor.d/mountlab-deny-mount ]; then
    apparmor_parser -R /etc/apparmor.d/mountlab-deny-mount; rm /etc/apparmor.d/mountlab-deny-mount
  fi
  remove_tree /srv/bundle
}

bundle() {
  run "mkdir -p /srv/bundle/rootfs/mnt
    $BUSYBOX_BUNDLE
    jq '.process.terminal = false | .root.readonly = false | .process.args = [\"mount\", \"-t\", \"tmpfs\", \"none\", \"/mnt\"]' config.json > base.json
    jq '.process.capabilities |= with_entries(.value += [\"CAP_SYS_ADMIN\"])' base.json > sys_admin.json"
}

no_cap() { bundle; traced 'cd /srv/bundle && cp base.json config.json && runc run c'; failed; syscall_is mount EPERM; }
seccomp() { # ERRNORET ERRNO
  bundle
  traced "cd /srv/bundle
    jq '.linux.seccomp = {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": $1}]}' sys_admin.json > config.json
    runc run c"
  failed; syscall_is mount "$2"
}
seccomp_eperm() { seccomp 1 EPERM; }
seccomp_enosys() { seccomp 38 ENOSYS; }
apparmor() {
  bundle
  run "printf 'abi <abi/3.0>,\nprofile mountlab-deny-mount flags=(attach_disconnected,mediate_deleted) {\n  file,\n  capability,\n  signal,\n  unix,\n  network,\n  audit deny mount,\n}\n' > /etc/apparmor.d/mountlab-deny-mount
    apparmor_parser -r /etc/apparmor.d/mountlab-deny-mount
    cd /srv/bundle
    jq '.process.apparmorProfile = \"mountlab-deny-mount\"' sys_admin.json > config.json"
  traced 'cd /srv/bundle && runc run c'; failed; syscall_is mount EACCES
  dmesg | grep -qE 'apparmor="DENIED" operation="mount" .*profile="mountlab-deny-mount"' || fail 'no AppArmor line in the kernel log'
}
both_lifted() { bundle; traced 'cd /srv/bundle && cp sys_admin.json config.json && runc run c'; succeeded; syscall_is mount ok; }
loop() {
  bundle
  run 'cd /srv/bundle; truncate -s 8M rootfs/disk.img; mkfs.ext4 -q rootfs/disk.img
    jq ".process.args = [\"mount\", \"-o\", \"loop\", \"/disk.img\", \"/mnt\"]" sys_admin.json > config.json'
  traced 'cd /srv/bundle && runc run c' openat; failed; syscall_on openat /dev/loop-control ENOENT
}

docker_default() {
  traced_containerd 'docker run ubuntu mount -t tmpfs none /mnt'; failed
  output_has '/mnt: permission denied'; syscall_on mount /mnt EPERM
}
docker_cap() {
  traced_containerd 'docker run --cap-add SYS_ADMIN ubuntu mount -t tmpfs none /mnt'; failed
  output_has 'cannot mount none read-only'; syscall_on mount /mnt EACCES
}
docker_unconfined() {
  traced_containerd 'docker run  --cap-add SYS_ADMIN --security-opt apparmor=unconfined ubuntu  mount  --verbose -t tmpfs none /mnt'
  succeeded; output_has 'none mounted on /mnt'; syscall_on mount /mnt ok
}
docker_loop() {
  # -ti wants a terminal: the feature types this into a window
  traced_containerd "$(on_terminal 'docker run -ti --security-opt apparmor:unconfined --cap-add SYS_ADMIN ubuntu bash -c "dd if=/dev/zero of=/tmp/loop.img bs=1024k count=100 && mkfs.ext3 -F /tmp/loop.img && mount /tmp/loop.img /mnt/ -o loop"')" newfstatat
  failed; output_has 'mount failed: Operation not permitted'; syscall_on newfstatat /dev/loop-control ENOENT
}

root_scenario 'without CAP_SYS_ADMIN: EPERM' no_cap
root_scenario 'a seccomp filter: EPERM' seccomp_eperm
root_scenario 'a seccomp filter: ENOSYS' seccomp_enosys
root_scenario 'an AppArmor profile: EACCES' apparmor
root_scenario 'with both lifted' both_lifted
root_scenario 'a loop mount in runc' loop
root_scenario 'docker run: EPERM' docker_default
root_scenario 'docker run --cap-add SYS_ADMIN: EACCES' docker_cap
root_scenario 'docker run, AppArmor unconfined' docker_unconfined
root_scenario 'docker run -ti, a loop mount' docker_loop
