/**
 * The libvirt domain type the Vagrantfile asks vagrant-libvirt for (its `driver` setting,
 * MOUNTLAB_VAGRANT_DRIVER): kvm, or qemu (TCG) where KVM is missing or hangs.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { chooseAccel } from '../qemu/accel.ts';
import { boxDirectory } from './box.ts';

export type LibvirtDomainType = 'kvm' | 'qemu';

type Progress = ((line: string) => void) | undefined;

/** `requested`, or with auto the KVM probe of the qemu driver run on the box's kernel. */
export async function chooseDomainType(requested: LibvirtDomainType | 'auto', vagrantHome: string, box: string, progress: Progress): Promise<LibvirtDomainType> {
  if (requested !== 'auto') {
    progress?.(`vagrant: libvirt driver ${requested} (as requested)`);
    return requested;
  }
  // The KVM probe (src/drivers/qemu/accel.ts) boots the image's kernel under KVM briefly; its
  // verdict is cached per kernel of this computer and qemu version, shared with the qemu target.
  const dir = boxDirectory(vagrantHome, box);
  const kernel = join(dir, 'vmlinuz');
  const initrd = join(dir, 'initrd');
  const haveKernel = await access(kernel, constants.R_OK).then(
    () => access(initrd, constants.R_OK).then(() => true),
  ).catch(() => false);
  if (!haveKernel) {
    progress?.(`vagrant: libvirt driver qemu (TCG): no lab kernel to probe KVM with; set MOUNTLAB_VAGRANT_DRIVER=kvm where KVM works`);
    return 'qemu';
  }
  const choice = await chooseAccel('auto', { qemu: process.env.MOUNTLAB_QEMU ?? 'qemu-system-x86_64', kernel, initrd, ...(progress ? { progress } : {}) });
  const type = choice.accel === 'kvm' ? 'kvm' : 'qemu';
  progress?.(`vagrant: libvirt driver ${type} (${choice.accel.toUpperCase()}): ${choice.reason}`);
  return type;
}
