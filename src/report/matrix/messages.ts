/**
 * Reads one cucumber run's messages (reports/matrix/<kernel>/messages.ndjson) into one result per
 * scenario that ran: its status, why it was skipped, which kernel-dependent expectation applied
 * and, when it failed, which step and with what message. The input of the kernel matrix.
 */
import type { Attachment, Envelope, GherkinDocument, Pickle, Scenario, Step, TestCase, TestStepResult } from '@cucumber/messages';

/** One colour each in the matrix. `missing`: the scenario ran on another kernel but not in this run. */
export type CellStatus = 'pass' | 'fail' | 'skip' | 'undefined' | 'missing';

export interface FailedStep {
  /** "Then it fails with EPERM on kernels before 5.11 and succeeds from 5.11", or "After hook". */
  readonly step: string;
  readonly message: string;
}

export interface ScenarioResult {
  /** `features/userns-mount.feature:39` (an Examples row: the row's line), the same in every run. */
  readonly key: string;
  readonly uri: string;
  readonly line: number;
  readonly feature: string;
  /** The pickle's name (an outline's placeholders filled in). */
  readonly name: string;
  /** The values of the Examples row this scenario came from, if any. */
  readonly example: readonly string[] | undefined;
  readonly status: Exclude<CellStatus, 'missing'>;
  /** cucumber's own status of the worst step: PASSED, FAILED, SKIPPED, UNDEFINED, PENDING, AMBIGUOUS, UNKNOWN. */
  readonly cucumberStatus: string;
  /** "@requires-vm: needs the lab VM …", from the "Skipped on …: reason" attachment. */
  readonly skipReason: string | undefined;
  /** The kernel-dependent steps' explanations: "kernel 5.10.0-32-amd64 is older than 5.11: expecting EPERM …". */
  readonly kernelExpectations: readonly string[];
  readonly failure: FailedStep | undefined;
  readonly durationMs: number;
}

/** One suite run (one cucumber run, of one kernel) as the matrix reads it from its messages. */
export interface SuiteRun {
  /** In the order of the run (feature files, then lines). */
  readonly scenarios: readonly ScenarioResult[];
  /** The kernel the run saw, from its attachments ("… (kernel 5.10.0-32-amd64) …"), if any said. */
  readonly kernelRelease: string | undefined;
  /** testRunFinished.success; undefined when the run never finished (killed, crashed). */
  readonly success: boolean | undefined;
  readonly startedAt: string | undefined;
  readonly finishedAt: string | undefined;
  /** Lines that were not JSON (a truncated last line of a killed run). */
  readonly unreadableLines: number;
}

/** `Skipped on qemu (kernel 5.10.0-32-amd64): @kernel>=5.11: …` (steps/support/hooks.ts). */
const SKIP_RE = /^Skipped on \S+ \(kernel (\S+)\): ([\s\S]*)$/;
/**
 * src/runtime/kernel-branch.ts: `kernel R is older than V: expecting E …` / `kernel R is V or later: expecting success …`;
 * src/runtime/kernel-outcomes.ts: `kernel R is in "from 6.1": expecting 4 mounts …` and the outcome table.
 */
const BRANCH_RE = /^kernel (\S+) is (?:older than \S+|\S+ or later|in "[^"]*"): expecting /;

/** steps/support/hooks.ts logs where each scenario ran: `qemu: kernel 6.1.0-56-amd64, image …, systemd yes, …`. */
const WHERE_RE = /^[a-z]+: kernel (\S+?),/;

