/**
 * Per-kernel outcome tables on the matrix page: a step like "the mounts … number, per kernel:"
 * attaches which row applied and the whole table (src/runtime/kernel-outcomes.ts). Here those
 * attachments are read back from each kernel's cells and shown as one table per step, each row
 * with the kernels it applied on and how that run ended.
 */
import type { OutcomeRow } from '../../runtime/kernel-outcomes.ts';
import type { Matrix, MatrixColumn, MatrixRow } from './model.ts';

/** One outcome-table attachment: `kernel R is in "ROW": expecting WHAT\noutcome table:\n  K: V…`. */
export interface AppliedOutcome {
  readonly release: string;
  readonly row: string;
  /** The claim with the applying row's value: `4 mounts at or under "/tmp/docker" in window "c1"`. */
  readonly expecting: string;
  readonly rows: readonly OutcomeRow[];
}

const HEAD = /^kernel (\S+) is in "([^"]*)": expecting (.*)\noutcome table:\n/;

export function parseAppliedOutcome(text: string): AppliedOutcome | undefined {
  const m = HEAD.exec(text);
  if (m === null) return undefined;
  const rows = text.slice(m[0].length).split('\n').flatMap((line) => {
    const r = /^ {2}(.+?): (.*)$/.exec(line);
    return r === null ? [] : [{ kernels: r[1] ?? '', value: r[2] ?? '' }];
  });
  return { release: m[1] ?? '', row: m[2] ?? '', expecting: m[3] ?? '', rows };
}

/** The claim without its value (`mounts at or under …`): what makes two kernels' tables the same step's. */
function claimOf(o: AppliedOutcome): string {
  const value = o.rows.find((r) => r.kernels === o.row)?.value ?? '';
  return o.expecting.replace(value, '…');
}

interface StepTable {
  readonly claim: string;
  readonly rows: readonly OutcomeRow[];
  /** Row label → the kernels (columns) where it applied, with the cell's status. */
  readonly applied: Map<string, string[]>;
}

/** The outcome tables of one scenario, merged over the kernels that ran it. */
export function stepTables(row: MatrixRow, columns: readonly MatrixColumn[]): StepTable[] {
  const tables = new Map<string, StepTable>();
  for (const c of columns) {
    const cell = row.cells[c.kernel];
    for (const o of (cell?.kernelExpectations ?? []).map(parseAppliedOutcome)) {
      if (o === undefined || cell === undefined) continue;
      const key = `${claimOf(o)}\n${o.rows.map((r) => `${r.kernels}:${r.value}`).join('\n')}`;
      const t = tables.get(key) ?? { claim: claimOf(o), rows: o.rows, applied: new Map<string, string[]>() };
      tables.set(key, t);
      t.applied.set(o.row, [...(t.applied.get(o.row) ?? []), `${c.kernel} (${o.release}): ${cell.status}`]);
    }
  }
  return [...tables.values()];
}

/** The page's section: every scenario with a per-kernel outcome table, the row each kernel applied. */
export function renderOutcomeTables(m: Matrix, e: (s: string) => string, anchor: (key: string) => string): string {
  const blocks = m.rows.flatMap((r) => stepTables(r, m.columns).map((t) => {
    const body = t.rows.map((row) => `<tr><td>${e(row.kernels)}</td><td>${e(row.value)}</td><td>${e((t.applied.get(row.kernels) ?? []).join('; '))}</td></tr>`);
    return `<p><a href="#${e(anchor(r.key))}">${e(`${r.feature} › ${r.name}`)}</a>: ${e(t.claim)}</p>
<table class="outcomes"><thead><tr><th>kernels</th><th>expected</th><th>applied on (result)</th></tr></thead><tbody>
${body.join('\n')}
</tbody></table>`;
  }));
  if (blocks.length === 0) return '';
  return `<h2>Per-kernel outcome tables</h2>
<p class="small">Scenarios whose expected outcome depends on the kernel state it per kernel range; each kernel's run applied the row for its kernel.</p>
${blocks.join('\n')}`;
}
