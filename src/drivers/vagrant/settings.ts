/** The vagrant driver's settings, read from the environment. */
import { parseAccelRequest } from '../qemu/accel.ts';
import { envReader } from '../shared/env.ts';
import { KEEP_ENV, keepFromEnv } from '../shared/keep.ts';
import type { LibvirtDomainType } from './libvirt-domain.ts';
import { VagrantTarget } from './target.ts';

export const VAGRANT_ENV = {
  box: 'MOUNTLAB_VAGRANT_BOX',
  boxFile: 'MOUNTLAB_VAGRANT_BOX_FILE',
  driver: 'MOUNTLAB_VAGRANT_DRIVER',
  home: 'MOUNTLAB_VAGRANT_HOME',
  user: 'MOUNTLAB_VAGRANT_USER',
  keep: KEEP_ENV,
} as const;

/**
 * MOUNTLAB_VAGRANT_BOX (default mountlab/bookworm), MOUNTLAB_VAGRANT_BOX_FILE (where to add it
 * from), MOUNTLAB_VAGRANT_DRIVER (kvm|qemu; else MOUNTLAB_ACCEL kvm|tcg, else the KVM probe),
 * MOUNTLAB_VAGRANT_HOME (default lab/vagrant/home), MOUNTLAB_VAGRANT_USER (default: vagrant ssh-config's
 * user, i.e. vagrant with sudo; root logs in directly), MOUNTLAB_KEEP=1 (leave the VM running).
 * MOUNTLAB_VAGRANT_CPUS and MOUNTLAB_VAGRANT_MEMORY reach the Vagrantfile as they are.
 */
export function vagrantTargetFromEnv(env: NodeJS.ProcessEnv): VagrantTarget {
  const get = envReader(env);
  const driverText = get(VAGRANT_ENV.driver);
  let driver: LibvirtDomainType | 'auto' = 'auto';
  if (driverText !== undefined) {
    if (driverText !== 'kvm' && driverText !== 'qemu' && driverText !== 'auto') {
      throw new Error(`${VAGRANT_ENV.driver} must be kvm or qemu (qemu = TCG, for hosts where KVM hangs), got "${driverText}"`);
    }
    driver = driverText;
  } else {
    const accel = parseAccelRequest(env.MOUNTLAB_ACCEL);
    if (accel !== 'auto') driver = accel === 'kvm' ? 'kvm' : 'qemu';
  }
  const box = get(VAGRANT_ENV.box);
  const boxFile = get(VAGRANT_ENV.boxFile);
  const home = get(VAGRANT_ENV.home);
  const extra: Record<string, string> = {};
  for (const k of ['MOUNTLAB_VAGRANT_CPUS', 'MOUNTLAB_VAGRANT_MEMORY']) {
    const v = get(k);
    if (v !== undefined) {
      if (!/^\d+$/.test(v)) throw new Error(`${k} must be a whole number, got "${v}"`);
      extra[k] = v;
    }
  }
  const keep = keepFromEnv(env);
  const user = get(VAGRANT_ENV.user);
  if (user !== undefined && !/^[a-z_][a-z0-9_-]*$/.test(user)) throw new Error(`${VAGRANT_ENV.user} must be a user name, got "${user}"`);
  return new VagrantTarget({
    driver,
    keep,
    env: extra,
    ...(user !== undefined ? { user } : {}),
    ...(box !== undefined ? { box } : {}),
    ...(boxFile !== undefined ? { boxFile } : {}),
    ...(home !== undefined ? { vagrantHome: home } : {}),
  });
}
