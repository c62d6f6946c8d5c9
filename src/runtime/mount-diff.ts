/**
 * What changed in a mount table between two readings of /proc/.../mountinfo. Whole lines are
 * compared: a remount changes options, a new mount adds a line, a lost one removes it.
 */
export interface MountTableDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export function diffMountInfo(before: string, after: string): MountTableDiff {
  const b = lines(before);
  const a = lines(after);
  const bSet = new Set(b);
  const aSet = new Set(a);
  return { added: a.filter((l) => !bSet.has(l)), removed: b.filter((l) => !aSet.has(l)) };
}

export function isEmptyDiff(d: MountTableDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0;
}

export function formatMountDiff(d: MountTableDiff): string {
  return [...d.removed.map((l) => `- ${l}`), ...d.added.map((l) => `+ ${l}`)].join('\n');
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}
