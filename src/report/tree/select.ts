import type { MountInfo } from '../../mountinfo/parse.ts';
import type { MountTable } from '../../mountinfo/table.ts';
import { isStrictlyUnder, normaliseMountPath, pathAndAncestors } from '../../mountinfo/path.ts';

/** Pseudo-filesystem trees left out of a picture unless a touched path lies in them. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev'] as const;

const atOrUnder = (path: string, directory: string) => path === directory || isStrictlyUnder(path, directory);
const systemTreeOf = (path: string) => SYSTEM_TREES.find((tree) => atOrUnder(path, tree));

/**
 * The part of a table a scenario touched: every mount (covered ones too) at or under a touched
 * path, and every mount on a directory above one, up to "/". Mounts under /proc, /sys or /dev are
 * kept only when a touched path lies in that same tree, so touching "/" does not draw /sys/fs/cgroup.
 * Table order is kept.
 */
export function selectMounts(table: MountTable, touched: readonly string[]): MountInfo[] {
  const paths = touched.map(normaliseMountPath);
  const onAncestorLine = new Set(paths.flatMap(pathAndAncestors));
  const keep = (m: MountInfo): boolean =>
    onAncestorLine.has(m.mountPoint) ||
    paths.some((p) => isStrictlyUnder(m.mountPoint, p) && (systemTreeOf(m.mountPoint) === undefined || systemTreeOf(p) !== undefined));
  return table.entries.filter(keep);
}
