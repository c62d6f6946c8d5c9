import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageInfo, kernelsIn, writeMatrixReport } from './load.ts';
import type { Matrix } from './model.ts';

const fixture = (name: string): URL => new URL(`../../../test/matrix/fixtures/${name}`, import.meta.url);

/** reports/matrix/{bullseye,bookworm,trixie,notes} as the runner (bullseye) and CI (bookworm) leave them. */
async function matrixDir(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'mountlab-matrix-'));
  const dir = join(root, 'reports', 'matrix');
  for (const k of ['bullseye', 'bookworm', 'trixie', 'notes']) await mkdir(join(dir, k), { recursive: true });
  await copyFile(fixture('qemu-bullseye.ndjson'), join(dir, 'bullseye', 'messages.ndjson'));
  await writeFile(join(dir, 'bullseye', 'cucumber.html'), '<html></html>');
  await writeFile(join(dir, 'bullseye', 'image.json'), JSON.stringify({ name: 'mountlab-bullseye', kernelSuite: 'bullseye', kernelRelease: '5.10.0-32-amd64', kernelPackageVersion: '5.10.223-1', builtAt: '2026-11-24T00:03:12Z' }));
  await writeFile(join(dir, 'bullseye', 'run.json'), JSON.stringify({ kernel: 'bullseye', exitCode: 1, durationMs: 822_774, startedAt: '2026-11-24T00:28:06.000Z', command: ['cucumber-js', '--profile', 'qemu'] }));
  await copyFile(fixture('qemu-bookworm.ndjson'), join(dir, 'bookworm', 'messages.ndjson'));
  // a full manifest.json copied by the workflow: packages and all
  await writeFile(join(dir, 'bookworm', 'image.json'), JSON.stringify({ name: 'mountlab-bookworm', suite: 'bookworm', kernelSuite: 'bookworm', kernelRelease: '6.1.0-56-amd64', packages: { bash: '5.2' } }));
  // trixie's image could not be built: a run record and no messages
  await writeFile(join(dir, 'trixie', 'run.json'), JSON.stringify({ kernel: 'trixie', exitCode: 1, durationMs: 5000, startedAt: '2026-11-24T01:00:00.000Z', command: [], problem: 'lab/image/build.sh --kernel trixie failed (exit 1)' }));
  await writeFile(join(dir, 'notes', 'README'), 'not a run');
  return root;
}

test('finds the kernels that have a run, oldest first', async () => {
  const root = await matrixDir();
  try {
    assert.deepEqual(await kernelsIn(join(root, 'reports', 'matrix')), ['bullseye', 'bookworm', 'trixie']);
    assert.deepEqual(await kernelsIn(join(root, 'nowhere')), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('writes matrix.html and matrix.json beside the matrix directory', async () => {
  const root = await matrixDir();
  try {
    const { html, json, matrix } = await writeMatrixReport(join(root, 'reports', 'matrix/'), { now: new Date('2026-11-24T02:00:00Z') });
    assert.equal(html, join(root, 'reports', 'matrix.html'));
    assert.equal(json, join(root, 'reports', 'matrix.json'));
    const page = await readFile(html, 'utf8');
    assert.match(page, /<a href="matrix\/bullseye\/cucumber\.html">cucumber report<\/a>/);
    assert.match(page, /lab\/image\/build\.sh --kernel trixie failed/);
    const saved = JSON.parse(await readFile(json, 'utf8')) as Matrix;
    assert.deepEqual(saved, JSON.parse(JSON.stringify(matrix)));
    const [bullseye, bookworm, trixie] = saved.columns;
    assert.deepEqual([bullseye?.exitCode, bullseye?.durationMs, bullseye?.ok, bullseye?.image?.kernelPackageVersion], [1, 822_774, false, '5.10.223-1']);
    assert.equal(bullseye?.reportHref, 'matrix/bullseye/cucumber.html');
    assert.deepEqual([bookworm?.exitCode, bookworm?.ok, bookworm?.image?.name, bookworm?.reportHref], [undefined, true, 'mountlab-bookworm', undefined]);
    assert.equal(trixie?.ok, false);
    assert.equal(saved.rows.find((r) => r.key === 'features/userns-mount.feature:41')?.cells.trixie?.status, 'missing');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('--out and an explicit list of kernels', async () => {
  const root = await matrixDir();
  try {
    const out = join(root, 'site', 'kernels.html');
    const { html, json, matrix } = await writeMatrixReport(join(root, 'reports', 'matrix'), { out, kernels: ['bookworm'] });
    assert.equal(html, out);
    assert.equal(json, join(root, 'site', 'kernels.json'));
    assert.deepEqual(matrix.columns.map((c) => c.kernel), ['bookworm']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('imageInfo keeps what the page shows of a manifest', () => {
  assert.deepEqual(imageInfo({ name: 'mountlab-trixie', kernelSuite: 'trixie', kernelRelease: '6.12.117+deb13-amd64', kernelPackageVersion: '6.12.117-1', builtAt: 'x', packages: {} }), {
    name: 'mountlab-trixie', kernelSuite: 'trixie', kernelRelease: '6.12.117+deb13-amd64', kernelPackageVersion: '6.12.117-1', builtAt: 'x',
  });
  assert.equal(imageInfo({ kernelRelease: '6.1' }), undefined);
  assert.equal(imageInfo(null), undefined);
  assert.equal(imageInfo('mountlab'), undefined);
});
