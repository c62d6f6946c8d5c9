import { parseMountInfo, type MountInfo } from './parse.ts';
import { isStrictlyUnder, normaliseMountPath, pathAndAncestors } from './path.ts';

/**
 * One mount namespace's table as seen by one process. Parents may be missing: the root mount's
 * parent is never listed, and after chroot neither are mounts outside the new root.
 */
export class MountTable {
  readonly entries: readonly MountInfo[];
  readonly #byId = new Map<number, MountInfo>();
  readonly #children = new Map<number, MountInfo[]>();
  /** Mounts whose parent is not in the table: where path lookups start. */
  readonly #tops: MountInfo[] = [];

  constructor(entries: readonly MountInfo[]) {
    this.entries = entries;
    for (const m of entries) this.#byId.set(m.id, m);
    for (const m of entries) {
      const parent = this.parent(m);
      const siblings = parent === undefined ? this.#tops : this.#children.get(parent.id);
      if (siblings === undefined) this.#children.set(m.parentId, [m]);
      else siblings.push(m);
    }
  }

  static parse(text: string): MountTable {
    return new MountTable(parseMountInfo(text));
  }

  byId(id: number): MountInfo | undefined {
    return this.#byId.get(id);
  }

  parent(m: MountInfo): MountInfo | undefined {
    return m.parentId === m.id ? undefined : this.#byId.get(m.parentId);
  }

  children(m: MountInfo): readonly MountInfo[] {
    return this.#children.get(m.id) ?? [];
  }

  /**
   * The mount a lookup of exactly `path` ends on, or undefined when `path` is not a mount point.
   * Walks the path the way the kernel does: at each directory, step onto the mount whose parent is
   * the mount we are in, then onto any mount stacked on top of it. So a covered mount (another mount
   * on its own mount point) is never returned, nor one whose parent is covered, nor one shadowed by
   * a later mount on a directory above it.
   */
  at(path: string): MountInfo | undefined {
    let current: MountInfo | undefined;
    let mountedHere = false;
    for (const directory of pathAndAncestors(normaliseMountPath(path))) {
      const top = this.#topmostOn(current, directory);
      mountedHere = top !== undefined;
      current = top ?? current;
    }
    return mountedHere ? current : undefined;
  }

  isMountPoint(path: string): boolean {
    return this.at(path) !== undefined;
  }

  /**
   * Raw lines that explain what is at `path`: mounts on it (covered ones too), on each directory
   * above it, and anywhere below it, in table order.
   */
  /** Every mount (covered ones too) whose mount point is `path` or below it: the table's size there. */
  mountsAtOrUnder(path: string): MountInfo[] {
    const target = normaliseMountPath(path);
    return this.entries.filter((m) => m.mountPoint === target || isStrictlyUnder(m.mountPoint, target));
  }

  linesAround(path: string): string[] {
    const target = normaliseMountPath(path);
    const onPathOrAbove = new Set(pathAndAncestors(target));
    return this.entries
      .filter((m) => onPathOrAbove.has(m.mountPoint) || isStrictlyUnder(m.mountPoint, target))
      .map((m) => m.line);
  }

  #topmostOn(parent: MountInfo | undefined, mountPoint: string): MountInfo | undefined {
    let top = this.#mountedOn(parent, mountPoint);
    const seen = new Set<MountInfo>();
    for (let over = top; over !== undefined && !seen.has(over); over = this.#mountedOn(over, mountPoint)) {
      seen.add(over);
      top = over;
    }
    return top;
  }

  #mountedOn(parent: MountInfo | undefined, mountPoint: string): MountInfo | undefined {
    const candidates = parent === undefined ? this.#tops : this.children(parent);
    return candidates.findLast((m) => m.mountPoint === mountPoint);
  }
}
