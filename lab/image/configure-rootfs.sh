#!/usr/bin/env bash
# Configures a freshly bootstrapped root file system as the mountlab lab VM:
#   configure-rootfs.sh ROOTFS NAME LAB_KEY.pub
# An mmdebstrap customize hook (build.sh): runs as the build's root, i.e. real root or, rootless,
# root of mmdebstrap's user namespace, which owns the rootfs's files. Authorizes the lab's public
# key for root and vagrant, makes the sshd host key (ed25519 only, so the fingerprint in the
# manifest is the one sshd shows), a fixed machine-id, systemd-networkd with DHCP, and trims what
# slows a boot under TCG. Uses chroot, mounts nothing.
set -euo pipefail
trap 'echo "configure-rootfs.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
R=${1:?rootfs}; NAME=${2:?name}; PUBKEY=${3:?lab key .pub}
# files written here get the usual modes (/etc/hosts 0644...), whatever the caller's umask
umask 022
in_root() { chroot "$R" "$@"; }
WORKTMP=$(mktemp -d); trap 'rm -rf "$WORKTMP"' EXIT

# --- identity -------------------------------------------------------------------------------
echo mountlab > "$R/etc/hostname"
cat > "$R/etc/hosts" <<'HOSTS'
127.0.0.1	localhost
127.0.1.1	mountlab
::1		localhost ip6-localhost ip6-loopback
HOSTS
# fixed machine-id: every clone of the image is the same machine (journal, D-Bus)
printf '%s' "$NAME" | md5sum | cut -c1-32 > "$R/etc/machine-id"
rm -f "$R/var/lib/dbus/machine-id"; ln -s /etc/machine-id "$R/var/lib/dbus/machine-id"
printf '# the lab VM has no name service\n' > "$R/etc/resolv.conf"
cat > "$R/etc/fstab" <<'FSTAB'
# the initrd mounts / read-write; no fsck of a throw-away overlay
/dev/vda	/	ext4	rw,errors=remount-ro	0	0
FSTAB

# --- users and keys -------------------------------------------------------------------------
in_root useradd --create-home --shell /bin/bash --groups sudo vagrant 2>/dev/null || true
printf 'vagrant ALL=(ALL) NOPASSWD: ALL\n' > "$R/etc/sudoers.d/vagrant"
chmod 440 "$R/etc/sudoers.d/vagrant"
for home in /root /home/vagrant; do
  install -d -m 700 "$R$home/.ssh"
  install -m 600 "$PUBKEY" "$R$home/.ssh/authorized_keys"
done
in_root chown -R vagrant:vagrant /home/vagrant/.ssh
# ssh logins get PAM's non-interactive session stack, i.e. no pam_systemd: no logind session
# (and no user manager) per connection. Registering one costs ~0.5-1 s of the first command of a
# connection under TCG, i.e. of every lab VM start and reset; commands then run in ssh.service's
# cgroup instead of a session scope. Account checks, limits, loginuid and sudo's PAM are as usual.
sed -i 's/^@include common-session$/@include common-session-noninteractive/' "$R/etc/pam.d/sshd"
grep -q '^@include common-session-noninteractive$' "$R/etc/pam.d/sshd"

# --- sshd -----------------------------------------------------------------------------------
rm -f "$R"/etc/ssh/ssh_host_*
ssh-keygen -q -t ed25519 -N '' -C "root@$NAME" -f "$R/etc/ssh/ssh_host_ed25519_key"
cat > "$R/etc/ssh/sshd_config.d/mountlab.conf" <<'SSHD'
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
PrintMotd no
PrintLastLog no
MaxSessions 64
MaxStartups 64:30:128
SSHD
: > "$R/etc/motd"

# --- network: systemd-networkd, DHCP on the virtio NIC --------------------------------------
cat > "$R/etc/systemd/network/20-lab.network" <<'NET'
[Match]
Name=en* eth*

[Network]
DHCP=ipv4
LinkLocalAddressing=no
IPv6AcceptRA=no
NET
in_root systemctl enable --quiet systemd-networkd.service
# nothing waits for network-online (sshd listens on 0.0.0.0 as soon as it starts)
in_root systemctl mask --quiet systemd-networkd-wait-online.service

