import type { Target, TargetName } from './target.ts';

/**
 * The target named by --target / MOUNTLAB_TARGET, configured from the environment. Each driver
 * is imported only when chosen: the VM drivers pull in ssh2 and execa, which take about half a
 * second to load under tsx and which the local target never uses.
 */
export async function createTarget(name: TargetName, env: NodeJS.ProcessEnv): Promise<Target> {
  switch (name) {
    case 'local':
      return new (await import('./local/target.ts')).LocalTarget();
    case 'ssh':
      return (await import('./ssh/settings.ts')).sshTargetFromEnv(env);
    case 'qemu':
      return (await import('./qemu/settings.ts')).qemuTargetFromEnv(env);
    case 'vagrant':
      return (await import('./vagrant/settings.ts')).vagrantTargetFromEnv(env);
  }
}
