// The side-by-side table of `npm run bench`: per feature file, mountlab's time and peak memory
// against the plain-script baseline in bench/baselines/<feature>.sh, measured in the same run on
// this machine.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatMs } from './stats.ts';
import { formatKiB, spawnMeasured } from './peak-memory.ts';

/**
 * Features whose scenarios all need the lab VM (Docker, runc, AppArmor): no local row; on the lab
 * VM every scenario of theirs runs, against a baseline that runs in the VM's root namespace too.
 */
export const VM_ONLY = ['container-mounts', 'lsm-denials'] as const;

export function isVmOnly(feature: string): boolean {
  return (VM_ONLY as readonly string[]).includes(feature);
}

export interface FeatureTiming {
  feature: string;
  /** Sum of cucumber's testStepFinished durations, hooks included (best of N runs). */
  stepMs: number;
  /** Wall time of the whole `cucumber-js` process, node start-up included (best of N). */
  wallMs: number;
  /** Wall time of the baseline script (best of N). */
  baselineMs: number;
  /** The same with every command under strace -f (TRACE_ALL=1), as mountlab runs them (best of N). */
  tracedBaselineMs: number;
  /** The largest resident set of mountlab's processes (cucumber's Node, or the lab VM's qemu), KiB, highest of N. */
  peakKiB: number;
  /** The same of the baseline script's (bash, strace, the commands; the lab VM's qemu there), KiB. */
  baselinePeakKiB: number;
}

export const FEATURE_HEADER = '| feature | mountlab step time | mountlab wall time | baseline script | baseline, all traced | ratio (step time / script) | ratio (step time / all traced) | mountlab peak memory | baseline peak memory |\n|---|---|---|---|---|---|---|---|---|';

export function featureRow(t: FeatureTiming): string {
  const ratio = (ms: number): string => `${(t.stepMs / ms).toFixed(1)}×`;
  return `| ${t.feature} | ${formatMs(t.stepMs)} | ${formatMs(t.wallMs)} | ${formatMs(t.baselineMs)} | ${formatMs(t.tracedBaselineMs)} | ${ratio(t.baselineMs)} | ${ratio(t.tracedBaselineMs)} | ${formatKiB(t.peakKiB)} | ${formatKiB(t.baselinePeakKiB)} |`;
}

/** A row of the feature, these cells, and empty ones to the header's width. */
function sayingRow(feature: string, ...cells: string[]): string {
  const width = (FEATURE_HEADER.split('\n')[0] ?? '').split(' | ').length;
  return `| ${[feature, ...cells, ...Array<string>(width - 1 - cells.length).fill('')].join(' | ')} |`.replace(/ {2}\|/g, ' |');
}

export function vmOnlyRow(feature: string): string {
  return sayingRow(feature, 'VM only', 'not measured on the local target');
}

export function noBaselineRow(feature: string): string {
  return sayingRow(feature, 'no baseline script yet');
}

export function failedRow(feature: string): string {
  return sayingRow(feature, "run failed (see the bench's stderr)");
}

const DURATION = String.raw`\d+(?:\.\d+)? (?:ms|s)`;
const SIZE = String.raw`(?:\d+(?:\.\d)? MiB|n/a)`;
/** What featureRow prints, for the README check (test/readme-figures.test.ts). */
export const FEATURE_ROW_PATTERN = new RegExp(String.raw`^\| ([a-z0-9-]+) \| ${DURATION} \| ${DURATION} \| ${DURATION} \| ${DURATION} \| \d+\.\d× \| \d+\.\d× \| ${SIZE} \| ${SIZE} \|$`);

/** Sums the step durations (hooks included) of a cucumber messages file. */
export function stepTimeMs(ndjson: string): number {
  let total = 0;
  for (const line of ndjson.split('\n')) {
    if (!line.includes('"testStepFinished"')) continue;
    const d = (JSON.parse(line) as { testStepFinished: { testStepResult: { duration: { seconds: number; nanos: number } } } }).testStepFinished.testStepResult.duration;
    total += d.seconds * 1000 + d.nanos / 1e6;
  }
  return total;
}

