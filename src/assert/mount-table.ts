import type { MatcherContext, SyncExpectationResult } from 'expect';
import type { MountView } from '../scenario/mount-view.ts';
import { diffMountInfo, formatMountDiff, isEmptyDiff } from '../runtime/mount-diff.ts';
import { explainMounts, notWord } from './explain.ts';

function text(view: MountView): string {
  return view.table.entries.map((m) => m.line).join('\n');
}

/** The whole mount table is line for line what it was when noted (same mounts, IDs, options). */
export function toMatchNotedTable(this: MatcherContext, view: MountView, noted: MountView): SyncExpectationResult {
  const diff = diffMountInfo(text(noted), text(view));
  const pass = isEmptyDiff(diff);
  const shown = pass ? `(no difference; ${view.table.entries.length} mounts)` : formatMountDiff(diff);
  return {
    pass,
    message: () => `expected the mount table of ${view.where} ${notWord(this.isNot)}to be as noted; what changed (- noted, + now):\n${shown}\n${view.history}`,
  };
}

export function toHaveMountCountUnder(this: MatcherContext, view: MountView, path: string, count: number): SyncExpectationResult {
  const actual = view.table.mountsAtOrUnder(path).length;
  return {
    pass: actual === count,
    message: () => `expected ${notWord(this.isNot)}${count} mounts at or under ${path} in ${view.where}, found ${actual}.\n${explainMounts(view, path)}`,
  };
}
