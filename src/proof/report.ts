import type { Mutant } from './mutants.ts';
import type { Verdict } from './results.ts';
import { allowance } from './not-negatable.ts';

export interface Judged {
  readonly mutant: Mutant;
  readonly verdict: Verdict;
}

export interface FeatureProof {
  readonly uri: string;
  readonly judged: readonly Judged[];
  /** Scenarios proven by another run: VM-only ones on the local target, the rest in a `--vm-only` VM run. */
  readonly elsewhere: readonly string[];
}

const count = (j: readonly Judged[], kind: Verdict['kind']): number => j.filter((x) => x.verdict.kind === kind).length;

/** Survivors not excused by src/proof/not-negatable.ts: each one makes the proof fail. */
export function unexcused(features: readonly FeatureProof[]): Judged[] {
  return features.flatMap((f) => f.judged).filter((j) => j.verdict.kind === 'survived' && allowance(j.mutant.scenario, j.mutant.step) === undefined);
}

function detail(j: Judged): string {
  const where = `${j.mutant.scenario}, step ${j.mutant.stepIndex + 1} "${j.mutant.step}"`;
  const v = j.verdict;
  if (v.kind === 'survived') {
    const allowed = allowance(j.mutant.scenario, j.mutant.step);
    return `- SURVIVED: ${where} -> "${j.mutant.negated ?? ''}"${j.mutant.tableChange === undefined ? '' : ` (${j.mutant.tableChange})`} also passes${allowed === undefined ? '' : ` (allowed: ${allowed.reason})`}`;
  }
  if (v.kind === 'cannot') return `- cannot be negated: ${where}: ${v.reason}`;
  if (v.kind === 'not run') return `- not run: ${where}: ${v.reason}`;
  return '';
}

/** Markdown: one table row per feature, then every step that was not caught, with its reason. */
export function proofMarkdown(features: readonly FeatureProof[], target: string, kernel: string, elsewhereRun: 'lab VM run' | 'local run' = 'lab VM run'): string {
  const elsewhereColumn = elsewhereRun === 'lab VM run' ? 'VM-only scenarios (lab VM run)' : 'scenarios proven on the local target';
  const lines = [
    `Target ${target}, kernel ${kernel}. Each assertion step was negated alone; "caught" means the scenario then failed.`,
    '',
    `| feature | caught | survived | cannot be negated | not run | ${elsewhereColumn} |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const f of features) {
    lines.push(`| ${f.uri} | ${count(f.judged, 'caught')} | ${count(f.judged, 'survived')} | ${count(f.judged, 'cannot')} | ${count(f.judged, 'not run')} | ${f.elsewhere.length} |`);
  }
  for (const f of features) {
    const notes = f.judged.filter((j) => j.verdict.kind !== 'caught').map(detail);
    if (notes.length === 0 && (f.elsewhere.length === 0 || elsewhereRun === 'local run')) continue;
    lines.push('', `### ${f.uri}`, '', ...notes, ...(elsewhereRun === 'lab VM run' ? f.elsewhere.map((s) => `- VM-only, left to the lab VM proof run: ${s}`) : []));
  }
  return `${lines.join('\n')}\n`;
}
