import type { MountInfo } from '../../mountinfo/parse.ts';
import type { ChangeKind } from './diff.ts';
import type { Row } from './picture.ts';

/**
 * Per-mount flags a learner is asked about (mount(8) "FILESYSTEM-INDEPENDENT MOUNT OPTIONS");
 * rw and the atime default relatime are left out as noise.
 */
export const OPTIONS_THAT_MATTER = ['ro', 'nosuid', 'nodev', 'noexec', 'nosymfollow', 'noatime', 'strictatime'] as const;

export function optionsShown(m: MountInfo): string[] {
  return OPTIONS_THAT_MATTER.filter((o) => m.mountOptions.includes(o));
}

/** "tmpfs a-src", with the bound subdirectory when the mount's root is not the filesystem's root: "tmpfs src [/in side]". */
export function sourceText(m: MountInfo): string {
  const root = m.root === '/' ? '' : ` [${m.root}]`;
  return `${m.fsType} ${m.source === '' ? '(no source)' : m.source}${root}`;
}

/** The one-character change marks shared by the text and the SVG pictures. */
export const CHANGE_MARKS: Readonly<Record<ChangeKind, string>> = { added: '+', removed: '−', changed: '~' };

/** "[A]" for a member of group A, "→[B]" for a slave of group B, both for shared and slave. */
export function groupMarks(row: Row): string {
  const member = row.group === null ? '' : `[${row.group.mark}]`;
  const slave = row.master === null ? '' : `→[${row.master.mark}]`;
  return [member, slave].filter((s) => s !== '').join(' ');
}
