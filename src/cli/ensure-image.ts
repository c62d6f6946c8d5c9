import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_IMAGE, labDir } from '../lab/image.ts';

/**
 * Builds the lab VM image with lab/image/build.sh when it is missing (the first `npm run lab` on a
 * machine): about a minute with a warm .deb cache. MOUNTLAB_IMAGE names another image.
 */
export function ensureImage(env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  const name = env.MOUNTLAB_IMAGE?.trim() || DEFAULT_IMAGE;
  if (name.includes('/')) return; // a directory given by path: used as it is
  if (existsSync(join(labDir(), 'build', name, 'manifest.json'))) return;
  const kernel = /^mountlab-(\w+)$/.exec(name)?.[1];
  if (kernel === undefined) throw new Error(`no lab image "${name}" in ${join(labDir(), 'build')}, and mountlab builds only mountlab-<bookworm|bullseye|trixie>`);
  log(`mountlab: the lab image ${name} is missing; building it (lab/image/build.sh --kernel ${kernel})`);
  const built = spawnSync(join(labDir(), 'image', 'build.sh'), ['--kernel', kernel], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`building the lab image failed (lab/image/build.sh --kernel ${kernel}, exit ${String(built.status ?? built.signal)})`);
}
