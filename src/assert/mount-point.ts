import type { MatcherContext, SyncExpectationResult } from 'expect';
import type { MountView } from '../scenario/mount-view.ts';
import { explainMounts, notWord } from './explain.ts';

export function toHaveMountPoint(this: MatcherContext, view: MountView, path: string): SyncExpectationResult {
  const pass = view.table.isMountPoint(path);
  return {
    pass,
    message: () => `expected ${path} ${notWord(this.isNot)}to be a mount point in ${view.where}, but it ${pass ? 'is' : 'is not'}.\n${explainMounts(view, path)}`,
  };
}