# --- Docker: the base image the documents run, imported once at first boot ------------------
# build.sh leaves a Debian minbase tar in /var/lib/mountlab; dockerd owns its image store, so the
# import happens in the booted VM (before the RAM snapshot is taken: the snapshot waits for
# `systemctl is-system-running`, which waits for this unit).
if [ -x "$R/usr/sbin/dockerd" ] && [ -f "$R/var/lib/mountlab/docker-base.tar" ]; then
  cat > "$R/etc/systemd/system/mountlab-docker-base.service" <<'UNIT'
[Unit]
Description=mountlab: import the offline Debian base image as ubuntu:latest, for the documents' docker run commands
Requires=docker.service
After=docker.service
ConditionPathExists=/var/lib/mountlab/docker-base.tar

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'docker image inspect ubuntu:latest >/dev/null 2>&1 || docker import --message "mountlab: Debian 12 minbase built offline, tagged ubuntu so the documents commands run as written" /var/lib/mountlab/docker-base.tar ubuntu:latest'

[Install]
WantedBy=multi-user.target
UNIT
  in_root systemctl enable --quiet docker.service containerd.service mountlab-docker-base.service
fi

# --- boot speed under TCG -------------------------------------------------------------------
for unit in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer \
            e2scrub_reap.service fstrim.timer systemd-tmpfiles-clean.timer \
            modprobe@drm.service modprobe@efi_pstore.service systemd-network-generator.service \
            systemd-binfmt.service proc-sys-fs-binfmt_misc.automount getty@tty1.service; do
  in_root systemctl mask --quiet "$unit"
done
mkdir -p "$R/etc/systemd/journald.conf.d"
cat > "$R/etc/systemd/journald.conf.d/mountlab.conf" <<'JOURNAL'
# the journal lives in RAM: a run's overlay stays small and the RAM snapshot carries the boot log
[Journal]
Storage=volatile
RuntimeMaxUse=32M
JOURNAL

# --- kernel modules: drop hardware a qemu VM never has (~300 MB of 400) -------------------
for kdir in "$R"/lib/modules/*/; do
  kver=$(basename "$kdir")
  k=$kdir/kernel
  cp "$kdir/modules.dep" "$WORKTMP/modules.dep.full"
  rm -rf "$k"/sound "$k"/arch/x86/kvm \
    "$k"/net/{wireless,mac80211,bluetooth,nfc,ieee802154,mac802154,can,rfkill} \
    "$k"/drivers/{gpu,media,infiniband,usb,iio,staging,hwmon,hid,input,isdn,bluetooth,mmc,mtd,comedi} \
    "$k"/drivers/{video,platform,target,misc,nvme,ata,scsi,thunderbolt,leds,gnss,power,spi,w1,pcmcia} \
    "$k"/drivers/{mfd,regulator,extcon,pinctrl,gpio,firewire,atm,watchdog,i2c,edac,crypto,dca,fpga} \
    "$k"/drivers/{memstick,nfc,ntb,parport,pps,ptp,ssb,bcma,uio,vfio,xen,hv,soundwire,slimbus,nvmem} \
    "$k"/drivers/net/{wireless,ethernet,usb,can,wwan,ieee802154,hamradio,arcnet,fddi,plip,slip,ppp,phy,dsa,hyperv,mdio,pcs}
  # a kept module whose dependency was removed would fail to load: remove it too (repeat until stable)
  while :; do
    orphans=$(awk -F': ?' -v k="$kdir" '{ n = split($2, d, " "); for (i = 1; i <= n; i++) print $1, d[i] }' "$WORKTMP/modules.dep.full" |
      while read -r mod dep; do if [ -e "$kdir/$mod" ] && [ ! -e "$kdir/$dep" ]; then echo "$mod"; fi; done | sort -u)
    [ -n "$orphans" ] || break
    (cd "$kdir" && rm -f $orphans)
  done
  in_root depmod -a "$kver"
done

# --- clean up -------------------------------------------------------------------------------
rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin "$R"/var/cache/apt/archives/*.deb \
       "$R"/usr/share/doc/* "$R"/usr/share/man/* "$R"/usr/share/info/* "$R"/usr/share/locale/*
rm -f "$R"/boot/initrd.img*
