import { element, text } from './xml.ts';
import type { PeerGroup } from './groups.ts';
import type { Row } from './picture.ts';

/** Monospace advance at 1px font size (DejaVu Sans Mono, Menlo and Consolas are all about 0.6em). */
const ADVANCE = 0.61;

/** The width a monospace text of `size` px is laid out with (checked in a browser by svg.browser.test.ts). */
export const textWidth = (chars: string, size: number) => chars.length * size * ADVANCE;

/** Right-aligned: a filled disc with the group's mark for a member, an outlined "→B" tag for a slave of B. */
export function badges(row: Row, right: number, cy: number): string {
  const out: string[] = [];
  let x = right;
  if (row.master !== null) {
    const label = `→${row.master.mark}`;
    const w = textWidth(label, 13) + 18;
    x -= w;
    out.push(
      element('rect', { x, y: cy - 11, width: w, height: 22, rx: 11, fill: '#fff', stroke: row.master.colour, 'stroke-width': 2.5, 'stroke-dasharray': '4 2' }),
      text({ x: x + w / 2, y: cy + 5, 'font-size': 13, 'font-weight': 'bold', 'text-anchor': 'middle', fill: row.master.colour }, label),
    );
    x -= 6;
  }
  if (row.group !== null) out.push(groupDisc(row.group, x - 11, cy));
  return out.join('');
}

export function groupDisc(g: PeerGroup, cx: number, cy: number): string {
  return element('circle', { cx, cy, r: 11, fill: g.colour }) + text({ x: cx, y: cy + 5, 'font-size': 13, 'font-weight': 'bold', 'text-anchor': 'middle', fill: '#fff' }, g.mark);
}

/**
 * The picture of sharedsubtree.rst: a dashed arrow, in the master group's colour, from the first
 * box of that group in this column to each slave box, outside the column on the right. Slaves
 * whose master group has no box here keep only their "→A" tag. No <marker>: ids would clash when
 * a page inlines several pictures.
 */
export function slaveArrows(rows: readonly Row[], tops: readonly number[], right: number): string[] {
  let nth = 0;
  return rows.flatMap((row, i) => {
    const from = rows.findIndex((r) => r.group !== null && r.group === row.master);
    if (row.master === null || from === -1) return [];
    const y1 = (tops[from] ?? 0) + 18;
    const y2 = (tops[i] ?? 0) + 18;
    const bulge = right + 16 + (nth++ % 3) * 9;
    const colour = row.master.colour;
    return [
      element(
        'g',
        { class: 'slave-arrow', 'data-master': row.master.id, 'data-slave': row.mount.mountPoint },
        element('path', { d: `M${right} ${y1} C${bulge} ${y1} ${bulge} ${y2} ${right + 8} ${y2}`, fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-dasharray': '5 3' }),
        element('polygon', { points: `${right + 1},${y2} ${right + 10},${y2 - 5} ${right + 10},${y2 + 5}`, fill: colour }),
      ),
    ];
  });
}
