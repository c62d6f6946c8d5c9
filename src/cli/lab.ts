// `npm run lab`: runs the features against a target and writes reports/. See LAB_USAGE.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { LAB_USAGE, parseLabArgs, type LabArgs } from './lab-args.ts';
import type { TargetName } from '../target/types.ts';
import { ensureImage } from './ensure-image.ts';
import { preflight } from './preflight.ts';

/** Where `npm run lab` runs experiments when no target is named: the lab VM. */
const DEFAULT_TARGET: TargetName = 'qemu';

function cucumberBin(): string {
  const packageJson = createRequire(import.meta.url).resolve('@cucumber/cucumber/package.json');
  return join(dirname(packageJson), 'bin', 'cucumber.js');
}

/** Runs cucumber-js in a child process (it owns the terminal; Ctrl-C reaches it and it cleans up). */
function runCucumber(args: LabArgs, target: TargetName): Promise<number> {
  const argv = [cucumberBin(), '--profile', args.profile ?? target, ...args.cucumberArgs];
  const env = {
    ...process.env,
    MOUNTLAB_TARGET: target,
    MOUNTLAB_REPORT_DIR: process.env.MOUNTLAB_REPORT_DIR ?? `reports/${target}`,
    ...(args.keep ? { MOUNTLAB_KEEP: '1' } : {}),
  };
  process.stderr.write(`mountlab: running features on target ${target} (cucumber profile ${args.profile ?? target})\n`);
  const child = spawn(process.execPath, argv, { stdio: 'inherit', env });
  // The child gets the terminal's Ctrl-C itself; this process only waits for it to finish cleaning up.
  const ignore = (): void => undefined;
  process.on('SIGINT', ignore);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve(code ?? (signal === null ? 1 : 128 + 2));
    });
  });
}

async function main(): Promise<number> {
  let args: LabArgs;
  try {
    args = parseLabArgs(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (args.matrix) {
    // every feature once per kernel image, then reports/matrix.html (src/cli/matrix-run.ts)
    const { runMatrix, MatrixUsageError, MATRIX_USAGE } = await import('./matrix-run.ts');
    try {
      return await runMatrix(args);
    } catch (e) {
      if (e instanceof MatrixUsageError) {
        process.stderr.write(`${e.message}\n${LAB_USAGE}\n${MATRIX_USAGE}\n`);
        return 2;
      }
      process.stderr.write(`mountlab matrix: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  const target = args.target ?? DEFAULT_TARGET;
  const problems = preflight(target, process.env.MOUNTLAB_REPORT_DIR ?? `reports/${target}`);
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    return 1;
  }
  try {
    if (target === 'qemu') ensureImage(process.env, (line) => process.stderr.write(`${line}\n`));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const code = await runCucumber(args, target);
  const dir = process.env.MOUNTLAB_REPORT_DIR ?? `reports/${target}`;
  process.stderr.write(`mountlab: reports in ${dir}/cucumber.html and ${dir}/junit.xml\n`);
  return code;
}

process.exitCode = await main();
