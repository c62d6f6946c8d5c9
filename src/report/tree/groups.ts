import type { MountInfo } from '../../mountinfo/parse.ts';

/** One namespace's mounts as drawn: its label ("the sandbox", `window "other"`) and its mounts. */
export interface LabelledMounts {
  readonly label: string;
  readonly mounts: readonly MountInfo[];
}

export interface Placed {
  readonly namespace: string;
  readonly mount: MountInfo;
}

/** A peer group as one picture shows it: a mark ("A") and a colour kept for the whole picture. */
export interface PeerGroup {
  readonly id: number;
  readonly mark: string;
  readonly colour: string;
  /** Mounts with shared:id, across every namespace of the picture. */
  readonly members: readonly Placed[];
  /** Mounts with master:id or propagate_from:id: they receive from this group. */
  readonly slaves: readonly Placed[];
}

/** Okabe–Ito colours: told apart with the common colour-vision deficiencies, and in greyscale print by mark. */
export const GROUP_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/** A, B, …, Z, AA, AB, …: a mark for the nth group. */
export function groupMark(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : groupMark(Math.floor(index / 26) - 1) + letter;
}

/**
 * The group a slave is drawn pointing at: master:N, except when proc(5)'s propagate_from:N is
 * there, i.e. the immediate master is outside the reader's root and N is the nearest group it can see.
 */
export function masterGroupOf(m: MountInfo): number | null {
  return m.propagation.propagateFrom ?? m.propagation.master;
}

/**
 * Every peer group the namespaces show, as members or as masters of shown slaves. Peer group IDs
 * are global (Documentation/filesystems/sharedsubtree.rst), so a window's copy that is a peer of a
 * sandbox mount lands in the same group. Marks follow first appearance: namespace order, then table order.
 */
export function peerGroups(namespaces: readonly LabelledMounts[]): PeerGroup[] {
  const byId = new Map<number, { members: Placed[]; slaves: Placed[] }>();
  const group = (id: number) => {
    let g = byId.get(id);
    if (g === undefined) byId.set(id, (g = { members: [], slaves: [] }));
    return g;
  };
  for (const { label, mounts } of namespaces) {
    for (const mount of mounts) {
      const placed = { namespace: label, mount };
      if (mount.propagation.shared !== null) group(mount.propagation.shared).members.push(placed);
      const master = masterGroupOf(mount);
      if (master !== null) group(master).slaves.push(placed);
    }
  }
  return [...byId].map(([id, g], index) => ({
    id,
    mark: groupMark(index),
    colour: GROUP_COLOURS[index % GROUP_COLOURS.length] ?? '#000000',
    ...g,
  }));
}

/** "a", "a and b", "a, b, and c". */
function inWords(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1) ?? ''}`;
}

/**
 * The legend sentence, e.g. `peer group 1: /tmp/t/a, /tmp/t/b, and /tmp/t/a in window "other";
 * slaves: /tmp/t/b in window "slave"`. Mounts of `home` (the first namespace) are named bare.
 */
export function legendSentence(g: PeerGroup, home: string): string {
  const name = (p: Placed) => (p.namespace === home ? p.mount.mountPoint : `${p.mount.mountPoint} in ${p.namespace}`);
  const members = g.members.length === 0 ? 'no mount shown' : inWords(g.members.map(name));
  const slaves = g.slaves.length === 0 ? '' : `; slaves: ${inWords(g.slaves.map(name))}`;
  return `peer group ${g.id}: ${members}${slaves}`;
}
