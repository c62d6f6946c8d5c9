/**
 * `npm run lab -- --matrix [--kernels bullseye,bookworm,trixie] [cucumber args…]`: runs the
 * features on the lab VM once per kernel image, one VM after the other (two TCG VMs on a small
 * machine only slow each other down), each into reports/matrix/<kernel>/, then writes the matrix
 * page reports/matrix.html (+ .json). An image that is not built is built first.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { imageDir, labDir } from '../image/catalogue.ts';
import { imageBuildReason } from '../image/recipe.ts';
import type { LabArgs } from './lab-args.ts';
import { IMAGE_FILE, RUN_FILE, imageInfo, writeMatrixReport, type RunRecord } from './matrix-load.ts';
import { formatFailures, formatMatrixMarkdown, matrixFailed, MATRIX_KERNELS } from './matrix-model.ts';
import { formatDuration } from './matrix-html.ts';

export const MATRIX_DIR = 'reports/matrix';

/** A mistake on the command line (not a failure of the run): `npm run lab` prints its usage. */
export class MatrixUsageError extends Error {}

export const MATRIX_USAGE = `usage: npm run lab -- --matrix [--kernels bullseye,bookworm,trixie] [--profile NAME] [cucumber-js options and feature paths]
  runs the features on the qemu target once per kernel image (default: ${MATRIX_KERNELS.join(', ')}, in that order),
  reports in ${MATRIX_DIR}/<kernel>/, the matrix in reports/matrix.html and reports/matrix.json`;

export interface MatrixArgs {
  readonly kernels: readonly string[];
  /** What goes to cucumber-js on each kernel. */
  readonly cucumberArgs: readonly string[];
}

/** Takes --kernels out of the arguments lab-args.ts left for cucumber. */
export function parseMatrixArgs(rest: readonly string[]): MatrixArgs {
  let kernels: string[] = [...MATRIX_KERNELS];
  const cucumberArgs: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg !== '--kernels' && !arg.startsWith('--kernels=')) {
      cucumberArgs.push(arg);
      continue;
    }
    const value = arg === '--kernels' ? rest[++i] : arg.slice('--kernels='.length);
    const list = (value ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
    if (list.length === 0) throw new MatrixUsageError(`--kernels needs a list such as ${MATRIX_KERNELS.join(',')}`);
    const unknown = list.filter((k) => !(MATRIX_KERNELS as readonly string[]).includes(k));
    if (unknown.length > 0) throw new MatrixUsageError(`--kernels: unknown kernel ${unknown.join(', ')}: the lab images are ${MATRIX_KERNELS.join(', ')} (lab/image/build.sh --kernel)`);
    const repeated = list.filter((k, j) => list.indexOf(k) !== j);
    if (repeated.length > 0) throw new MatrixUsageError(`--kernels names ${repeated.join(', ')} twice`);
    kernels = list;
  }
  return { kernels, cucumberArgs };
}

/** The environment of one kernel's cucumber run. */
export function kernelRunEnv(kernel: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MOUNTLAB_TARGET: 'qemu', MOUNTLAB_IMAGE: `mountlab-${kernel}`, MOUNTLAB_REPORT_DIR: `${MATRIX_DIR}/${kernel}` };
}

function cucumberBin(): string {
  const packageJson = createRequire(import.meta.url).resolve('@cucumber/cucumber/package.json');
  return join(dirname(packageJson), 'bin', 'cucumber.js');
}

/** Runs a command with the terminal; resolves its exit code (128+n for a signal). Ctrl-C reaches the child, which cleans up. */
function run(command: string, argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command, argv, { stdio: 'inherit', env });
  const ignore = (): void => undefined;
  process.on('SIGINT', ignore);
  return new Promise((resolve) => {
    child.on('error', (err) => {
      process.stderr.write(`mountlab: ${command}: ${err.message}\n`);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1));
    });
  });
}

