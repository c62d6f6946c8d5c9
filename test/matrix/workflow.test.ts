// The nightly kernel-matrix workflow (.github/workflows/nightly.yml) is not run here: this checks
// its structure, and that every command it runs exists in this checkout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { MATRIX_KERNELS } from '../../src/report/matrix/model.ts';
import { kernelRunEnv } from '../../src/suite/matrix.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly 'runs-on': string;
  readonly container?: { readonly image: string; readonly options?: string };
  readonly needs?: string | string[];
  readonly if?: string;
  readonly strategy?: { readonly 'fail-fast'?: boolean; readonly matrix: Record<string, unknown> };
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly on: { readonly schedule?: readonly { cron: string }[]; readonly workflow_dispatch?: unknown };
  readonly jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(`${root}.github/workflows/nightly.yml`, 'utf8')) as Workflow;
const packageJson = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> };
const jobs = Object.values(workflow.jobs);
const kernelJob = jobs.find((j) => j.strategy?.matrix.kernel !== undefined);
const reportJob = jobs.find((j) => j !== kernelJob);
const runs = (job: Job | undefined): string[] => (job?.steps ?? []).flatMap((s) => (s.run === undefined ? [] : [s.run]));
const uses = (job: Job | undefined, action: string): Step[] => (job?.steps ?? []).filter((s) => s.uses?.startsWith(`${action}@`) === true);

test('runs nightly from cron and by hand', () => {
  assert.ok((workflow.on.schedule ?? []).length > 0, 'a schedule');
  assert.match(workflow.on.schedule?.[0]?.cron ?? '', /^\S+ \S+ \S+ \S+ \S+$/);
  assert.ok('workflow_dispatch' in workflow.on, 'workflow_dispatch');
});

test('one job per kernel image, on hosted runners, not cancelled by another kernel failing', () => {
  assert.ok(kernelJob, 'a job with a kernel matrix');
  assert.deepEqual(kernelJob.strategy?.matrix.kernel, [...MATRIX_KERNELS]);
  assert.equal(kernelJob['runs-on'], 'ubuntu-latest');
  assert.equal(kernelJob.strategy['fail-fast'], false);
});

test('the kernel job checks out and sets up Node 20', () => {
  assert.equal(uses(kernelJob, 'actions/checkout').length, 1);
  const node = uses(kernelJob, 'actions/setup-node')[0];
  assert.equal(String(node?.with?.['node-version']), '20');
});

// The chosen set-up (docs/matrix.md): the kernel job runs in Debian 12, the system .ci/run tests,
// as root, privileged (mmdebstrap --mode=root and chroot mount), with the runner's /dev/kvm.
test('the kernel job runs in a privileged Debian 12 container with the runner\'s /dev/kvm, as root', () => {
  const container = kernelJob?.container;
  assert.ok(container, 'a container');
  assert.match(container.image, /^debian:(12|bookworm)(-slim)?$/);
  const options = (container.options ?? '').split(/\s+/);
  assert.ok(options.includes('--privileged'), 'privileged');
  assert.equal(options[options.indexOf('--device') + 1], '/dev/kvm', '--device /dev/kvm');
  assert.ok(!options.some((o) => /^(-u|--user)(=|$)/.test(o)), 'root, the image\'s default user');
  assert.deepEqual(runs(kernelJob).filter((r) => /\bsudo\b|udevadm/.test(r)), [], 'root needs neither sudo (not in the image) nor a udev rule');
});

