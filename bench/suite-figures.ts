import { formatMs } from './stats.ts';
import { stepTimeMs } from './features.ts';

/** A cucumber message's timestamp (or duration). */
export interface Timestamp { readonly seconds: number; readonly nanos: number }
export const ms = (t: Timestamp): number => t.seconds * 1000 + t.nanos / 1e6;

/** One row of the README's measured table for a whole-suite run, from its cucumber messages. */
export function suiteFigures(ndjson: string, label: string): string {
  let started: number | undefined;
  let finished: number | undefined;
  const statusOf = new Map<string, string>();
  const worst = (a: string | undefined, b: string): string => (a === 'FAILED' || b === 'FAILED' ? 'FAILED' : a === 'SKIPPED' || b === 'SKIPPED' ? 'SKIPPED' : b);
  for (const line of ndjson.split('\n')) {
    if (line === '') continue;
    const m = JSON.parse(line) as {
      testRunStarted?: { timestamp: Timestamp };
      testRunFinished?: { timestamp: Timestamp };
      testStepFinished?: { testCaseStartedId: string; testStepResult: { status: string } };
    };
    if (m.testRunStarted) started = ms(m.testRunStarted.timestamp);
    if (m.testRunFinished) finished = ms(m.testRunFinished.timestamp);
    if (m.testStepFinished) {
      const id = m.testStepFinished.testCaseStartedId;
      statusOf.set(id, worst(statusOf.get(id), m.testStepFinished.testStepResult.status));
    }
  }
  if (started === undefined || finished === undefined) throw new Error('not a whole cucumber run: no testRunStarted or testRunFinished message');
  const counts = new Map<string, number>();
  for (const s of statusOf.values()) counts.set(s, (counts.get(s) ?? 0) + 1);
  const parts = [...counts].sort().map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ');
  return `| whole suite, ${label} | ${formatMs(finished - started)} wall, ${formatMs(stepTimeMs(ndjson))} of steps | ${statusOf.size} scenarios (${parts}), from its cucumber messages (npm run bench:suite) |`;
}
