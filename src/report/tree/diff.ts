import type { MountInfo } from '../../mountinfo/parse.ts';
import { describePropagation } from '../../mountinfo/propagation.ts';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface MountChange {
  readonly kind: ChangeKind;
  /** The mount after the step; for a removed mount, as it was before. */
  readonly mount: MountInfo;
  /** What changed, e.g. "propagation shared:1 → master:1", "options −rw +ro"; empty for added and removed mounts. */
  readonly details: readonly string[];
}

type Compare = (was: MountInfo, now: MountInfo) => string | null;

const value =
  (name: string, show: (m: MountInfo) => string): Compare =>
  (was, now) =>
    show(was) === show(now) ? null : `${name} ${show(was)} → ${show(now)}`;

/** Option lists differ by items: "options −rw +ro +noexec". */
const options =
  (name: string, get: (m: MountInfo) => readonly string[]): Compare =>
  (was, now) => {
    const gone = get(was).filter((o) => !get(now).includes(o)).map((o) => `−${o}`);
    const came = get(now).filter((o) => !get(was).includes(o)).map((o) => `+${o}`);
    return gone.length + came.length === 0 ? null : `${name} ${[...gone, ...came].join(' ')}`;
  };

const COMPARISONS: readonly Compare[] = [
  value('propagation', describePropagation),
  options('options', (m) => m.mountOptions),
  value('source', (m) => m.source),
  value('fs type', (m) => m.fsType),
  value('root', (m) => m.root),
  options('super options', (m) => m.superOptions),
];

/**
 * What one step did to one namespace's table. Mounts are matched by mount ID, which the kernel
 * keeps for a mount's life (proc(5)); an ID found on another mount point was freed and reused, so it
 * counts as one mount removed and another added. Results follow the after table, removed mounts last.
 */
export function diffMounts(before: readonly MountInfo[], after: readonly MountInfo[]): MountChange[] {
  const old = new Map(before.map((m) => [m.id, m]));
  const kept = new Set<number>();
  const changes: MountChange[] = [];
  for (const mount of after) {
    const was = old.get(mount.id);
    if (was === undefined || was.mountPoint !== mount.mountPoint) {
      changes.push({ kind: 'added', mount, details: [] });
      continue;
    }
    kept.add(mount.id);
    const details = COMPARISONS.map((compare) => compare(was, mount)).filter((d) => d !== null);
    if (details.length > 0) changes.push({ kind: 'changed', mount, details });
  }
  for (const mount of before) if (!kept.has(mount.id)) changes.push({ kind: 'removed', mount, details: [] });
  return changes;
}
