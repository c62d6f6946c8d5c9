import type { Target, TargetName } from './target.ts';
import { LocalTarget } from './local/target.ts';
import { sshTargetFromEnv } from './ssh/settings.ts';
import { qemuTargetFromEnv } from './qemu/settings.ts';
import { vagrantTargetFromEnv } from './vagrant/settings.ts';

/** The target named by --target / MOUNTLAB_TARGET, configured from the environment. */
export function createTarget(name: TargetName, env: NodeJS.ProcessEnv): Promise<Target> {
  switch (name) {
    case 'local':
      return Promise.resolve(new LocalTarget());
    case 'ssh':
      return Promise.resolve(sshTargetFromEnv(env));
    case 'qemu':
      return Promise.resolve(qemuTargetFromEnv(env));
    case 'vagrant':
      return Promise.resolve(vagrantTargetFromEnv(env));
  }
}