const log = (line: string): void => {
  process.stderr.write(`mountlab matrix: ${line}\n`);
};

/** Builds lab/build/mountlab-<kernel> when it is missing or stale; resolves the build's exit code (0 if up to date). */
async function ensureImage(kernel: string): Promise<number> {
  const reason = imageBuildReason(`mountlab-${kernel}`);
  if (reason === undefined) return 0;
  const build = join(labDir(), 'image', 'build.sh');
  log(`${reason}: building it (${build} --kernel ${kernel})`);
  return run(build, ['--kernel', kernel], process.env);
}

/** The whole matrix; resolves the exit code of `npm run lab -- --matrix`. */
export async function runMatrix(args: LabArgs): Promise<number> {
  if (args.target !== undefined && args.target !== 'qemu') {
    throw new MatrixUsageError(`--matrix runs on the qemu target (one lab VM image per kernel), not ${args.target} (from --target or MOUNTLAB_TARGET)`);
  }
  if (args.keep) throw new MatrixUsageError('--keep does not go with --matrix: each kernel gets its own VM, stopped after its run');
  const { kernels, cucumberArgs } = parseMatrixArgs(args.cucumberArgs);
  const profile = args.profile ?? 'qemu';
  log(`kernels ${kernels.join(', ')}; one VM after another; reports in ${MATRIX_DIR}/<kernel>/`);
  const done: string[] = [];
  let interrupted = false;
  for (const kernel of kernels) {
    const dir = join(MATRIX_DIR, kernel);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const startedAt = new Date();
    const command = ['cucumber-js', '--profile', profile, ...cucumberArgs];
    const record = async (exitCode: number, problem?: string): Promise<void> => {
      const r: RunRecord = { kernel, exitCode, durationMs: Date.now() - startedAt.getTime(), startedAt: startedAt.toISOString(), command, ...(problem !== undefined ? { problem } : {}) };
      await writeFile(join(dir, RUN_FILE), `${JSON.stringify(r, null, 2)}\n`);
    };
    done.push(kernel);
    const built = await ensureImage(kernel);
    if (built !== 0) {
      await record(built, `lab/image/build.sh --kernel ${kernel} failed (exit ${built})`);
      if (built === 130 || built === 143) {
        interrupted = true;
        break;
      }
      continue;
    }
    const manifest = await readFile(join(imageDir(`mountlab-${kernel}`), 'manifest.json'), 'utf8');
    const image = imageInfo(JSON.parse(manifest));
    await writeFile(join(dir, IMAGE_FILE), `${JSON.stringify(image, null, 2)}\n`);
    log(`${kernel}: mountlab-${kernel} (kernel ${image?.kernelRelease ?? '?'}), cucumber profile ${profile}`);
    const code = await run(process.execPath, [cucumberBin(), '--profile', profile, ...cucumberArgs], kernelRunEnv(kernel, process.env));
    await record(code);
    log(`${kernel}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${formatDuration(Date.now() - startedAt.getTime())}`);
    if (code === 130 || code === 143) {
      interrupted = true;
      break;
    }
  }
  const { matrix, html, json } = await writeMatrixReport(MATRIX_DIR, { kernels: done });
  process.stdout.write(`\n${formatMatrixMarkdown(matrix)}\n`);
  const failures = formatFailures(matrix);
  if (failures !== '') process.stdout.write(`\nfailures:\n${failures}\n`);
  log(matrix.columns.map((c) => `${c.kernel} ${c.ok ? 'passed' : 'FAILED'}${c.durationMs !== undefined ? ` (${formatDuration(c.durationMs)})` : ''}`).join(', '));
  log(`matrix in ${html} and ${json}`);
  if (interrupted) {
    log(`interrupted: ${kernels.filter((k) => !done.includes(k)).join(', ') || 'no kernel'} not run`);
    return 130;
  }
  return matrixFailed(matrix) ? 1 : 0;
}
