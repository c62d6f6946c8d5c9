import type { Mutant } from './mutants.ts';

/** A scenario's overall status as cucumber's message stream reports its steps. */
export type RunStatus = 'PASSED' | 'FAILED' | 'SKIPPED' | 'UNDEFINED' | 'AMBIGUOUS' | 'PENDING' | 'UNKNOWN';

/** Worst first: one failed step fails the scenario, an undefined one makes it undefined. */
const SEVERITY: readonly RunStatus[] = ['FAILED', 'AMBIGUOUS', 'UNDEFINED', 'PENDING', 'SKIPPED', 'UNKNOWN', 'PASSED'];

interface Envelope {
  pickle?: { id: string; tags: { name: string }[] };
  testCase?: { id: string; pickleId: string; testSteps?: { id: string; hookId?: string }[] };
  testCaseStarted?: { id: string; testCaseId: string };
  testStepFinished?: { testCaseStartedId: string; testStepId?: string; testStepResult: { status: string } };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried: boolean };
}

const worse = (a: RunStatus, b: RunStatus): RunStatus => (SEVERITY.indexOf(a) <= SEVERITY.indexOf(b) ? a : b);

/** Status by tag (@original-F-P, @mutant-N) from a cucumber `message` formatter's ndjson output. */
export function statusesByTag(ndjson: string, prefix: RegExp = /^@(?:original|mutant)-/): Map<string, RunStatus> {
  const tagOfPickle = new Map<string, string>();
  const pickleOfCase = new Map<string, string>();
  const caseOfStart = new Map<string, string>();
  const statusOfStart = new Map<string, RunStatus>();
  const result = new Map<string, RunStatus>();
  /** A hook's failure (a Before hook's boot, an After hook's leak check) judges no step: UNKNOWN, not FAILED. */
  const hookSteps = new Set<string>();
  for (const line of ndjson.split('\n')) {
    if (line.trim() === '') continue;
    const e = JSON.parse(line) as Envelope;
    if (e.pickle) {
      const tag = e.pickle.tags.map((t) => t.name).find((t) => prefix.test(t));
      if (tag !== undefined) tagOfPickle.set(e.pickle.id, tag);
    } else if (e.testCase) {
      pickleOfCase.set(e.testCase.id, e.testCase.pickleId);
      for (const step of e.testCase.testSteps ?? []) if (step.hookId !== undefined) hookSteps.add(step.id);
    }
    else if (e.testCaseStarted) {
      caseOfStart.set(e.testCaseStarted.id, e.testCaseStarted.testCaseId);
      statusOfStart.set(e.testCaseStarted.id, 'PASSED');
    } else if (e.testStepFinished) {
      const id = e.testStepFinished.testCaseStartedId;
      const hookFailed = hookSteps.has(e.testStepFinished.testStepId ?? '') && e.testStepFinished.testStepResult.status === 'FAILED';
      statusOfStart.set(id, worse(statusOfStart.get(id) ?? 'PASSED', hookFailed ? 'UNKNOWN' : e.testStepFinished.testStepResult.status as RunStatus));
    } else if (e.testCaseFinished && !e.testCaseFinished.willBeRetried) {
      const start = e.testCaseFinished.testCaseStartedId;
      const tag = tagOfPickle.get(pickleOfCase.get(caseOfStart.get(start) ?? '') ?? '');
      if (tag !== undefined) result.set(tag, statusOfStart.get(start) ?? 'UNKNOWN');
    }
  }
  return result;
}

/** What one mutant's run shows about its step. */
export type Verdict =
  | { readonly kind: 'caught' }
  | { readonly kind: 'survived' }
  | { readonly kind: 'cannot'; readonly reason: string }
  | { readonly kind: 'not run'; readonly reason: string };

export function verdict(m: Mutant, statuses: ReadonlyMap<string, RunStatus>): Verdict {
  if (m.negated === undefined) return { kind: 'cannot', reason: m.reason ?? 'no negation' };
  const original = statuses.get(m.originalTag) ?? 'UNKNOWN';
  if (original !== 'PASSED') return { kind: 'not run', reason: `the original scenario is ${original.toLowerCase()}` };
  const status = statuses.get(`@mutant-${m.id}`) ?? 'UNKNOWN';
  if (status === 'FAILED') return { kind: 'caught' };
  if (status === 'PASSED') return { kind: 'survived' };
  if (status === 'UNDEFINED' || status === 'AMBIGUOUS') return { kind: 'cannot', reason: `no single step definition matches "${m.negated}" (${status.toLowerCase()})` };
  if (status === 'UNKNOWN') return { kind: 'not run', reason: 'a hook failed (e.g. the leak check) or the run did not finish it: its steps were not judged' };
  return { kind: 'not run', reason: `the mutant is ${status.toLowerCase()}` };
}
