import type { Target, TargetName } from './types.ts';
import { HostTarget } from './host.ts';
import { sshTargetFromEnv } from './ssh.ts';

/** The target named by --target / MOUNTLAB_TARGET, configured from the environment. */
export function createTarget(name: TargetName, env: NodeJS.ProcessEnv): Promise<Target> {
  switch (name) {
    case 'sandbox':
      return Promise.resolve(new HostTarget());
    case 'ssh':
      return Promise.resolve(sshTargetFromEnv(env));
    default:
      return Promise.reject(new Error(`the ${name} target is not available yet`));
  }
}
