/**
 * `npm run lab -- --matrix`: one suite run on the lab VM per kernel image, one VM after the other
 * (two TCG VMs on a small machine only slow each other down), each into reports/matrix/<kernel>/
 * with its run.json and image.json, then the matrix page reports/matrix.html (+ .json) drawn by
 * src/report/matrix/. An image that is missing or stale is built first.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureImage, ImageBuildError } from '../image/ensure.ts';
import { imageDir } from '../image/catalogue.ts';
import { formatDuration } from '../report/matrix/html.ts';
import { IMAGE_FILE, RUN_FILE, imageInfo, writeMatrixReport, type SuiteRunRecord } from '../report/matrix/load.ts';
import { formatMatrixSummary, matrixFailed } from '../report/matrix/model.ts';
import { runSuite, suiteCommand, type SuiteRunOptions } from './run.ts';

export const MATRIX_DIR = 'reports/matrix';

export interface MatrixOptions {
  /** Known kernels (MATRIX_KERNELS), in the order to run them. */
  readonly kernels: readonly string[];
  readonly profile: string;
  /** What goes to cucumber-js on each kernel. */
  readonly cucumberArgs: readonly string[];
}

/** The environment of one kernel's suite run. */
export function kernelRunEnv(kernel: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MOUNTLAB_TARGET: 'qemu', MOUNTLAB_IMAGE: `mountlab-${kernel}`, MOUNTLAB_REPORT_DIR: `${MATRIX_DIR}/${kernel}` };
}

const log = (line: string): void => {
  process.stderr.write(`mountlab matrix: ${line}\n`);
};

/** Exit codes of a child ended by Ctrl-C or SIGTERM: the matrix stops there. */
const interruptedBy = (code: number | undefined): boolean => code === 130 || code === 143;

/** Builds the kernel's image if needed, runs the suite on it, records run.json; resolves the exit code. */
async function runKernel(kernel: string, options: MatrixOptions): Promise<number> {
  const dir = join(MATRIX_DIR, kernel);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const startedAt = new Date();
  const suite: SuiteRunOptions = { profile: options.profile, cucumberArgs: options.cucumberArgs, env: kernelRunEnv(kernel, process.env) };
  const record = async (exitCode: number, problem?: string): Promise<void> => {
    const r: SuiteRunRecord = { kernel, exitCode, durationMs: Date.now() - startedAt.getTime(), startedAt: startedAt.toISOString(), command: suiteCommand(suite), ...(problem !== undefined ? { problem } : {}) };
    await writeFile(join(dir, RUN_FILE), `${JSON.stringify(r, null, 2)}\n`);
  };
  try {
    await ensureImage(`mountlab-${kernel}`, (line) => {
      log(`${kernel}: ${line}`);
    });
  } catch (e) {
    if (!(e instanceof ImageBuildError)) throw e;
    await record(e.exitCode ?? 1, e.message);
    return e.exitCode ?? 1;
  }
  const manifest = await readFile(join(imageDir(`mountlab-${kernel}`), 'manifest.json'), 'utf8');
  const image = imageInfo(JSON.parse(manifest));
  await writeFile(join(dir, IMAGE_FILE), `${JSON.stringify(image, null, 2)}\n`);
  log(`${kernel}: mountlab-${kernel} (kernel ${image?.kernelRelease ?? '?'}), cucumber profile ${options.profile}`);
  const code = await runSuite(suite);
  await record(code);
  log(`${kernel}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${formatDuration(Date.now() - startedAt.getTime())}`);
  return code;
}

/** The whole matrix; resolves the exit code of `npm run lab -- --matrix`. */
export async function runMatrix(options: MatrixOptions): Promise<number> {
  log(`kernels ${options.kernels.join(', ')}; one kernel after another; reports in ${MATRIX_DIR}/<kernel>/`);
  const done: string[] = [];
  let interrupted = false;
  for (const kernel of options.kernels) {
    done.push(kernel);
    if (interruptedBy(await runKernel(kernel, options))) {
      interrupted = true;
      break;
    }
  }
  const { matrix, html, json } = await writeMatrixReport(MATRIX_DIR, { kernels: done });
  process.stdout.write(`\n${formatMatrixSummary(matrix)}\n`);
  log(matrix.columns.map((c) => `${c.kernel} ${c.ok ? 'passed' : 'FAILED'}${c.durationMs !== undefined ? ` (${formatDuration(c.durationMs)})` : ''}`).join(', '));
  log(`matrix in ${html} and ${json}`);
  if (interrupted) {
    log(`interrupted: ${options.kernels.filter((k) => !done.includes(k)).join(', ') || 'no kernel'} not run`);
    return 130;
  }
  return matrixFailed(matrix) ? 1 : 0;
}
