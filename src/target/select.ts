import type { Target, TargetName } from './types.ts';
import { HostTarget } from './host.ts';
import { sshTargetFromEnv } from './ssh.ts';
import { qemuTargetFromEnv } from './qemu.ts';
import { vagrantTargetFromEnv } from './vagrant.ts';

/** The target named by --target / MOUNTLAB_TARGET, configured from the environment. */
export function createTarget(name: TargetName, env: NodeJS.ProcessEnv): Promise<Target> {
  switch (name) {
    case 'sandbox':
      return Promise.resolve(new HostTarget());
    case 'ssh':
      return Promise.resolve(sshTargetFromEnv(env));
    case 'qemu':
      return Promise.resolve(qemuTargetFromEnv(env));
    case 'vagrant':
      return Promise.resolve(vagrantTargetFromEnv(env));
  }
}
