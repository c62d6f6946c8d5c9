import type { WorkshopSession } from './session.ts';
import { stepKind, type WorkshopStep } from './scenario-at.ts';

/** One Then step of the scenario, judged against the learner's state. */
export interface Verdict {
  readonly step: string;
  /** held / does not hold (with the step's own message) / not judged: about the document's own commands. */
  readonly result: 'holds' | 'does not hold' | 'about the commands';
  readonly message?: string;
}

/**
 * Judges the scenario's own Then steps on the state the learner made. Steps about the last
 * command (it succeeds, it fails with E…, the output…, the mount syscall…; steps/command.steps.ts
 * and steps/errno.steps.ts) are about the scenario's own commands, which the learner did not run
 * through mountlab: they are listed, not judged. State steps (mount points, propagation, peers,
 * options, tables) run as they are, reading the sandbox's and the windows' mount tables now.
 */
export async function judge(session: WorkshopSession, own: readonly WorkshopStep[]): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  // an outline may say the same Then twice (before and after its When): judged once, on the end state
  const texts = new Set<string>();
  for (const step of own.filter((s) => stepKind(s) === 'Outcome' && !texts.has(s.text) && texts.add(s.text))) {
    if (session.isAboutLastCommand(step)) {
      verdicts.push({ step: step.text, result: 'about the commands' });
      continue;
    }
    const { error } = await session.run(step);
    verdicts.push(error === undefined ? { step: step.text, result: 'holds' } : { step: step.text, result: 'does not hold', message: error });
  }
  return verdicts;
}

export function checkText(verdicts: readonly Verdict[], trees: string): string {
  const judged = verdicts.filter((v) => v.result !== 'about the commands');
  const held = judged.filter((v) => v.result === 'holds').length;
  const lines = judged.map((v) => v.result === 'holds' ? `  ✓ ${v.step}` : `  ✗ ${v.step}\n      ${(v.message ?? '').split('\n')[0] ?? ''}`);
  const about = verdicts.filter((v) => v.result === 'about the commands').map((v) => `  · ${v.step}`);
  const summary = held === judged.length ? `All ${judged.length} checks hold: well done.` : `${held} of ${judged.length} checks hold.`;
  return [
    '', 'check:', ...lines,
    ...(about.length === 0 ? [] : ['not judged: these are about the document\'s own commands (see solution), not the state you made:', ...about]),
    summary, '', 'The trees now (marks: what changed since the exercise was set up):', trees, '',
  ].join('\n');
}
