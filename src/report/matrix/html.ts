/**
 * The kernel matrix as one self-contained HTML page (inline CSS, no scripts, no external assets):
 * the date and the images at the top, a legend, then scenarios × kernels, one colour per status,
 * with the skip reason, the kernel-dependent expectation that applied and the failure in each cell.
 */
import type { CellStatus } from './messages.ts';
import { renderOutcomeTables } from './outcome-tables.ts';
import { expectedOutcome, STATUSES, type Matrix, type MatrixCell, type MatrixColumn, type MatrixRow } from './model.ts';

export const STATUS_STYLE: Readonly<Record<CellStatus, { label: string; colour: string; border: string; meaning: string }>> = {
  pass: { label: 'pass', colour: '#d8f0d4', border: '#3c8d2f', meaning: 'every step passed' },
  fail: { label: 'fail', colour: '#f9d3d0', border: '#c0392b', meaning: 'a step or hook failed (or the run ended before the scenario finished)' },
  skip: { label: 'skip', colour: '#fdf0c4', border: '#b7950b', meaning: 'skipped on this kernel; the reason is in the cell' },
  undefined: { label: 'undefined', colour: '#e5dcf3', border: '#7d5ba6', meaning: 'a step has no definition (or is pending)' },
  missing: { label: 'not run', colour: '#ececec', border: '#8a8a8a', meaning: 'not in this kernel’s run (filtered out, or the run stopped early)' },
};

const CSS = `
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5em; color: #1d1d1d; background: #fff; }
h1 { font-size: 1.5em; margin: 0 0 .2em; }
h2 { font-size: 1.1em; margin: 1.4em 0 .4em; }
.meta { color: #555; margin: 0 0 .6em; }
.verdict { font-weight: 600; margin: 0 0 1em; padding: .4em .6em; border-radius: 4px; display: inline-block; }
.verdict.ok { background: #d8f0d4; color: #24591c; }
.verdict.bad { background: #f9d3d0; color: #8e2318; }
ul.differences { margin: .2em 0 1em; padding-left: 1.4em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #c8c8c8; padding: .35em .5em; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
table.images td:nth-child(n+4):nth-child(-n+7) { white-space: nowrap; }
table.images td.ok { color: #3c8d2f; font-weight: 600; }
table.images td.bad { color: #c0392b; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: .6em 1.4em; margin: .4em 0 1em; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: .4em; }
.swatch { display: inline-block; width: 1.1em; height: 1.1em; border: 2px solid; border-radius: 3px; }
table.matrix { width: 100%; table-layout: fixed; }
table.matrix th.scenario { width: 34%; }
table.matrix tr.feature th { background: #e4e9f0; font-size: 1.02em; }
.where { color: #777; font-size: .85em; font-family: ui-monospace, Menlo, Consolas, monospace; }
.differs { display: inline-block; margin-left: .4em; padding: 0 .35em; border-radius: 3px; background: #1f5f99; color: #fff; font-size: .78em; }
td.cell { border-left-width: 5px; }
.status { font-weight: 700; text-transform: uppercase; font-size: .8em; letter-spacing: .04em; }
.note { margin-top: .25em; font-size: .88em; }
.expect b { font-family: ui-monospace, Menlo, Consolas, monospace; }
.step { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; }
details { margin-top: .25em; }
summary { cursor: pointer; font-size: .85em; }
pre { white-space: pre-wrap; word-break: break-word; font-size: .8em; background: #fff8f7; border: 1px solid #eed; padding: .4em; max-height: 24em; overflow: auto; }
.small { font-size: .85em; color: #555; }
`;

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function renderMatrixHtml(m: Matrix): string {
  const e = escapeHtml;
  const title = `mountlab kernel matrix — ${m.columns.map((c) => c.kernel).join(', ')}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>mountlab kernel matrix</h1>
<p class="meta">Generated ${e(formatDate(m.generatedAt))}. Every feature, run on the lab VM once per kernel image; ${m.rows.length} scenarios × ${m.columns.length} kernels.</p>
${renderVerdict(m)}
<h2>Kernel images</h2>
${renderImages(m.columns)}
<h2>Legend</h2>
<ul class="legend">
${STATUSES.map((s) => `<li><span class="swatch" style="background:${STATUS_STYLE[s].colour};border-color:${STATUS_STYLE[s].border}"></span><b>${e(STATUS_STYLE[s].label)}</b> <span class="small">${e(STATUS_STYLE[s].meaning)}</span></li>`).join('\n')}
<li><span class="differs">differs</span> <span class="small">the outcome or the expectation that applied is not the same on every kernel</span></li>
</ul>
${renderDifferences(m)}
${renderOutcomeTables(m, e, anchor)}
<h2>Scenarios × kernels</h2>
${renderMatrixTable(m)}
</body>
</html>
`;
}

function renderVerdict(m: Matrix): string {
  const failed = m.columns.filter((c) => !c.ok);
  const text = m.columns.length === 0
    ? 'No kernel runs found.'
    : failed.length === 0
      ? `Every kernel's run passed (${m.columns.map((c) => c.kernel).join(', ')}).`
      : `${failed.map((c) => `${c.kernel}: ${c.counts.fail > 0 ? `${c.counts.fail} scenario${c.counts.fail === 1 ? '' : 's'} failed` : c.problem ?? 'the run failed'}`).join('; ')}.`;
  return `<p class="verdict ${failed.length === 0 && m.columns.length > 0 ? 'ok' : 'bad'}">${escapeHtml(text)}</p>`;
}

