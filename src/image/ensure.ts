import { join } from 'node:path';
import { DEFAULT_IMAGE, labDir } from './catalogue.ts';
import { imageBuildReason } from './recipe.ts';
import { runInTerminal } from '../suite/terminal.ts';

/** The lab image could not be made ready: `exitCode` is build.sh's (130 after Ctrl-C), undefined if it was not run. */
export class ImageBuildError extends Error {
  constructor(message: string, readonly exitCode: number | undefined) {
    super(message);
  }
}

/** The lab image a qemu run boots: MOUNTLAB_IMAGE (a name in lab/build/, or a directory), else the default. */
export function imageNameFrom(env: NodeJS.ProcessEnv): string {
  return env.MOUNTLAB_IMAGE?.trim() || DEFAULT_IMAGE;
}

/**
 * Builds the lab image `name` with lab/image/build.sh when it is missing (the first `npm run lab`
 * on a machine) or was built from another version of lab/image/: about a minute with a warm .deb
 * cache. A directory given by path is used as it is. Throws ImageBuildError when the image cannot
 * be made ready; `npm run lab` and the matrix both call this before booting a lab VM.
 */
export async function ensureImage(name: string, log: (line: string) => void): Promise<void> {
  if (name.includes('/')) return;
  const reason = imageBuildReason(name);
  if (reason === undefined) return;
  const kernel = /^mountlab-(bookworm|bullseye|trixie)$/.exec(name)?.[1];
  if (kernel === undefined) throw new ImageBuildError(`${reason} (in ${join(labDir(), 'build')}), and mountlab builds only mountlab-<bookworm|bullseye|trixie>`, undefined);
  log(`${reason}; building it (lab/image/build.sh --kernel ${kernel})`);
  const code = await runInTerminal(join(labDir(), 'image', 'build.sh'), ['--kernel', kernel], process.env);
  if (code !== 0) throw new ImageBuildError(`building the lab image failed (lab/image/build.sh --kernel ${kernel}, exit ${code})`, code);
}
