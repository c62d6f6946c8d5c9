import { readFile } from 'node:fs/promises';
import { AttachmentContentEncoding } from '@cucumber/messages';
import type * as messages from '@cucumber/messages';

/** One step as a handout shows it: what it says, the command it runs, what it printed, its pictures. */
export interface HandoutStep {
  readonly keyword: string;
  readonly text: string;
  readonly docString: string | null;
  readonly status: string;
  /** The failure message of a step that did not pass, as cucumber recorded it. */
  readonly error: string | null;
  /** text/plain attachments of this step: what the command printed, an errno explanation. */
  readonly printed: readonly string[];
  /** image/svg+xml attachments of this step: the tree pictures. */
  readonly pictures: readonly string[];
}

export interface HandoutScenario {
  readonly name: string;
  readonly description: string;
  readonly steps: readonly HandoutStep[];
}

export interface HandoutFeature {
  readonly uri: string;
  readonly name: string;
  readonly description: string;
  readonly scenarios: readonly HandoutScenario[];
}

/** Reads a cucumber messages.ndjson (the `message:` formatter's output), one envelope a line. */
export async function readEnvelopes(path: string): Promise<messages.Envelope[]> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as messages.Envelope);
}

const decoded = (a: messages.Attachment) => (a.contentEncoding === AttachmentContentEncoding.BASE64 ? Buffer.from(a.body, 'base64').toString('utf8') : a.body);

/**
 * The run, feature by feature, in the order the features' documents arrived; each scenario is its
 * test case's last attempt (a retried scenario appears once). Hook attachments are left out: the
 * handout follows the scenario's own steps.
 */
export function handoutFeatures(envelopes: readonly messages.Envelope[]): HandoutFeature[] {
  const pick = <K extends keyof messages.Envelope>(key: K) => envelopes.flatMap((e) => (e[key] === undefined ? [] : [e[key] as NonNullable<messages.Envelope[K]>]));
  const pickles = new Map(pick('pickle').map((p) => [p.id, p]));
  const testCases = new Map(pick('testCase').map((t) => [t.id, t]));
  const lastAttempt = new Map(pick('testCaseStarted').map((s) => [s.testCaseId, s]));
  const results = new Map(pick('testStepFinished').map((f) => [`${f.testCaseStartedId} ${f.testStepId}`, f.testStepResult]));
  const attachments = new Map<string, messages.Attachment[]>();
  for (const a of pick('attachment')) {
    const key = `${a.testCaseStartedId ?? ''} ${a.testStepId ?? ''}`;
    attachments.set(key, [...(attachments.get(key) ?? []), a]);
  }
  return pick('gherkinDocument').flatMap((doc) => {
    const feature = doc.feature;
    if (feature === undefined || doc.uri === undefined) return [];
    const astSteps = new Map<string, messages.Step>();
    const astScenarios = new Map<string, messages.Scenario>();
    const children = feature.children.flatMap((c) => [c, ...(c.rule?.children ?? [])]);
    for (const child of children) {
      for (const step of [...(child.background?.steps ?? []), ...(child.scenario?.steps ?? [])]) astSteps.set(step.id, step);
      if (child.scenario !== undefined) astScenarios.set(child.scenario.id, child.scenario);
    }
    const scenarios = [...lastAttempt.values()].flatMap((started) => {
      const testCase = testCases.get(started.testCaseId);
      const pickle = testCase === undefined ? undefined : pickles.get(testCase.pickleId);
      if (testCase === undefined || pickle === undefined || pickle.uri !== doc.uri) return [];
      const steps = testCase.testSteps.flatMap((testStep) => {
        const pickleStep = pickle.steps.find((s) => s.id === testStep.pickleStepId);
        if (pickleStep === undefined) return [];
        const key = `${started.id} ${testStep.id}`;
        const attached = attachments.get(key) ?? [];
        const of = (type: string) => attached.filter((a) => a.mediaType === type).map(decoded);
        return [{
          keyword: astSteps.get(pickleStep.astNodeIds[0] ?? '')?.keyword.trim() ?? '',
          text: pickleStep.text,
          docString: pickleStep.argument?.docString?.content ?? null,
          status: results.get(key)?.status ?? 'UNKNOWN',
          error: results.get(key)?.message ?? null,
          printed: of('text/plain'),
          pictures: of('image/svg+xml'),
        }];
      });
      const scenario = astScenarios.get(pickle.astNodeIds[0] ?? '');
      return [{ name: pickle.name, description: scenario?.description.trim() ?? '', steps }];
    });
    return [{ uri: doc.uri, name: feature.name, description: feature.description.trim(), scenarios }];
  });
}