/** The rows whose outcome or expectation is not the same on every kernel, as a list linking to them. */
function renderDifferences(m: Matrix): string {
  if (m.columns.length < 2) return '';
  const e = escapeHtml;
  const items = m.rows.filter((r) => rowDiffers(r, m.columns)).map((r) => {
    const per = m.columns.map((c) => {
      const cell = r.cells[c.kernel] ?? { status: 'missing' as const };
      const expects = (cell.kernelExpectations ?? []).map(expectedOutcome).filter((x) => x !== undefined);
      return `${c.kernel} ${STATUS_STYLE[cell.status].label}${expects.length > 0 ? ` (expects ${expects.join(', ')})` : ''}`;
    });
    return `<li><a href="#${e(anchor(r.key))}">${e(`${r.feature} › ${r.name}`)}</a>: ${e(per.join(', '))}</li>`;
  });
  return `<h2>Where the kernels differ</h2>
${items.length === 0 ? '<p class="small">Nowhere: every scenario has the same outcome on every kernel that ran it.</p>' : `<ul class="differences">
${items.join('\n')}
</ul>`}`;
}

function renderImages(columns: readonly MatrixColumn[]): string {
  const e = escapeHtml;
  const rows = columns.map((c) => {
    const result = c.ok ? 'passed' : c.problem !== undefined ? `failed: ${c.problem}` : `failed${c.exitCode !== undefined ? ` (exit ${c.exitCode})` : ''}`;
    const counts = STATUSES.filter((s) => c.counts[s] > 0).map((s) => `${c.counts[s]} ${STATUS_STYLE[s].label}`).join(', ');
    const report = c.reportHref === undefined ? '' : `<a href="${e(c.reportHref)}">cucumber report</a>`;
    return `<tr><th>${e(c.kernel)}</th><td>${e(c.image?.name ?? '?')}</td><td>${e(c.kernelRelease ?? '?')}${c.image?.kernelRelease !== undefined && c.kernelRelease !== c.image.kernelRelease ? ` <span class="small">(manifest: ${e(c.image.kernelRelease)})</span>` : ''}</td><td>${e(c.image?.kernelPackageVersion ?? '')}</td><td>${e(c.image?.builtAt === undefined ? '' : formatDate(c.image.builtAt))}</td><td>${e(c.startedAt === undefined ? '' : formatDate(c.startedAt))}</td><td>${e(c.durationMs === undefined ? '' : formatDuration(c.durationMs))}</td><td class="${c.ok ? 'ok' : 'bad'}">${e(result)}</td><td>${e(counts)}</td><td>${report}</td></tr>`;
  });
  return `<table class="images">
<thead><tr><th>kernel</th><th>image</th><th>kernel release</th><th>package</th><th>image built</th><th>run started</th><th>run took</th><th>result</th><th>scenarios</th><th>report</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function renderMatrixTable(m: Matrix): string {
  const e = escapeHtml;
  const head = m.columns.map((c) => `<th>${e(c.kernel)}<br><span class="small">${e(c.kernelRelease ?? '?')}</span></th>`).join('');
  const body: string[] = [];
  let feature: string | undefined;
  for (const row of m.rows) {
    if (row.uri !== feature) {
      feature = row.uri;
      body.push(`<tr class="feature"><th colspan="${m.columns.length + 1}">${e(row.feature)} <span class="where">${e(row.uri)}</span></th></tr>`);
    }
    const differs = rowDiffers(row, m.columns) ? '<span class="differs">differs</span>' : '';
    const cells = m.columns.map((c) => renderCell(row.cells[c.kernel] ?? { status: 'missing' })).join('');
    body.push(`<tr id="${e(anchor(row.key))}"><td>${e(row.name)}${differs}<br><span class="where">${e(`${row.uri}:${row.line}`)}</span></td>${cells}</tr>`);
  }
  return `<table class="matrix">
<thead><tr><th class="scenario">feature › scenario</th>${head}</tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>`;
}

function renderCell(cell: MatrixCell): string {
  const e = escapeHtml;
  const style = STATUS_STYLE[cell.status];
  const notes: string[] = [];
  if (cell.skipReason !== undefined) notes.push(`<div class="note">${e(cell.skipReason)}</div>`);
  for (const x of cell.kernelExpectations ?? []) {
    const outcome = expectedOutcome(x);
    notes.push(`<div class="note expect">expects <b>${e(outcome ?? '?')}</b><br><span class="small">${e(x)}</span></div>`);
  }
  if (cell.failure !== undefined) {
    const [first = '', ...rest] = cell.failure.message.split('\n');
    notes.push(`<div class="note"><span class="step">${e(cell.failure.step)}</span><br>${e(first)}</div>`);
    if (rest.some((l) => l.trim() !== '')) notes.push(`<details><summary>full message</summary><pre>${e(cell.failure.message)}</pre></details>`);
  }
  return `<td class="cell ${cell.status}" style="background:${style.colour};border-left-color:${style.border}"><span class="status">${e(style.label)}</span>${notes.join('')}</td>`;
}

/** Different statuses, or a different kernel-dependent expectation, across the kernels that ran it. */
export function rowDiffers(row: MatrixRow, columns: readonly MatrixColumn[]): boolean {
  const seen = new Set<string>();
  for (const c of columns) {
    const cell = row.cells[c.kernel];
    if (cell === undefined || cell.status === 'missing') continue;
    seen.add(`${cell.status}:${(cell.kernelExpectations ?? []).map(expectedOutcome).join(',')}`);
  }
  return seen.size > 1;
}

function anchor(key: string): string {
  return key.replace(/[^A-Za-z0-9]+/g, '-');
}

function formatDate(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC');
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