const STATUS_ORDER = ['UNKNOWN', 'PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

export function parseEnvelopes(ndjson: string): { envelopes: Envelope[]; unreadableLines: number } {
  const envelopes: Envelope[] = [];
  let unreadableLines = 0;
  for (const line of ndjson.split('\n')) {
    if (line.trim() === '') continue;
    try {
      envelopes.push(JSON.parse(line) as Envelope);
    } catch {
      unreadableLines++;
    }
  }
  return { envelopes, unreadableLines };
}

interface Attempt {
  readonly testCaseId: string;
  readonly results: Map<string, TestStepResult>;
  readonly attachments: Attachment[];
  finished: boolean;
  willBeRetried: boolean;
}

/** The suite run in one cucumber run's messages: a result per scenario. */
export function suiteRunFromMessages(ndjson: string): SuiteRun {
  const { envelopes, unreadableLines } = parseEnvelopes(ndjson);
  const documents = new Map<string, GherkinDocument>();
  const pickles = new Map<string, Pickle>();
  const testCases = new Map<string, TestCase>();
  const attempts = new Map<string, Attempt>();
  /** testCaseId → its last attempt (a retried scenario counts by its final try). */
  const lastAttempt = new Map<string, Attempt>();
  const order: string[] = [];
  let success: boolean | undefined;
  let startedAt: string | undefined;
  let finishedAt: string | undefined;

  for (const e of envelopes) {
    if (e.gherkinDocument?.uri !== undefined) documents.set(e.gherkinDocument.uri, e.gherkinDocument);
    else if (e.pickle) pickles.set(e.pickle.id, e.pickle);
    else if (e.testCase) {
      testCases.set(e.testCase.id, e.testCase);
      order.push(e.testCase.id);
    } else if (e.testCaseStarted) {
      const a: Attempt = { testCaseId: e.testCaseStarted.testCaseId, results: new Map(), attachments: [], finished: false, willBeRetried: false };
      attempts.set(e.testCaseStarted.id, a);
      lastAttempt.set(a.testCaseId, a);
    } else if (e.testStepFinished) {
      attempts.get(e.testStepFinished.testCaseStartedId)?.results.set(e.testStepFinished.testStepId, e.testStepFinished.testStepResult);
    } else if (e.attachment?.testCaseStartedId !== undefined) {
      attempts.get(e.attachment.testCaseStartedId)?.attachments.push(e.attachment);
    } else if (e.testCaseFinished) {
      const a = attempts.get(e.testCaseFinished.testCaseStartedId);
      if (a) {
        a.finished = true;
        a.willBeRetried = e.testCaseFinished.willBeRetried;
      }
    } else if (e.testRunStarted) {
      startedAt = isoTime(e.testRunStarted.timestamp);
    } else if (e.testRunFinished) {
      success = e.testRunFinished.success;
      finishedAt = isoTime(e.testRunFinished.timestamp);
    }
  }

  const gherkin = indexGherkin([...documents.values()]);
  const scenarios: ScenarioResult[] = [];
  let kernelRelease: string | undefined;
  for (const testCaseId of order) {
    const testCase = testCases.get(testCaseId);
    const pickle = testCase === undefined ? undefined : pickles.get(testCase.pickleId);
    if (testCase === undefined || pickle === undefined) continue;
    const attempt = lastAttempt.get(testCaseId);
    const result = scenarioResult(pickle, testCase, attempt, gherkin);
    scenarios.push(result);
    for (const text of attempt === undefined ? [] : textAttachments(attempt)) {
      kernelRelease ??= SKIP_RE.exec(text)?.[1] ?? BRANCH_RE.exec(text)?.[1] ?? WHERE_RE.exec(text)?.[1];
    }
  }
  return { scenarios, kernelRelease, success, startedAt, finishedAt, unreadableLines };
}

function scenarioResult(pickle: Pickle, testCase: TestCase, attempt: Attempt | undefined, gherkin: GherkinIndex): ScenarioResult {
  const line = pickle.location?.line ?? gherkin.lineOf(pickle.astNodeIds) ?? 0;
  const base = {
    key: `${pickle.uri}:${line}`,
    uri: pickle.uri,
    line,
    feature: gherkin.featureName(pickle.uri) ?? pickle.uri,
    name: pickle.name,
    example: pickle.astNodeIds.length > 1 ? gherkin.rowValues(pickle.astNodeIds[pickle.astNodeIds.length - 1] ?? '') : undefined,
  };
  if (attempt === undefined) {
    return { ...base, status: 'fail', cucumberStatus: 'UNKNOWN', skipReason: undefined, kernelExpectations: [], failure: { step: '(not started)', message: 'the run ended before this scenario started' }, durationMs: 0 };
  }
  const texts = textAttachments(attempt);
  const skipReason = texts.map((t) => SKIP_RE.exec(t)?.[2]).find((r) => r !== undefined);
  const kernelExpectations = texts.filter((t) => BRANCH_RE.test(t));
  const results = testCase.testSteps.map((s) => ({ step: s, result: attempt.results.get(s.id) }));
  let worst = 'PASSED';
  for (const { result } of results) {
    const status = result === undefined ? 'UNKNOWN' : statusOf(result);
    if (STATUS_ORDER.indexOf(status) > STATUS_ORDER.indexOf(worst)) worst = status;
  }
  const durationMs = results.reduce((sum, { result }) => sum + (result === undefined ? 0 : result.duration.seconds * 1000 + result.duration.nanos / 1e6), 0);
  let failure: FailedStep | undefined;
  const bad = results.find(({ result }) => result !== undefined && ['FAILED', 'AMBIGUOUS', 'UNDEFINED', 'PENDING'].includes(statusOf(result)));
  if (bad?.result !== undefined) {
    const { step, result } = bad;
    const pickleStep = step.pickleStepId === undefined ? undefined : pickle.steps.find((p) => p.id === step.pickleStepId);
    const firstStep = testCase.testSteps.findIndex((s) => s.pickleStepId !== undefined);
    const hook = firstStep === -1 || testCase.testSteps.indexOf(step) < firstStep ? 'a Before hook' : 'an After hook';
    const stepText = pickleStep === undefined ? hook : `${gherkin.keywordOf(pickleStep.astNodeIds[0] ?? '') ?? ''}${pickleStep.text}`;
    const message = result.message ?? result.exception?.message ?? `step ${statusOf(result).toLowerCase()}`;
    failure = { step: stepText, message };
  }
  let status: ScenarioResult['status'];
  if (!attempt.finished || results.some(({ result }) => result === undefined)) {
    status = 'fail';
    failure ??= { step: '(unfinished)', message: 'the run ended before this scenario finished' };
    worst = 'UNKNOWN';
  } else if (worst === 'PASSED') status = 'pass';
  else if (worst === 'SKIPPED') status = 'skip';
  else if (worst === 'UNDEFINED' || worst === 'PENDING') status = 'undefined';
  else status = 'fail';
  return { ...base, status, cucumberStatus: worst, skipReason, kernelExpectations, failure, durationMs: Math.round(durationMs) };
}

/** The enum's value as a plain string (the enums are types only here: @cucumber/messages is imported for types). */
function statusOf(r: TestStepResult): string {
  return r.status;
}

function encodingOf(a: Attachment): string {
  return a.contentEncoding;
}

function textAttachments(attempt: Attempt): string[] {
  return attempt.attachments
    .filter((a) => a.mediaType.startsWith('text/'))
    .map((a) => (encodingOf(a) === 'BASE64' ? Buffer.from(a.body, 'base64').toString('utf8') : a.body));
}

function isoTime(t: { seconds: number; nanos: number } | undefined): string | undefined {
  return t === undefined ? undefined : new Date(t.seconds * 1000 + Math.round(t.nanos / 1e6)).toISOString();
}

interface GherkinIndex {
  featureName(uri: string): string | undefined;
  /** The line of an Examples row or scenario, from a pickle's astNodeIds. */
  lineOf(astNodeIds: readonly string[]): number | undefined;
  rowValues(rowId: string): readonly string[] | undefined;
  /** "Then " for a gherkin step id. */
  keywordOf(stepId: string): string | undefined;
}

function indexGherkin(documents: readonly GherkinDocument[]): GherkinIndex {
  const features = new Map<string, string>();
  const lines = new Map<string, number>();
  const rows = new Map<string, readonly string[]>();
  const keywords = new Map<string, string>();
  const addSteps = (steps: readonly Step[]): void => {
    for (const s of steps) keywords.set(s.id, s.keyword);
  };
  const addScenario = (s: Scenario): void => {
    lines.set(s.id, s.location.line);
    addSteps(s.steps);
    for (const ex of s.examples) {
      for (const row of ex.tableBody) {
        lines.set(row.id, row.location.line);
        rows.set(row.id, row.cells.map((c) => c.value));
      }
    }
  };
  for (const doc of documents) {
    if (doc.uri === undefined || doc.feature === undefined) continue;
    features.set(doc.uri, doc.feature.name);
    for (const child of doc.feature.children) {
      if (child.background) addSteps(child.background.steps);
      if (child.scenario) addScenario(child.scenario);
      for (const rc of child.rule?.children ?? []) {
        if (rc.background) addSteps(rc.background.steps);
        if (rc.scenario) addScenario(rc.scenario);
      }
    }
  }
  return {
    featureName: (uri) => features.get(uri),
    lineOf: (ids) => lines.get(ids[ids.length - 1] ?? ''),
    rowValues: (id) => rows.get(id),
    keywordOf: (id) => keywords.get(id),
  };
}
