/**
 * The kernel matrix: one column per kernel run, one row per scenario (feature › scenario, each
 * Examples row its own), a cell per scenario and kernel. Built from the runs' per-scenario
 * results (messages.ts); rendered as HTML by html.ts and as Markdown here.
 */
import type { CellStatus, FailedStep, SuiteRun, ScenarioResult } from './messages.ts';

/** The kernels of the lab VM images (lab/image/build.sh --kernel), oldest first. */
export const MATRIX_KERNELS = ['bullseye', 'bookworm', 'trixie'] as const;

/** From lab/build/mountlab-<kernel>/manifest.json. */
export interface ImageInfo {
  readonly name: string;
  readonly kernelSuite: string | undefined;
  readonly kernelRelease: string | undefined;
  readonly kernelPackageVersion: string | undefined;
  readonly builtAt: string | undefined;
}

/** What is known of one kernel's run: its messages, the image it ran on, how it ended. */
export interface KernelRun {
  readonly kernel: string;
  readonly image: ImageInfo | undefined;
  /** The suite run read from messages.ndjson; undefined when the run left none. */
  readonly suiteRun: SuiteRun | undefined;
  /** The cucumber process's exit code, when the matrix runner saw it. */
  readonly exitCode: number | undefined;
  readonly durationMs: number | undefined;
  /** That run's cucumber.html, relative to the matrix page. */
  readonly reportHref: string | undefined;
  /** Why the run is missing or incomplete, for the page. */
  readonly problem: string | undefined;
}

export interface MatrixColumn {
  readonly kernel: string;
  /** The release the run saw (its attachments), else the image manifest's. */
  readonly kernelRelease: string | undefined;
  readonly image: ImageInfo | undefined;
  readonly ok: boolean;
  readonly exitCode: number | undefined;
  readonly durationMs: number | undefined;
  readonly startedAt: string | undefined;
  readonly counts: Readonly<Record<CellStatus, number>>;
  readonly reportHref: string | undefined;
  readonly problem: string | undefined;
}

export interface MatrixCell {
  readonly status: CellStatus;
  readonly skipReason?: string;
  readonly kernelExpectations?: readonly string[];
  readonly failure?: FailedStep;
  readonly durationMs?: number;
}

export interface MatrixRow extends Pick<ScenarioResult, 'key' | 'uri' | 'line' | 'feature' | 'example'> {
  /** The scenario's name; an Examples row whose name repeats another row's gets its values appended. */
  readonly name: string;
  /** By kernel. */
  readonly cells: Readonly<Record<string, MatrixCell>>;
}

export interface Matrix {
  readonly generatedAt: string;
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
}

export const STATUSES: readonly CellStatus[] = ['pass', 'fail', 'skip', 'undefined', 'missing'];

