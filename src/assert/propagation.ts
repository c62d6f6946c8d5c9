import type { MatcherContext, SyncExpectationResult } from 'expect';
import type { MountView } from '../scenario/lab-scenario.ts';
import type { MountInfo } from '../mountinfo/parse.ts';
import { arePeers, describePropagation, isSlaveOf, propagationKind, type PropagationKind } from '../mountinfo/propagation.ts';
import { explainMounts, notWord } from './explain.ts';

/** The mount visible at `path`, or a failed expectation that says there is none. */
function mountAt(view: MountView, path: string): MountInfo | SyncExpectationResult {
  const mount = view.table.at(path);
  if (mount !== undefined) return mount;
  return { pass: false, message: () => `expected a mount at ${path} in ${view.where}, but there is none.\n${explainMounts(view, path)}` };
}

function isMount(x: MountInfo | SyncExpectationResult): x is MountInfo {
  return 'mountPoint' in x;
}

export function toHavePropagation(this: MatcherContext, view: MountView, path: string, kind: PropagationKind): SyncExpectationResult {
  const mount = mountAt(view, path);
  if (!isMount(mount)) return mount;
  const actual = propagationKind(mount);
  return {
    pass: actual === kind,
    message: () => `expected ${path} ${notWord(this.isNot)}to have propagation "${kind}" in ${view.where}; it is "${actual}" (${describePropagation(mount)}).\n${explainMounts(view, path)}`,
  };
}

/** Two mounts are peers when both are shared in the same peer group; they may be in two views. */
export function toBePeerOf(this: MatcherContext, view: MountView, path: string, other: MountView, otherPath: string): SyncExpectationResult {
  const a = mountAt(view, path);
  if (!isMount(a)) return a;
  const b = mountAt(other, otherPath);
  if (!isMount(b)) return b;
  return {
    pass: arePeers(a, b),
    message: () => `expected ${path} in ${view.where} (${describePropagation(a)}) ${notWord(this.isNot)}to be a peer of ${otherPath} in ${other.where} (${describePropagation(b)}).\n${explainMounts(view, path)}${other === view ? '' : `\n${explainMounts(other, otherPath)}`}`,
  };
}

export function toBeSlaveOf(this: MatcherContext, view: MountView, path: string, master: MountView, masterPath: string): SyncExpectationResult {
  const s = mountAt(view, path);
  if (!isMount(s)) return s;
  const m = mountAt(master, masterPath);
  if (!isMount(m)) return m;
  return {
    pass: isSlaveOf(s, m),
    message: () => `expected ${path} in ${view.where} (${describePropagation(s)}) ${notWord(this.isNot)}to be a slave of ${masterPath} in ${master.where} (${describePropagation(m)}).\n${explainMounts(view, path)}${master === view ? '' : `\n${explainMounts(master, masterPath)}`}`,
  };
}

export { mountAt, isMount };
