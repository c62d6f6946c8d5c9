import type { MountInfo } from '../../mountinfo/parse.ts';
import type { MountTable } from '../../mountinfo/table.ts';
import { diffMounts, type ChangeKind } from './diff.ts';
import { masterGroupOf, peerGroups, type PeerGroup } from './groups.ts';
import { selectMounts } from './select.ts';

/** One namespace to draw: its label, its table after the step, and before it when the step is known. */
export interface NamespaceTables {
  readonly label: string;
  readonly after: MountTable;
  readonly before?: MountTable;
}

/** One line of a namespace's tree. */
export interface Row {
  readonly mount: MountInfo;
  readonly depth: number;
  readonly change: ChangeKind | null;
  readonly details: readonly string[];
  /** The group this mount is a member of (shared:N), and the group it receives from (master:N). */
  readonly group: PeerGroup | null;
  readonly master: PeerGroup | null;
}

export interface Column {
  readonly label: string;
  readonly rows: readonly Row[];
}

/** Everything a renderer needs; the SVG and the text renderer draw the same Picture. */
export interface Picture {
  readonly columns: readonly Column[];
  readonly groups: readonly PeerGroup[];
}

/**
 * The picture of the touched part of each namespace (see selectMounts), with each step's changes
 * when `before` is given. Removed mounts stay in the tree, under their old parent, to be drawn struck out.
 */
export function treePicture(namespaces: readonly NamespaceTables[], touched: readonly string[]): Picture {
  const drawn = namespaces.map(({ label, after, before }) => {
    const now = selectMounts(after, touched);
    const changes = before === undefined ? [] : diffMounts(selectMounts(before, touched), now);
    const removed = changes.filter((c) => c.kind === 'removed').map((c) => c.mount);
    return { label, now, mounts: [...now, ...removed], changes: new Map(changes.map((c) => [c.mount, c])) };
  });
  // Removed mounts are in no group any more: they are drawn without a mark and left out of the legend.
  const groups = peerGroups(drawn.map(({ label, now }) => ({ label, mounts: now })));
  const byId = new Map(groups.map((g) => [g.id, g]));
  const columns = drawn.map(({ label, mounts, changes }) => ({
    label,
    rows: treeOrder(mounts).map(({ mount, depth }) => {
      const change = changes.get(mount);
      const master = change?.kind === 'removed' ? null : masterGroupOf(mount);
      const shared = change?.kind === 'removed' ? null : mount.propagation.shared;
      return {
        mount,
        depth,
        change: change?.kind ?? null,
        details: change?.details ?? [],
        group: shared === null ? null : (byId.get(shared) ?? null),
        master: master === null ? null : (byId.get(master) ?? null),
      };
    }),
  }));
  return { columns, groups };
}

/** Depth-first, children in table order; a mount whose parent is not drawn starts a tree of its own. */
function treeOrder(mounts: readonly MountInfo[]): { mount: MountInfo; depth: number }[] {
  const ids = new Set(mounts.map((m) => m.id));
  const isTop = (m: MountInfo) => m.parentId === m.id || !ids.has(m.parentId);
  const out: { mount: MountInfo; depth: number }[] = [];
  const seen = new Set<MountInfo>();
  const walk = (m: MountInfo, depth: number) => {
    seen.add(m);
    out.push({ mount: m, depth });
    for (const child of mounts) if (!seen.has(child) && !isTop(child) && child.parentId === m.id) walk(child, depth + 1);
  };
  for (const m of mounts) if (isTop(m)) walk(m, 0);
  return out;
}
