/**
 * Reads a matrix directory (reports/matrix/<kernel>/{messages.ndjson,image.json,run.json}) and
 * writes the matrix page next to it: reports/matrix.html and reports/matrix.json.
 *
 * - messages.ndjson: cucumber's messages of that kernel's run (cucumber.mjs, MOUNTLAB_REPORT_DIR)
 * - image.json: the image's manifest.json (lab/build/mountlab-<kernel>/), or the part of it that
 *   names the image and its kernel; optional
 * - run.json: written by `npm run lab -- --matrix`: the exit code and duration of the run; optional
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { suiteRunFromMessages } from './messages.ts';
import { buildMatrix, sortKernels, type ImageInfo, type KernelRun, type Matrix } from './model.ts';
import { renderMatrixHtml } from './html.ts';

export const MESSAGES_FILE = 'messages.ndjson';
export const IMAGE_FILE = 'image.json';
export const RUN_FILE = 'run.json';

/** What `npm run lab -- --matrix` records in run.json of one kernel's suite run (src/suite/matrix.ts). */
export interface SuiteRunRecord {
  readonly kernel: string;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly startedAt: string;
  readonly command: readonly string[];
  /** Why there was no run (the image could not be built), if so. */
  readonly problem?: string;
}

/** The fields of a manifest.json that the matrix shows; undefined if it is not a manifest. */
export function imageInfo(manifest: unknown): ImageInfo | undefined {
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  const m = manifest as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof m[k] === 'string' ? m[k] : undefined);
  const name = str('name');
  if (name === undefined) return undefined;
  return { name, kernelSuite: str('kernelSuite'), kernelRelease: str('kernelRelease'), kernelPackageVersion: str('kernelPackageVersion'), builtAt: str('builtAt') };
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

/** The kernels that have a directory with messages or a run record in matrixDir, in matrix order. */
export async function kernelsIn(matrixDir: string): Promise<string[]> {
  const entries = await readdir(matrixDir, { withFileTypes: true }).catch(() => []);
  const kernels: string[] = [];
  for (const d of entries) {
    if (!d.isDirectory()) continue;
    if ((await exists(join(matrixDir, d.name, MESSAGES_FILE))) || (await exists(join(matrixDir, d.name, RUN_FILE)))) kernels.push(d.name);
  }
  return sortKernels(kernels);
}

/** Each kernel's run in matrixDir; report links are made relative to pageDir (where the HTML goes). */
export async function loadKernelRuns(matrixDir: string, pageDir: string, kernels?: readonly string[]): Promise<KernelRun[]> {
  const runs: KernelRun[] = [];
  for (const kernel of kernels ?? (await kernelsIn(matrixDir))) {
    const dir = join(matrixDir, kernel);
    const messages = await readFile(join(dir, MESSAGES_FILE), 'utf8').catch(() => undefined);
    const record = (await readJson(join(dir, RUN_FILE))) as Partial<SuiteRunRecord> | undefined;
    const html = join(dir, 'cucumber.html');
    runs.push({
      kernel,
      image: imageInfo(await readJson(join(dir, IMAGE_FILE))),
      suiteRun: messages === undefined ? undefined : suiteRunFromMessages(messages),
      exitCode: typeof record?.exitCode === 'number' ? record.exitCode : undefined,
      durationMs: typeof record?.durationMs === 'number' ? record.durationMs : undefined,
      reportHref: (await exists(html)) ? relative(pageDir, html).split(sep).join('/') : undefined,
      problem: typeof record?.problem === 'string' ? record.problem : undefined,
    });
  }
  return runs;
}

export interface WrittenReport {
  readonly matrix: Matrix;
  readonly html: string;
  readonly json: string;
}

/** Builds the matrix of matrixDir and writes <out>.html and <out>.json (default: matrix.* beside matrixDir). */
export async function writeMatrixReport(matrixDir: string, options: { out?: string; kernels?: readonly string[]; now?: Date } = {}): Promise<WrittenReport> {
  const base = (options.out ?? join(dirname(matrixDir.replace(/\/+$/, '')), 'matrix.html')).replace(/\.html$/, '');
  const html = `${base}.html`;
  const json = `${base}.json`;
  const runs = await loadKernelRuns(matrixDir, dirname(html), options.kernels);
  const matrix = buildMatrix(runs, options.now ?? new Date());
  await mkdir(dirname(html), { recursive: true });
  await writeFile(html, renderMatrixHtml(matrix));
  await writeFile(json, `${JSON.stringify(matrix, null, 2)}\n`);
  return { matrix, html, json };
}
