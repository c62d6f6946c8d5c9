import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_IMAGE, labDir } from '../image/catalogue.ts';
import { imageBuildReason } from '../image/recipe.ts';

/**
 * Builds the lab VM image with lab/image/build.sh when it is missing (the first `npm run lab` on a
 * machine) or was built from another version of lab/image/: about a minute with a warm .deb
 * cache. MOUNTLAB_IMAGE names another image; a directory given by path is used as it is.
 */
export function ensureImage(env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  const name = env.MOUNTLAB_IMAGE?.trim() || DEFAULT_IMAGE;
  if (name.includes('/')) return; // a directory given by path: used as it is
  const reason = imageBuildReason(name);
  if (reason === undefined) return;
  const kernel = /^mountlab-(bookworm|bullseye|trixie)$/.exec(name)?.[1];
  if (kernel === undefined) throw new Error(`${reason} (in ${join(labDir(), 'build')}), and mountlab builds only mountlab-<bookworm|bullseye|trixie>`);
  log(`mountlab: ${reason}; building it (lab/image/build.sh --kernel ${kernel})`);
  const built = spawnSync(join(labDir(), 'image', 'build.sh'), ['--kernel', kernel], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`building the lab image failed (lab/image/build.sh --kernel ${kernel}, exit ${String(built.status ?? built.signal)})`);
}
