import type { MatcherContext, SyncExpectationResult } from 'expect';
import type { MountView } from '../scenario/mount-view.ts';
import type { MountInfo } from '../mountinfo/parse.ts';
import { arePeers, describePropagation, isSlaveOf, propagationKind, type PropagationKind } from '../mountinfo/propagation.ts';
import { explainMounts, isMount, mountAt, notWord } from './explain.ts';

export function toHavePropagation(this: MatcherContext, view: MountView, path: string, kind: PropagationKind): SyncExpectationResult {
  const mount = mountAt(view, path);
  if (!isMount(mount)) return mount;
  const actual = propagationKind(mount);
  return {
    pass: actual === kind,
    message: () => `expected ${path} ${notWord(this.isNot)}to have propagation "${kind}" in ${view.where}; it is "${actual}" (${describePropagation(mount)}).\n${explainMounts(view, path)}`,
  };
}

/**
 * A relation between the mounts at two paths, possibly seen from two namespaces (peer group
 * numbers are global, so a mount in a window can be a peer or slave of one in the sandbox).
 */
function relation(
  ctx: MatcherContext, view: MountView, path: string, other: MountView, otherPath: string,
  holds: (a: MountInfo, b: MountInfo) => boolean, phrase: string,
): SyncExpectationResult {
  const a = mountAt(view, path);
  if (!isMount(a)) return a;
  const b = mountAt(other, otherPath);
  if (!isMount(b)) return b;
  return {
    pass: holds(a, b),
    message: () => `expected ${path} in ${view.where} (${describePropagation(a)}) ${notWord(ctx.isNot)}to be ${phrase} ${otherPath} in ${other.where} (${describePropagation(b)}).\n${explainMounts(view, path)}${other === view ? '' : `\n${explainMounts(other, otherPath)}`}`,
  };
}

/** Two mounts are peers when both are shared in the same peer group. */
export function toBePeerOf(this: MatcherContext, view: MountView, path: string, other: MountView, otherPath: string): SyncExpectationResult {
  return relation(this, view, path, other, otherPath, arePeers, 'a peer of');
}

export function toBeSlaveOf(this: MatcherContext, view: MountView, path: string, master: MountView, masterPath: string): SyncExpectationResult {
  return relation(this, view, path, master, masterPath, isSlaveOf, 'a slave of');
}