/** The words of every `packages="..."` line of scripts/setup.sh. */
function setupPackages(): Set<string> {
  const text = readFileSync(`${root}scripts/setup.sh`, 'utf8');
  return new Set([...text.matchAll(/^packages="([^"]*)"/gm)].flatMap((m) => (m[1] ?? '').split(/\s+/)).filter((w) => w !== '' && w !== '$packages'));
}

test('setup.sh installs in the container what the image build and npm ci need', () => {
  const packages = setupPackages();
  const build = readFileSync(`${root}lab/image/build.sh`, 'utf8');
  const buildNeeds = [...build.matchAll(/\|\| need\+=\(([\w.+-]+)\)/g)].map((m) => m[1] ?? '');
  assert.ok(buildNeeds.length > 0, 'build.sh lists its tools');
  for (const p of buildNeeds) assert.ok(packages.has(p), `setup.sh installs ${p} (lab/image/build.sh needs it)`);
  // node-pty has no Linux prebuild: npm ci compiles it with node-gyp
  for (const p of ['make', 'g++', 'python3', 'ca-certificates']) assert.ok(packages.has(p), `setup.sh installs ${p}`);
});

test('the kernel job sets up the lab, builds that kernel\'s image and runs the features on it', () => {
  const commands = runs(kernelJob).join('\n');
  assert.match(commands, /^sh scripts\/setup\.sh lab$/m);
  assert.match(commands, /^lab\/image\/build\.sh --kernel \$\{\{ matrix\.kernel \}\} --no-box$/m);
  const run = kernelJob?.steps.find((s) => s.run?.includes('npm run lab') === true);
  assert.ok(run, 'a step running npm run lab');
  assert.equal(run.run, 'npm run lab -- --target qemu');
  assert.equal(run.env?.MOUNTLAB_ACCEL, undefined, 'the accelerator is probed (KVM when it boots), not forced');
  // the same image and report directory as `npm run lab -- --matrix` gives each kernel
  const expected = kernelRunEnv('${{ matrix.kernel }}', {});
  assert.equal(run.env?.MOUNTLAB_IMAGE, expected.MOUNTLAB_IMAGE);
  assert.equal(run.env?.MOUNTLAB_REPORT_DIR, expected.MOUNTLAB_REPORT_DIR);
});

test('the kernel job uploads its reports even when the run failed', () => {
  const upload = uses(kernelJob, 'actions/upload-artifact');
  assert.equal(upload.length, 1);
  assert.equal(upload[0]?.if, 'always()');
  assert.match(String(upload[0].with?.path), /^reports\/?$/);
  assert.match(String(upload[0].with?.name), /\$\{\{ matrix\.kernel \}\}/, 'one artifact per kernel');
  const manifest = runs(kernelJob).find((r) => r.includes('manifest.json'));
  assert.ok(manifest?.includes('reports/matrix/${{ matrix.kernel }}/image.json'), 'the image manifest goes with the reports');
  assert.ok(manifest?.includes('cp lab/build/accel.json reports/matrix/${{ matrix.kernel }}/accel.json'), 'so does the accelerator verdict');
});

test('a last job joins every kernel\'s artifacts into reports/matrix.html', () => {
  assert.ok(reportJob, 'a second job');
  assert.equal(reportJob.if, 'always()', 'runs when a kernel failed too');
  const needs = [reportJob.needs ?? []].flat();
  assert.ok(Object.entries(workflow.jobs).some(([id, j]) => j === kernelJob && needs.includes(id)), 'needs the kernel job');
  const download = uses(reportJob, 'actions/download-artifact')[0];
  assert.ok(download, 'downloads the artifacts');
  assert.equal(download.with?.['merge-multiple'], true);
  assert.equal(download.with.path, 'reports');
  assert.ok(runs(reportJob).some((r) => r.includes('src/cli/matrix-report.ts reports/matrix')));
  const upload = uses(reportJob, 'actions/upload-artifact')[0];
  assert.match(String(upload?.with?.path), /reports\/matrix\.html/);
});

test('every npm script and repository file the workflow runs exists', () => {
  const all = [...runs(kernelJob), ...runs(reportJob)].join('\n');
  const scripts = [...all.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? '');
  assert.ok(scripts.length > 0);
  for (const s of scripts) assert.ok(s in packageJson.scripts, `npm run ${s} is in package.json`);
  const files = [...all.matchAll(/(?:^|[\s"'])((?:scripts|lab\/image|src\/cli)\/[\w./-]+\.(?:sh|ts))/g)].map((m) => m[1] ?? '');
  assert.deepEqual([...new Set(files)].sort(), ['lab/image/build.sh', 'scripts/setup.sh', 'src/cli/matrix-report.ts']);
  for (const f of files) assert.ok(existsSync(`${root}${f}`), `${f} exists`);
  assert.ok(/--kernel\)/.test(readFileSync(`${root}lab/image/build.sh`, 'utf8')) && /--no-box\)/.test(readFileSync(`${root}lab/image/build.sh`, 'utf8')), 'build.sh takes --kernel and --no-box');
  assert.ok(/\blab\)/.test(readFileSync(`${root}scripts/setup.sh`, 'utf8')), 'setup.sh has a lab mode');
  for (const [id, job] of Object.entries(workflow.jobs)) {
    for (const s of job.steps) {
      if (s.uses !== undefined) assert.match(s.uses, /^actions\/[\w-]+@v\d+$/, `${id}: ${s.uses} is an official action pinned to a major version`);
    }
  }
});
