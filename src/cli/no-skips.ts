// After the lab VM's run in `npm test`: fails if any scenario was skipped there, naming it and the
// probe that answered no (the Before hook attaches "Skipped on <target> (kernel …): <tag>: <why>").
// usage: tsx src/cli/no-skips.ts reports/qemu/messages.ndjson
import { readFileSync } from 'node:fs';

export interface Skipped {
  readonly scenario: string;
  readonly uri: string;
  readonly reason: string;
}

interface Envelope {
  pickle?: { id: string; name: string; uri: string };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string };
  testStepFinished?: { testCaseStartedId: string; testStepResult: { status: string } };
  attachment?: { testCaseStartedId?: string; body: string };
}

/**
 * Scenarios skipped without failing (a probe said no, or a step said "skipped"), with the skip
 * message the Before hook attached. A failed scenario's later steps are skipped too; it fails anyway.
 */
export function skippedScenarios(ndjson: string): Skipped[] {
  const pickles = new Map<string, { name: string; uri: string }>();
  const pickleOfCase = new Map<string, string>();
  const caseOfStart = new Map<string, string>();
  const reasons = new Map<string, string>();
  const skipped = new Set<string>();
  const failed = new Set<string>();
  for (const line of ndjson.split('\n')) {
    if (line.trim() === '') continue;
    const e = JSON.parse(line) as Envelope;
    if (e.pickle) pickles.set(e.pickle.id, e.pickle);
    else if (e.testCase) pickleOfCase.set(e.testCase.id, e.testCase.pickleId);
    else if (e.testCaseStarted) caseOfStart.set(e.testCaseStarted.id, e.testCaseStarted.testCaseId);
    else if (e.testStepFinished) {
      const status = e.testStepFinished.testStepResult.status;
      if (status === 'SKIPPED') skipped.add(e.testStepFinished.testCaseStartedId);
      else if (status !== 'PASSED') failed.add(e.testStepFinished.testCaseStartedId);
    }
    else if (e.attachment?.testCaseStartedId !== undefined && e.attachment.body.startsWith('Skipped on ')) {
      reasons.set(e.attachment.testCaseStartedId, e.attachment.body);
    }
  }
  return [...skipped].filter((start) => !failed.has(start)).map((start) => {
    const pickle = pickles.get(pickleOfCase.get(caseOfStart.get(start) ?? '') ?? '');
    return { scenario: pickle?.name ?? start, uri: pickle?.uri ?? '?', reason: reasons.get(start) ?? 'a step returned skipped' };
  });
}

function main(path: string | undefined): number {
  if (path === undefined) {
    process.stderr.write('usage: tsx src/cli/no-skips.ts MESSAGES.ndjson\n');
    return 2;
  }
  const found = skippedScenarios(readFileSync(path, 'utf8'));
  for (const s of found) process.stderr.write(`skipped: ${s.uri}: ${s.scenario}\n  ${s.reason}\n`);
  if (found.length > 0) process.stderr.write(`mountlab: ${found.length} scenario(s) skipped on the lab VM, where every scenario must run\n`);
  return found.length > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) process.exitCode = main(process.argv[2]);
