/**
 * Which changes of the machine's own mount table a scenario made, and which are the machine's own
 * activity (Docker, systemd automounts, an image build mounting /proc under /tmp…).
 *
 * A scenario's sandbox starts with `--propagation private`, so its mounts reach the root
 * namespace only by leaving the sandbox (e.g. `umount -l /proc; nsenter -t 1 -m mount …`). Every
 * command runs under strace -f, so such an escape shows as a successful mount-family call made
 * by the scenario. A changed mount point is the scenario's when one of those calls names it:
 * - exactly (the call's target path is the mount point), or
 * - as a subtree: the target is a parent of the mount point and the call moves whole trees
 *   (MS_BIND|MS_REC, MS_MOVE, move_mount, umount2 with MNT_DETACH, pivot_root), or the line was
 *   only modified (same mount point before and after: a recursive propagation or remount change);
 * - or when the call's target cannot be read as an absolute path (relative, empty with an fd,
 *   cut short by strace's -s limit beyond a prefix): then every change counts as the scenario's.
 * What no call explains is the machine's own. Not seen: mounts made by processes mountlab did not
 * trace (a daemon asked to mount, a window's background job between commands); see docs/reliability.md.
 */
import type { SyscallRecord } from '../errno/strace/index.ts';
import { parseMountInfoLine } from '../mountinfo/parse.ts';
import type { MountTableDiff } from './mount-diff.ts';

/** Index of the target path argument(s) of each mount-family call. */
const TARGET_ARGS: Readonly<Record<string, readonly number[]>> = {
  mount: [1],
  umount: [0],
  umount2: [0],
  move_mount: [3],
  mount_setattr: [1],
  open_tree: [1],
  pivot_root: [0, 1],
};

interface Target {
  /** Absolute path, or a prefix of one when strace cut it; undefined: cannot tell (matches all). */
  readonly path: string | undefined;
  readonly prefixOnly: boolean;
  /** The call moves or removes whole subtrees. */
  readonly tree: boolean;
}

export interface Attribution {
  readonly scenario: MountTableDiff;
  readonly machine: MountTableDiff;
}

function targets(call: SyscallRecord): Target[] {
  const at = TARGET_ARGS[call.name];
  if (at === undefined || call.failed || call.returned === '?') return [];
  const tree = call.name === 'move_mount' || call.name === 'pivot_root'
    || (call.name === 'umount2' && call.args.includes('MNT_DETACH'))
    || (call.name === 'mount' && (call.args.includes('MS_MOVE') || (call.args.includes('MS_BIND') && call.args.includes('MS_REC'))));
  return at.map((i) => {
    const arg = call.decodedArgs[i];
    const text = arg?.text;
    if (text === undefined || !text.startsWith('/')) return { path: undefined, prefixOnly: false, tree };
    return { path: text.length > 1 ? text.replace(/\/+$/, '') : text, prefixOnly: arg?.truncated === true, tree };
  });
}

function explains(t: Target, mountPoint: string, modified: boolean): boolean {
  if (t.path === undefined) return true;
  if (t.prefixOnly) return mountPoint.startsWith(t.path);
  if (mountPoint === t.path) return true;
  const parent = t.path === '/' ? '/' : `${t.path}/`;
  return (t.tree || modified) && mountPoint.startsWith(parent);
}

function mountPointOf(line: string): string {
  try {
    return parseMountInfoLine(line).mountPoint;
  } catch {
    return '';
  }
}

/** Splits a diff of the root namespace's table into the scenario's changes and the machine's own. */
export function attributeMountChanges(diff: MountTableDiff, calls: readonly SyscallRecord[]): Attribution {
  const all = calls.flatMap(targets);
  const removedPoints = new Set(diff.removed.map(mountPointOf));
  const addedPoints = new Set(diff.added.map(mountPointOf));
  const ours = (line: string): boolean => {
    const point = mountPointOf(line);
    const modified = removedPoints.has(point) && addedPoints.has(point);
    return all.some((t) => explains(t, point, modified));
  };
  return {
    scenario: { added: diff.added.filter(ours), removed: diff.removed.filter(ours) },
    machine: { added: diff.added.filter((l) => !ours(l)), removed: diff.removed.filter((l) => !ours(l)) },
  };
}
