// Start-up: from `npm run lab -- --target local …` to the first step of its first scenario (issue
// 9 asks for under a second where the lab is ready), with the floor beside it: `npm run` starting
// a process that does nothing (npm's own `env` script), which no mountlab change can go below.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats.ts';
import { ms, type Timestamp } from './suite-figures.ts';

/**
 * When a run's cucumber started its test run and the first step of a scenario (a Gherkin step,
 * not a hook), in epoch ms, from its messages.
 */
export function firstStepTimes(ndjson: string): { runStarted: number; firstStep: number } {
  let runStarted: number | undefined;
  const gherkinSteps = new Set<string>();
  for (const line of ndjson.split('\n')) {
    if (line === '') continue;
    const m = JSON.parse(line) as {
      testRunStarted?: { timestamp: Timestamp };
      testCase?: { testSteps: { id: string; pickleStepId?: string }[] };
      testStepStarted?: { testStepId: string; timestamp: Timestamp };
    };
    if (m.testRunStarted) runStarted = ms(m.testRunStarted.timestamp);
    for (const s of m.testCase?.testSteps ?? []) if (s.pickleStepId !== undefined) gherkinSteps.add(s.id);
    if (m.testStepStarted && runStarted !== undefined && gherkinSteps.has(m.testStepStarted.testStepId)) {
      return { runStarted, firstStep: ms(m.testStepStarted.timestamp) };
    }
  }
  throw new Error('no testRunStarted followed by the start of a Gherkin step in these cucumber messages');
}

export interface StartUp {
  /** Median ms from launching npm to cucumber's testRunStarted, and to the first step. */
  readonly toRunStarted: number;
  readonly toFirstStep: number;
  /** Median ms of `npm run env`: npm's own start-up and one process. */
  readonly floor: number;
}

/** `npm run lab -- --target local <args>` n times (its reports in a directory removed after). */
export function measureStartUp(n: number, labArgs: readonly string[]): StartUp {
  const toRunStarted: number[] = [];
  const toFirstStep: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < n; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'mountlab-bench-startup-'));
    try {
      const launched = Date.now();
      const r = spawnSync('npm', ['run', '--silent', 'lab', '--', '--target', 'local', ...labArgs], { encoding: 'utf8', env: { ...process.env, MOUNTLAB_REPORT_DIR: dir } });
      if (r.status !== 0) throw new Error(`npm run lab -- --target local ${labArgs.join(' ')} failed:\n${r.stdout}${r.stderr}`);
      const t = firstStepTimes(readFileSync(join(dir, 'messages.ndjson'), 'utf8'));
      toRunStarted.push(t.runStarted - launched);
      toFirstStep.push(t.firstStep - launched);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const started = performance.now();
    const r = spawnSync('npm', ['run', '--silent', 'env'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm run env failed: ${r.stderr}`);
    floor.push(performance.now() - started);
  }
  return { toRunStarted: median(toRunStarted), toFirstStep: median(toFirstStep), floor: median(floor) };
}
