import type { MountInfo } from './parse.ts';

/** The propagation types of Documentation/filesystems/sharedsubtree.rst, as mountinfo reveals them. */
export type PropagationKind = 'shared' | 'private' | 'slave' | 'shared and slave' | 'unbindable';

export const PROPAGATION_KINDS: readonly PropagationKind[] = ['shared', 'private', 'slave', 'shared and slave', 'unbindable'];

/**
 * shared:N alone → shared; master:N alone → slave; both → shared and slave; the unbindable tag →
 * unbindable (the kernel drops any master when a mount is made unbindable); no tag → private.
 */
export function propagationKind(m: MountInfo): PropagationKind {
  const { shared, master, unbindable } = m.propagation;
  if (unbindable) return 'unbindable';
  if (shared !== null) return master !== null ? 'shared and slave' : 'shared';
  return master !== null ? 'slave' : 'private';
}

/**
 * Members of the same peer group. Peer group IDs are allocated globally, not per namespace, so the
 * two mounts may come from different namespaces' tables.
 */
export function arePeers(a: MountInfo, b: MountInfo): boolean {
  return a.propagation.shared !== null && a.propagation.shared === b.propagation.shared;
}

/**
 * `slave` receives propagation from `master`'s peer group: either directly (master:N) or, per
 * proc(5), through a chain of masters not visible to the reader (propagate_from:N).
 */
export function isSlaveOf(slave: MountInfo, master: MountInfo): boolean {
  const group = master.propagation.shared;
  if (group === null) return false;
  return slave.propagation.master === group || slave.propagation.propagateFrom === group;
}

/** The propagation tags as mountinfo prints them, e.g. "shared:12 master:3"; "private" when there are none. */
export function describePropagation(m: MountInfo): string {
  const { shared, master, propagateFrom, unbindable } = m.propagation;
  const tags = [
    shared !== null ? `shared:${shared}` : null,
    master !== null ? `master:${master}` : null,
    propagateFrom !== null ? `propagate_from:${propagateFrom}` : null,
    unbindable ? 'unbindable' : null,
  ].filter((tag) => tag !== null);
  return tags.length === 0 ? 'private' : tags.join(' ');
}
