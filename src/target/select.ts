import type { Target, TargetName } from './types.ts';
import { HostTarget } from './host.ts';

export function createTarget(name: TargetName, _env: NodeJS.ProcessEnv): Promise<Target> {
  switch (name) {
    case 'sandbox':
      return Promise.resolve(new HostTarget());
    default:
      return Promise.reject(new Error(`the ${name} target is not available yet`));
  }
}
