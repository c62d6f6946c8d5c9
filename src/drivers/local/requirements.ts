/**
 * What the local target needs of this computer: Linux, root, and the programs the sandboxes run.
 * Kept apart from target.ts (and its transport) so that `npm run lab` can check it before
 * cucumber starts without loading the rest.
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** The programs the sandboxes need on this computer, and the Debian package each comes from. */
const REQUIRED_PROGRAMS: readonly (readonly [string, string])[] = [
  ['unshare', 'util-linux'],
  ['nsenter', 'util-linux'],
  ['strace', 'strace'],
  ['bash', 'bash'],
  ['setsid', 'util-linux'],
];

/** Throws the sentence that names what is missing and how to get it. */
export function assertUsableLocally(platform: NodeJS.Platform = process.platform, uid: number | undefined = process.getuid?.()): void {
  if (platform !== 'linux') {
    throw new Error(`the local target runs experiments on this computer's own Linux kernel, and this computer runs ${platform}. Use the lab VM instead: npm run lab -- --target qemu`);
  }
  if (uid !== 0) {
    throw new Error('the local target needs root: it makes a mount and PID namespace for every scenario (unshare, nsenter, mount). Run it as root, e.g. sudo npm run lab -- --target local, or use the lab VM: npm run lab -- --target qemu');
  }
  const missing = REQUIRED_PROGRAMS.filter(([program]) => !onPath(program));
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
    throw new Error(`the local target needs ${missing.map(([p]) => p).join(', ')} on this computer: apt-get install ${packages}`);
  }
}

/** Whether an executable `program` is in a directory of PATH (what `command -v` finds), without starting a shell. */
function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      accessSync(join(dir === '' ? '.' : dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
