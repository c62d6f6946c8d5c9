// `npm run lab`: runs the features against a target and writes reports/. See LAB_USAGE.
import { stat } from 'node:fs/promises';
import { parseLabArgs, type LabArgs } from './lab-args.ts';
import type { TargetName } from '../drivers/target.ts';
import { ensureImage, imageNameFrom } from '../image/ensure.ts';
import { runSuiteHere } from '../suite/here.ts';
import { preflight } from './preflight.ts';

/** Where `npm run lab` runs experiments when no target is named: the lab VM. */
const DEFAULT_TARGET: TargetName = 'qemu';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** One suite run on one target; its reports go to MOUNTLAB_REPORT_DIR, else reports/<target>. */
async function runOnTarget(args: LabArgs, target: TargetName): Promise<number> {
  const log = (line: string): void => {
    process.stderr.write(`mountlab: ${line}\n`);
  };
  if (target === 'qemu') await ensureImage(imageNameFrom(process.env), log);
  const profile = args.profile ?? target;
  const dir = process.env.MOUNTLAB_REPORT_DIR ?? `reports/${target}`;
  const env = { ...process.env, MOUNTLAB_TARGET: target, MOUNTLAB_REPORT_DIR: dir, ...(args.keep ? { MOUNTLAB_KEEP: '1' } : {}) };
  log(`running features on target ${target} (cucumber profile ${profile})`);
  const started = Date.now();
  const code = await runSuiteHere({ profile, cucumberArgs: args.cucumberArgs, env });
  log(`reports in ${dir}/cucumber.html and ${dir}/junit.xml`);
  if (args.handout) {
    // Read from this run's cucumber messages (failed scenarios too); a profile without the
    // message formatter (verify) leaves none, or an older run's.
    const messages = `${dir}/messages.ndjson`;
    const written = await stat(messages).then((s) => s.mtimeMs >= started, () => false);
    if (!written) throw new Error(`--handout: this run wrote no ${messages} (profile ${profile} has no message formatter)`);
    const { writeHandout } = await import('../report/handout/write.ts');
    for (const path of await writeHandout(messages, `${dir}/handout`)) log(`handout: ${path}`);
  }
  return code;
}

async function main(): Promise<number> {
  let args: LabArgs;
  try {
    args = parseLabArgs(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`${message(e)}\n`);
    return 2;
  }
  if (args.kernels !== undefined) {
    // --matrix: every feature once per kernel image, then reports/matrix.html (src/suite/matrix.ts)
    const { runMatrix } = await import('../suite/matrix.ts');
    try {
      return await runMatrix({ kernels: args.kernels, profile: args.profile ?? 'qemu', cucumberArgs: args.cucumberArgs });
    } catch (e) {
      process.stderr.write(`mountlab matrix: ${message(e)}\n`);
      return 1;
    }
  }
  const target = args.target ?? DEFAULT_TARGET;
  const problems = preflight(target, process.env.MOUNTLAB_REPORT_DIR ?? `reports/${target}`);
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    return 1;
  }
  if (args.workshop !== undefined) {
    // --step / --exercise: one scenario by hand in this terminal (src/workshop/)
    try {
      if (target === 'qemu') await ensureImage(imageNameFrom(process.env), (line) => { process.stderr.write(`mountlab: ${line}\n`); });
      const { stepMode, exerciseMode } = await import('../workshop/index.ts');
      return await (args.workshop.mode === 'step' ? stepMode : exerciseMode)(args.workshop.location, target);
    } catch (e) {
      process.stderr.write(`mountlab ${args.workshop.mode}: ${message(e)}\n`);
      return 1;
    }
  }
  try {
    return await runOnTarget(args, target);
  } catch (e) {
    process.stderr.write(`${message(e)}\n`);
    return 1;
  }
}

process.exitCode = await main();
