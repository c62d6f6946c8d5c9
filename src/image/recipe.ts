/**
 * Whether a lab image must be (re)built before a run: it is missing, or it was built from another
 * version of lab/image/ than the checkout's (manifest.json's "recipe", see lab/image/recipe-id.sh).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageDir, labDir } from './catalogue.ts';

/** The checkout's recipe id, as lab/image/recipe-id.sh prints it (build.sh uses the same script). */
export function recipeId(): string {
  const script = join(labDir(), 'image', 'recipe-id.sh');
  const r = spawnSync(script, [], { encoding: 'utf8' });
  const id = r.stdout.trim();
  if (r.status !== 0 || !/^[0-9a-f]{16}$/.test(id)) throw new Error(`${script} failed (exit ${String(r.status ?? r.signal)}): ${r.stderr.trim()}`);
  return id;
}

/** Why `name` (lab/build/<name>) needs a build, or undefined when it is built from this recipe. */
export function imageBuildReason(name: string, currentRecipe: string = recipeId()): string | undefined {
  const manifest = join(imageDir(name), 'manifest.json');
  if (!existsSync(manifest)) return `the lab image ${name} is missing`;
  let built: { recipe?: unknown; builtAt?: unknown };
  try {
    built = JSON.parse(readFileSync(manifest, 'utf8')) as typeof built;
  } catch (e) {
    return `the lab image ${name} has an unreadable ${manifest} (${e instanceof Error ? e.message : String(e)})`;
  }
  if (built.recipe === currentRecipe) return undefined;
  const when = typeof built.builtAt === 'string' ? ` on ${built.builtAt}` : '';
  return typeof built.recipe === 'string'
    ? `the lab image ${name} was built${when} from another version of lab/image/ (recipe ${built.recipe}, now ${currentRecipe})`
    : `the lab image ${name} was built${when} before images recorded their recipe`;
}
