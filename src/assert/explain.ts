import type { SyncExpectationResult } from 'expect';
import type { MountInfo } from '../mountinfo/parse.ts';
import type { MountView } from '../scenario/mount-view.ts';

/** The mountinfo lines that explain a claim about `path`, then the commands so far. */
export function explainMounts(view: MountView, path: string): string {
  const lines = view.table.linesAround(path);
  const shown = lines.length === 0 ? '  (no mount at, above or below it)' : lines.map((l) => `  ${l}`).join('\n');
  return `mountinfo of ${view.where} around ${path}:\n${shown}\n${view.history}`;
}

export function notWord(isNot: boolean | undefined): string {
  return isNot === true ? 'not ' : '';
}

/** The mount visible at `path`, or a failed expectation that says there is none. */
export function mountAt(view: MountView, path: string): MountInfo | SyncExpectationResult {
  const mount = view.table.at(path);
  if (mount !== undefined) return mount;
  return { pass: false, message: () => `expected a mount at ${path} in ${view.where}, but there is none.\n${explainMounts(view, path)}` };
}

export function isMount(x: MountInfo | SyncExpectationResult): x is MountInfo {
  return 'mountPoint' in x;
}
