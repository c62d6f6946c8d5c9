import { compareKernelVersions, formatKernelVersion, isAtLeast, parseKernelVersion, type KernelVersion } from '../kernel/version.ts';

/** One row of a per-kernel outcome table: a kernel range ("before 6.1", "from 6.1 before 6.12", "from 6.12", "any") and its value. */
export interface OutcomeRow {
  readonly kernels: string;
  readonly value: string;
}

/** The row that applies to the running kernel, and the report line that says so. */
export interface OutcomeChoice {
  readonly row: OutcomeRow;
  readonly index: number;
  readonly explanation: string;
}

interface Range {
  readonly from: KernelVersion | undefined;
  readonly before: KernelVersion | undefined;
}

const RANGE = /^(?:any|from (\S+)|before (\S+)|from (\S+) before (\S+))$/;

function parseRange(text: string): Range {
  const m = RANGE.exec(text.trim());
  if (m === null) throw new Error(`"${text}" is not a kernel range: write "before 6.1", "from 6.1", "from 6.1 before 6.12" or "any"`);
  const v = (s: string | undefined): KernelVersion | undefined => (s === undefined ? undefined : parseKernelVersion(s));
  return { from: v(m[1] ?? m[3]), before: v(m[2] ?? m[4]) };
}

const same = (a: KernelVersion | undefined, b: KernelVersion | undefined): boolean =>
  a === undefined || b === undefined ? a === b : compareKernelVersions(a, b) === 0;

/**
 * The table's rows must cover every kernel exactly once, in order: the first starts with "before"
 * (or is "any"), each next starts where the last ended, the last is "from". A table with a gap
 * would make no claim about the kernels in it.
 */
export function checkOutcomeTable(rows: readonly OutcomeRow[]): void {
  if (rows.length === 0) throw new Error('the outcome table has no rows');
  const ranges = rows.map((r) => parseRange(r.kernels));
  let start: KernelVersion | undefined;
  ranges.forEach((r, i) => {
    const label = `row "${rows[i]?.kernels ?? ''}"`;
    if (!same(r.from, start)) throw new Error(`${label} must start ${start === undefined ? 'with the oldest kernels ("before …")' : `from ${formatKernelVersion(start)}`}: the rows cover every kernel once, oldest first`);
    if (r.from !== undefined && r.before !== undefined && compareKernelVersions(r.from, r.before) >= 0) throw new Error(`${label} is empty`);
    if (r.before === undefined && i !== ranges.length - 1) throw new Error(`${label} reaches the newest kernels, so it must be the last row`);
    start = r.before;
  });
  if (start !== undefined) throw new Error(`the outcome table ends before ${formatKernelVersion(start)}: add a row "from ${formatKernelVersion(start)}"`);
}

/** Picks the row for `kernel` (the table checked first); `what` names the claim in the explanation. */
export function chooseOutcome(rows: readonly OutcomeRow[], kernel: KernelVersion, release: string, what: (value: string) => string): OutcomeChoice {
  checkOutcomeTable(rows);
  const index = rows.findIndex((r) => {
    const range = parseRange(r.kernels);
    return (range.from === undefined || isAtLeast(kernel, range.from)) && (range.before === undefined || !isAtLeast(kernel, range.before));
  });
  const row = rows[index];
  if (row === undefined) throw new Error(`no row of the outcome table covers kernel ${release}`);
  const table = rows.map((r) => `  ${r.kernels}: ${r.value}`).join('\n');
  return { row, index, explanation: `kernel ${release} is in "${row.kernels}": expecting ${what(row.value)}\noutcome table:\n${table}` };
}

/** The rows of a Gherkin data table whose header is `| kernels | <column> |`. */
export function outcomeRows(raw: readonly (readonly string[])[], column: string): OutcomeRow[] {
  const [head, ...body] = raw;
  if (head?.length !== 2 || head[0] !== 'kernels' || head[1] !== column) {
    throw new Error(`the outcome table's header must be | kernels | ${column} |; it is | ${(head ?? []).join(' | ')} |`);
  }
  return body.map(([kernels = '', value = '']) => ({ kernels, value }));
}
