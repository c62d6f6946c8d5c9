import { describePropagation } from '../../mountinfo/propagation.ts';
import { CHANGE_MARKS, groupMarks, optionsShown, sourceText } from './describe.ts';
import { legendSentence } from './groups.ts';
import type { Column, Picture, Row } from './picture.ts';

export interface TextOptions {
  /** ANSI colours for the group marks and changes (the marks are there either way). */
  readonly colour?: boolean;
}

const ANSI_CHANGE = { added: '32', removed: '31', changed: '33' } as const;
/** The 256-colour palette entries nearest to GROUP_COLOURS, in the same order. */
const ANSI_GROUP = [25, 178, 36, 175, 74, 166, 227, 16] as const;

/**
 * The picture for the terminal, one namespace after another, findmnt-style:
 *
 *   the sandbox
 *   / ext4 /dev/vda  private
 *   └─ /tmp  tmpfs mountlab-sandbox  private
 *      ├─ /tmp/t/a  tmpfs a-src  [A] shared:1
 *      └─ ~ /tmp/t/b  tmpfs a-src  →[A] master:1   (propagation shared:1 → master:1)
 *
 *   [A] peer group 1: /tmp/t/a; slaves: /tmp/t/b
 *   + added  − removed  ~ changed
 */
export function pictureText(picture: Picture, options: TextOptions = {}): string {
  const painted = (sgr: string | null, text: string) => (options.colour === true && sgr !== null ? `\x1b[${sgr}m${text}\x1b[0m` : text);
  const groupSgr = (id: number | undefined) => {
    const index = picture.groups.findIndex((g) => g.id === id);
    return index === -1 ? null : `38;5;${ANSI_GROUP[index % ANSI_GROUP.length] ?? 16}`;
  };
  const line = (row: Row, prefix: string): string => {
    const change = row.change === null ? '' : `${painted(ANSI_CHANGE[row.change], CHANGE_MARKS[row.change])} `;
    const marks = groupMarks(row);
    const colouredMarks = marks === '' ? '' : `  ${painted(groupSgr(row.group?.id ?? row.master?.id), marks)}`;
    const opts = optionsShown(row.mount);
    const details = row.details.length === 0 ? '' : `   (${row.details.join('; ')})`;
    const flags = opts.length > 0 ? ` ${opts.join(',')}` : '';
    return `${prefix}${change}${row.mount.mountPoint}  ${sourceText(row.mount)}${flags}${colouredMarks === '' ? '  ' : `${colouredMarks} `}${describePropagation(row.mount)}${details}`;
  };
  const column = (c: Column) => [c.label, ...c.rows.map((row, i) => line(row, treePrefix(c.rows, i)))].join('\n');
  const home = picture.columns[0]?.label ?? '';
  const legend = picture.groups.map((g) => `${painted(groupSgr(g.id), `[${g.mark}]`)} ${legendSentence(g, home)}`);
  const key = `${CHANGE_MARKS.added} added  ${CHANGE_MARKS.removed} removed  ${CHANGE_MARKS.changed} changed`;
  return [...picture.columns.map(column), [...legend, key].join('\n')].join('\n\n');
}

/** "├─ " / "└─ " and the "│  " of open ancestors, worked out from the depths of the rows below. */
function treePrefix(rows: readonly Row[], index: number): string {
  const depth = rows[index]?.depth ?? 0;
  let prefix = '';
  for (let level = 1; level <= depth; level++) {
    const more = hasLaterSibling(rows, index, level);
    prefix += level === depth ? (more ? '├─ ' : '└─ ') : more ? '│  ' : '   ';
  }
  return prefix;
}

/** Is there a later row at `level` before the tree climbs above it? */
function hasLaterSibling(rows: readonly Row[], index: number, level: number): boolean {
  for (const row of rows.slice(index + 1)) {
    if (row.depth < level) return false;
    if (row.depth === level) return true;
  }
  return false;
}