/**
 * On the lab VM the bench runs, of the features the local target runs too, the scenarios it runs
 * (their baselines make a sandbox per scenario); the VM-only features run whole.
 */
export const LOCAL_SCENARIOS = 'not @requires-vm and not @root-namespace and not @host-namespace and not @requires-docker and not @requires-systemd';

function mountlabOnce(feature: string, target: 'local' | 'qemu'): { stepMs: number; wallMs: number; peakKiB: number } {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-bench-'));
  try {
    const started = performance.now();
    const tags = target === 'qemu' && !isVmOnly(feature) ? ['--tags', LOCAL_SCENARIOS] : [];
    const { result: r, peakKiB } = spawnMeasured('npx', ['cucumber-js', '-p', target, ...tags, `features/${feature}.feature`], { encoding: 'utf8', env: { ...process.env, MOUNTLAB_REPORT_DIR: dir } });
    const wallMs = performance.now() - started;
    if (r.status !== 0) throw new Error(`cucumber-js on ${feature} failed:\n${r.stdout}${r.stderr}`);
    return { stepMs: stepTimeMs(readFileSync(join(dir, 'messages.ndjson'), 'utf8')), wallMs, peakKiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function baselineOnce(script: string, traceAll: boolean): BaselineRun {
  const started = performance.now();
  const { result: r, peakKiB } = spawnMeasured('bash', [script], { encoding: 'utf8', env: { ...process.env, TRACE_ALL: traceAll ? '1' : '' } });
  if (r.status !== 0) throw new Error(`${script} failed:\n${r.stderr}`);
  return { ms: performance.now() - started, peakKiB };
}

/** One run of a baseline script: its wall time and the peak resident set of its processes (KiB). */
export interface BaselineRun {
  readonly ms: number;
  readonly peakKiB: number;
}

/**
 * Where the baseline scripts run: this computer, or the lab VM over one ssh2 connection.
 * `traceAll`: every command under strace -f (TRACE_ALL=1 in bench/baselines/lib.sh).
 */
export type BaselineRunner = (feature: string, traceAll: boolean) => Promise<BaselineRun>;

export const localBaseline: BaselineRunner = (feature, traceAll) => Promise.resolve(baselineOnce(`bench/baselines/${feature}.sh`, traceAll));

/**
 * Best of `runs` for mountlab and for the baseline, alternating so both see the same load.
 * `target` qemu: mountlab's run boots the lab VM from its snapshot (not in the step time), and
 * the baseline runs in a lab VM the bench started (`baseline`).
 */
export async function measureFeature(feature: string, runs: number, target: 'local' | 'qemu' = 'local', baseline: BaselineRunner = localBaseline): Promise<FeatureTiming> {
  const script = `bench/baselines/${feature}.sh`;
  if (!existsSync(script)) throw new Error(`no baseline script ${script}`);
  const t: FeatureTiming = { feature, stepMs: Infinity, wallMs: Infinity, baselineMs: Infinity, tracedBaselineMs: Infinity, peakKiB: 0, baselinePeakKiB: 0 };
  for (let i = 0; i < runs; i++) {
    const m = mountlabOnce(feature, target);
    t.stepMs = Math.min(t.stepMs, m.stepMs);
    t.wallMs = Math.min(t.wallMs, m.wallMs);
    t.peakKiB = Math.max(t.peakKiB, m.peakKiB);
    const plain = await baseline(feature, false);
    const traced = await baseline(feature, true);
    t.baselineMs = Math.min(t.baselineMs, plain.ms);
    t.tracedBaselineMs = Math.min(t.tracedBaselineMs, traced.ms);
    // strace is part of the baseline's work as of mountlab's: the larger of the two runs
    t.baselinePeakKiB = Math.max(t.baselinePeakKiB, plain.peakKiB, traced.peakKiB);
  }
  return t;
}
