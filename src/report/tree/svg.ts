import { describePropagation } from '../../mountinfo/propagation.ts';
import { CHANGE_MARKS, optionsShown, sourceText } from './describe.ts';
import type { ChangeKind } from './diff.ts';
import { legendSentence, type PeerGroup } from './groups.ts';
import type { Column, Picture, Row } from './picture.ts';
import { badges, groupDisc, slaveArrows, textWidth } from './svg-marks.ts';
import { element, escapeXml, text } from './xml.ts';

const FONT = "'DejaVu Sans Mono', Menlo, Consolas, monospace";
const PAD = 16;
const INDENT = 26;
const ROW = 50;
const DETAIL = 16;
const GAP = 10;
const BADGES = 76;
/** Room right of each column for the arrows from a master's box to its slaves' boxes. */
const ARROWS = 44;

const CHANGE_STYLE: Readonly<Record<ChangeKind, { fill: string; stroke: string; dash: string | null }>> = {
  added: { fill: '#e3f5e8', stroke: '#1a7f37', dash: null },
  removed: { fill: '#fdecec', stroke: '#c62828', dash: '6 4' },
  changed: { fill: '#fff3dc', stroke: '#a35a00', dash: null },
};

const width = textWidth;
const secondLine = (row: Row) => [sourceText(row.mount), optionsShown(row.mount).join(','), describePropagation(row.mount)].filter((s) => s !== '').join('  ·  ');
const rowHeight = (row: Row) => ROW + row.details.length * DETAIL;

/** The SVG document of a picture: one tree column per namespace side by side, then the legend. */
export function pictureSvg(picture: Picture, title = 'Mount trees'): string {
  const widths = picture.columns.map(columnWidth);
  const columnsHeight = Math.max(0, ...picture.columns.map((c) => 34 + c.rows.reduce((h, r) => h + rowHeight(r) + GAP, 0)));
  const home = picture.columns[0]?.label ?? '';
  const legend = [...picture.groups.map((g) => legendSentence(g, home)), changeKey()];
  const legendWidth = Math.max(0, ...legend.map((line) => 30 + width(line, 13)));
  const total = Math.ceil(Math.max(widths.reduce((a, b) => a + b + ARROWS + PAD, PAD), legendWidth + 2 * PAD));
  const height = Math.ceil(PAD + columnsHeight + 20 + legend.length * 24 + PAD);
  let x = PAD;
  const columns = picture.columns.map((c, i) => {
    const drawn = column(c, x, PAD, widths[i] ?? 0);
    x += (widths[i] ?? 0) + ARROWS + PAD;
    return drawn;
  });
  const legendTop = PAD + columnsHeight + 20;
  return element(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', width: total, height, viewBox: `0 0 ${total} ${height}`, role: 'img', 'font-family': FONT },
    element('title', {}, escapeXml(title)),
    element('rect', { width: total, height, fill: '#ffffff' }),
    ...columns,
    ...picture.groups.map((g, i) => legendLine(g, PAD, legendTop + i * 24, legend[i] ?? '')),
    text({ x: PAD + 30, y: legendTop + picture.groups.length * 24 + 5, 'font-size': 13, fill: '#333' }, changeKey()),
  );
}

function changeKey(): string {
  return `${CHANGE_MARKS.added} added (green)   ${CHANGE_MARKS.removed} removed (red, dashed)   ${CHANGE_MARKS.changed} changed (amber)   →A slave of group A`;
}

function columnWidth(c: Column): number {
  const rows = c.rows.map((r) => r.depth * INDENT + 22 + Math.max(width(r.mount.mountPoint, 14) + 20, width(secondLine(r), 12), ...r.details.map((d) => width(d, 12))) + BADGES);
  return Math.ceil(Math.max(260, width(c.label, 16), ...rows));
}

function column(c: Column, x: number, y: number, columnWidth: number): string {
  const parts = [text({ x, y: y + 16, 'font-size': 16, 'font-weight': 'bold', fill: '#111' }, c.label)];
  const tops: number[] = [];
  let top = y + 34;
  c.rows.forEach((row, i) => {
    tops[i] = top;
    parts.push(connector(c.rows, tops, i, x), mountBox(row, x + row.depth * INDENT, top, columnWidth - row.depth * INDENT));
    top += rowHeight(row) + GAP;
  });
  parts.push(...slaveArrows(c.rows, tops, x + columnWidth));
  return element('g', { class: 'namespace', 'data-namespace': c.label }, ...parts);
}

/** An elbow from the bottom of the parent's box (the nearest earlier row one level up) to this row's box. */
function connector(rows: readonly Row[], tops: readonly number[], i: number, x: number): string {
  const depth = rows[i]?.depth ?? 0;
  if (depth === 0) return '';
  let parent = i - 1;
  while (parent >= 0 && (rows[parent]?.depth ?? 0) >= depth) parent--;
  const fromX = x + (depth - 1) * INDENT + 12;
  const above = rows[parent];
  const fromY = (tops[parent] ?? 0) + (above === undefined ? ROW : rowHeight(above));
  const toY = (tops[i] ?? 0) + 20;
  return element('path', { d: `M${fromX} ${fromY} V${toY} H${x + depth * INDENT}`, fill: 'none', stroke: '#888', 'stroke-width': 1.5 });
}

function mountBox(row: Row, x: number, y: number, w: number): string {
  const style = row.change === null ? null : CHANGE_STYLE[row.change];
  const h = rowHeight(row);
  const removed = row.change === 'removed';
  const title = `${row.mount.mountPoint} — ${secondLine(row)}${row.details.length > 0 ? ` — ${row.details.join('; ')}` : ''}`;
  return element(
    'g',
    { class: 'mount', 'data-mount-point': row.mount.mountPoint, 'data-group': row.group?.id, 'data-master': row.master?.id, 'data-change': row.change, opacity: removed ? 0.75 : null },
    element('title', {}, escapeXml(title)),
    element('rect', { x, y, width: w, height: h, rx: 6, fill: style?.fill ?? '#f7f7f7', stroke: style?.stroke ?? '#bbb', 'stroke-width': style === null ? 1 : 2.5, 'stroke-dasharray': style?.dash }),
    row.group === null ? '' : element('rect', { x, y, width: 8, height: h, rx: 3, fill: row.group.colour }),
    text({ x: x + 16, y: y + 21, 'font-size': 14, 'font-weight': 'bold', fill: '#111', 'text-decoration': removed ? 'line-through' : null }, `${row.change === null ? '' : `${CHANGE_MARKS[row.change]} `}${row.mount.mountPoint}`),
    text({ x: x + 16, y: y + 40, 'font-size': 12, fill: '#444' }, secondLine(row)),
    ...row.details.map((d, i) => text({ x: x + 16, y: y + 40 + (i + 1) * DETAIL, 'font-size': 12, fill: style?.stroke ?? '#444' }, d)),
    badges(row, x + w - 10, y + 18),
  );
}

function legendLine(g: PeerGroup, x: number, y: number, sentence: string): string {
  return element('g', { class: 'legend', 'data-group': g.id }, groupDisc(g, x + 11, y), text({ x: x + 30, y: y + 5, 'font-size': 13, fill: '#111' }, sentence));
}
