import type { MountInfo } from './parse.ts';
import type { MountTable } from './table.ts';
import { describePropagation } from './propagation.ts';

/**
 * The mount table as a tree, findmnt-style, with each mount's propagation: the picture a teacher
 * draws on the board. Children are listed in mount order; covered mounts are shown too.
 *
 *   /  ext4 /dev/vda  shared:1
 *   └─ /tmp  tmpfs mountlab-sandbox  shared:22
 *      └─ /tmp/parent  tmpfs mountlab-sandbox [/parent-backing]  private
 */
export function mountTreeText(table: MountTable, under = '/'): string {
  const roots = table.entries.filter((m) => table.parent(m) === undefined);
  const lines: string[] = [];
  const walk = (m: MountInfo, prefix: string, last: boolean, top: boolean): void => {
    const show = top || m.mountPoint === under || m.mountPoint.startsWith(under === '/' ? '/' : `${under}/`) || under.startsWith(`${m.mountPoint}/`) || m.mountPoint === '/';
    const children = table.children(m);
    if (show) lines.push(`${prefix}${top ? '' : last ? '└─ ' : '├─ '}${describe(m)}`);
    const childPrefix = top ? '' : `${prefix}${last ? '   ' : '│  '}`;
    children.forEach((c, i) => { walk(c, childPrefix, i === children.length - 1, false); });
  };
  roots.forEach((r) => { walk(r, '', true, true); });
  return lines.join('\n');
}

function describe(m: MountInfo): string {
  const root = m.root === '/' ? '' : ` [${m.root}]`;
  const ro = m.mountOptions.includes('ro') ? ' ro' : '';
  return `${m.mountPoint}  ${m.fsType} ${m.source}${root}${ro}  ${describePropagation(m)}`;
}