/** Kernels in matrix order: the known ones oldest first, then any others by name. */
export function sortKernels(kernels: readonly string[]): string[] {
  const rank = (k: string): number => {
    const i = (MATRIX_KERNELS as readonly string[]).indexOf(k);
    return i === -1 ? MATRIX_KERNELS.length : i;
  };
  return [...kernels].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function buildMatrix(runs: readonly KernelRun[], generatedAt: Date): Matrix {
  const byKey = new Map<string, { first: ScenarioResult; cells: Record<string, MatrixCell> }>();
  const uriRank = new Map<string, number>();
  for (const r of runs) {
    for (const s of r.suiteRun?.scenarios ?? []) {
      if (!uriRank.has(s.uri)) uriRank.set(s.uri, uriRank.size);
      const row = byKey.get(s.key) ?? { first: s, cells: {} };
      byKey.set(s.key, row);
      row.cells[r.kernel] = cellOf(s);
    }
  }
  const sorted = [...byKey.values()].sort((a, b) => (uriRank.get(a.first.uri) ?? 0) - (uriRank.get(b.first.uri) ?? 0) || a.first.line - b.first.line);
  const nameCount = new Map<string, number>();
  for (const { first } of sorted) nameCount.set(`${first.uri}\n${first.name}`, (nameCount.get(`${first.uri}\n${first.name}`) ?? 0) + 1);
  const rows: MatrixRow[] = sorted.map(({ first, cells }) => {
    const repeated = (nameCount.get(`${first.uri}\n${first.name}`) ?? 0) > 1;
    const name = repeated && first.example !== undefined ? `${first.name} [${first.example.join(' | ')}]` : repeated ? `${first.name} (line ${first.line})` : first.name;
    for (const r of runs) cells[r.kernel] ??= { status: 'missing' };
    return { key: first.key, uri: first.uri, line: first.line, feature: first.feature, name, example: first.example, cells };
  });
  const columns: MatrixColumn[] = runs.map((r) => {
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<CellStatus, number>;
    for (const row of rows) {
      const status = row.cells[r.kernel]?.status ?? 'missing';
      counts[status]++;
    }
    const ok = r.suiteRun !== undefined && (r.exitCode !== undefined ? r.exitCode === 0 : r.suiteRun.success === true);
    return {
      kernel: r.kernel,
      kernelRelease: r.suiteRun?.kernelRelease ?? r.image?.kernelRelease,
      image: r.image,
      ok,
      exitCode: r.exitCode,
      durationMs: r.durationMs,
      startedAt: r.suiteRun?.startedAt,
      counts,
      reportHref: r.reportHref,
      problem: r.problem ?? (r.suiteRun === undefined ? 'no messages.ndjson: the run did not happen or did not get far' : r.suiteRun.success === undefined ? 'the run did not finish (no testRunFinished message)' : undefined),
    };
  });
  return { generatedAt: generatedAt.toISOString(), columns, rows };
}

function cellOf(s: ScenarioResult): MatrixCell {
  return {
    status: s.status,
    ...(s.skipReason !== undefined ? { skipReason: s.skipReason } : {}),
    ...(s.kernelExpectations.length > 0 ? { kernelExpectations: s.kernelExpectations } : {}),
    ...(s.failure !== undefined && s.status !== 'pass' && s.status !== 'skip' ? { failure: s.failure } : {}),
    durationMs: s.durationMs,
  };
}

/** A run failed, or is missing: the matrix's exit status. */
export function matrixFailed(m: Matrix): boolean {
  return m.columns.length === 0 || m.columns.some((c) => !c.ok);
}

/** "EPERM" / "success", from a kernel-branch explanation ("… expecting EPERM (success applies from 5.11)"). */
export function expectedOutcome(explanation: string): string | undefined {
  return /: expecting (\S+)/.exec(explanation)?.[1];
}

/** The matrix as a Markdown table (for the terminal and docs/matrix.md). */
export function formatMatrixMarkdown(m: Matrix): string {
  const head = ['scenario', ...m.columns.map((c) => `${c.kernel} (${c.kernelRelease ?? '?'})`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of m.rows) {
    const cells = m.columns.map((c) => {
      const cell = row.cells[c.kernel] ?? { status: 'missing' };
      const outcomes = (cell.kernelExpectations ?? []).map(expectedOutcome).filter((o) => o !== undefined);
      return outcomes.length > 0 ? `${cell.status} (expects ${outcomes.join(', ')})` : cell.status;
    });
    lines.push(`| ${escapeCell(`${row.feature} › ${row.name}`)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** What failed, one block per failed cell, for the terminal. */
export function formatFailures(m: Matrix): string {
  const out: string[] = [];
  for (const row of m.rows) {
    for (const c of m.columns) {
      const cell = row.cells[c.kernel];
      if (cell === undefined || (cell.status !== 'fail' && cell.status !== 'undefined')) continue;
      out.push(`${c.kernel} (${c.kernelRelease ?? '?'}): ${row.uri}:${row.line} ${row.feature} › ${row.name}\n  ${cell.failure?.step ?? ''}\n  ${(cell.failure?.message ?? cell.status).split('\n').join('\n  ')}`);
    }
  }
  return out.join('\n\n');
}

/** The table and, if any failed, the failures in a code block: for the terminal and the nightly job's summary. */
export function formatMatrixSummary(m: Matrix): string {
  const failures = formatFailures(m);
  return failures === '' ? formatMatrixMarkdown(m) : `${formatMatrixMarkdown(m)}\n\nfailures:\n\n\`\`\`\n${failures}\n\`\`\``;
}
