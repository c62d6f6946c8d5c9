/**
 * What `npm run lab` checks once, before cucumber starts and before any image is built: that the
 * reports can be written, and that the target can run here (the local target needs root). A
 * problem is one sentence naming the fix, printed once, instead of a stack trace or the same
 * error on every scenario.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assertUsableLocally } from '../drivers/local/requirements.ts';
import type { TargetName } from '../drivers/target.ts';

/** The files cucumber.mjs writes into the report directory. */
const REPORT_FILES = ['cucumber.html', 'junit.xml', 'messages.ndjson'];

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why the reports cannot be written into `dir` (made if missing), or undefined when they can. */
export function reportDirProblem(dir: string): string | undefined {
  const full = resolve(dir);
  let existing = full;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const blocked = existing === full ? [full, ...REPORT_FILES.map((f) => join(full, f)).filter((f) => existsSync(f))] : [existing];
  const denied = blocked.find((p) => !writable(p));
  if (denied === undefined) return undefined;
  const owner = statSync(denied).uid;
  const whose = owner === 0 ? 'belongs to root (an earlier run as root?)' : `belongs to uid ${owner}`;
  return (
    `mountlab: cannot write the reports: ${denied} ${whose} and this user (uid ${String(process.getuid?.())}) may not write it. ` +
    `Give it back with: sudo chown -R "$(id -u):$(id -g)" ${existing === full ? full : denied}, remove it, or choose another directory with MOUNTLAB_REPORT_DIR=...`
  );
}

/** Every problem found before the run, or an empty list. */
export function preflight(target: TargetName, reportDir: string): string[] {
  const problems: string[] = [];
  const reports = reportDirProblem(reportDir);
  if (reports !== undefined) problems.push(reports);
  // The local target runs on this computer and needs root; the others run elsewhere.
  if (target === 'local') {
    try {
      assertUsableLocally();
    } catch (err) {
      problems.push(`mountlab: ${(err as Error).message}`);
    }
  }
  return problems;
}
