// npm run bench [-- --quick]: measures the lab on this machine and prints its tables: figures,
// then per feature file mountlab against its plain-script baseline, on the local target and on
// the lab VM. --quick leaves out the whole-suite run on the lab VM (the longest line) and takes
// the best of 1 instead of 3 in the feature tables; --local measures only the local target;
// --feature NAME (repeatable) measures only those feature files' rows, and no figures or suites.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { LocalTransport } from '../src/transport/local.ts';
import { Sandbox } from '../src/sandbox/sandbox.ts';
import type { Transport } from '../src/transport/types.ts';
import { QemuTarget } from '../src/drivers/qemu/target.ts';
import { loadImage, DEFAULT_IMAGE } from '../src/image/catalogue.ts';
import { SshTransport } from '../src/transport/ssh/index.ts';
import { ShellRunner } from './ssh-shell/runner.ts';
import { formatMs, median, timeEach } from './stats.ts';
import { vagrantSshRow } from './vagrant-ssh.ts';
import { measureStartUp } from './startup.ts';
import { FEATURE_HEADER, LOCAL_SCENARIOS, VM_ONLY, failedRow, featureRow, isVmOnly, localBaseline, measureFeature, noBaselineRow, vmOnlyRow, type BaselineRun } from './features.ts';
import { formatKiB, processPeakKiB, spawnMeasured } from './peak-memory.ts';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean' }, local: { type: 'boolean' }, feature: { type: 'string', multiple: true } } });
const quick = args.quick === true;
const localOnly = args.local === true;
/** The feature files to measure, all when --feature is not given. */
const chosen = args.feature;
const runs = quick ? 1 : 3;
const rows: [string, string, string][] = [];
const record = (what: string, value: string, how: string): void => {
  rows.push([what, value, how]);
  process.stderr.write(`  ${what}: ${value}\n`);
};
/** One local scenario, for the start-up row. */
const STARTUP_SCENARIO = 'features/privatetmp.feature:46';
const sandboxOptions = { commandTimeoutMs: 60_000, window: { readyTimeoutMs: 60_000, commandTimeoutMs: 60_000 } };

async function sandboxCycle(transport: Transport, n: number): Promise<number> {
  return median(await timeEach(n, async () => {
    const sandbox = await Sandbox.create(transport, sandboxOptions);
    await sandbox.destroy();
  }));
}

async function bootTimes(): Promise<{ transport: SshTransport; target: QemuTarget }> {
  const cold = new QemuTarget({ boot: 'cold' });
  let started = performance.now();
  await cold.start();
  record('lab VM: cold boot to ssh', formatMs(performance.now() - started), 'qemu direct kernel boot, first ssh login');
  await cold.stop();
  const resumed = new QemuTarget({ boot: 'snapshot' });
  await resumed.start(); // makes the RAM snapshot if missing; not timed
  await resumed.stop();
  const again = new QemuTarget({ boot: 'snapshot' });
  started = performance.now();
  const transport = await again.start();
  record('lab VM: resume from RAM snapshot to ssh', formatMs(performance.now() - started), `incoming migration of a saved VM; phases ${JSON.stringify(again.lastStartTimings)}`);
  if (!(transport instanceof SshTransport)) throw new Error('the qemu target did not hand out an ssh2 transport');
  return { transport, target: again };
}

async function roundTrips(transport: SshTransport, target: QemuTarget): Promise<void> {
  const n = 20;
  const shell = new ShellRunner(transport.connection);
  record('command round trip: ssh2 exec channel', formatMs(median(await timeEach(n, () => transport.exec(['true'])))), `median of ${n} \`true\` on one connection`);
  record('command round trip: ssh2 long-lived shell', formatMs(median(await timeEach(n, () => shell.exec(['true'])))), `median of ${n}`);
  const image = await loadImage(DEFAULT_IMAGE);
  const port = target.machine?.sshPort;
  if (port !== undefined) {
    const ssh = ['-i', image.privateKey, '-o', `UserKnownHostsFile=${image.dir}/known_hosts`, '-o', `HostKeyAlias=${image.name}`, '-o', 'BatchMode=yes', '-p', String(port), 'root@127.0.0.1', 'true'];
    record('command round trip: fresh ssh process', formatMs(median(await timeEach(5, () => Promise.resolve(execFileSync('ssh', ssh))))), 'median of 5 `ssh … true`, OpenSSH client');
  }
}

function suiteTime(target: string): void {
  const started = performance.now();
  const { result: r, peakKiB } = spawnMeasured(process.execPath, ['support/lab.mjs', '--target', target, '--profile', 'verify'], { encoding: 'utf8' });
  const summary = /(\d+ scenarios \([^)]*\))/.exec(r.stdout)?.[1] ?? `exit ${String(r.status)}`;
  record(`whole suite on ${target}`, formatMs(performance.now() - started), summary);
  record(`peak memory, whole suite on ${target}`, formatKiB(peakKiB), `the largest process of the run (${target === 'qemu' ? 'the lab VM\'s qemu' : 'its Node process'}; GNU time's %M)`);
}

/**
 * The baseline of a feature in the lab VM: the scripts copied in over the bench's own ssh2
 * connection, then `bash` timed from this side (one exec round trip included, as in mountlab).
 * One VM at a time: it is started and stopped around each baseline run, after mountlab's.
 */
async function vmBaseline(feature: string, traceAll: boolean): Promise<BaselineRun> {
  const target = new QemuTarget({});
  const transport = await target.start();
  try {
    for (const file of ['lib.sh', `${feature}.sh`]) {
      const copied = await transport.exec(['sh', '-c', `mkdir -p /root/bench && cat > /root/bench/${file}`], { stdin: readFileSync(`bench/baselines/${file}`, 'utf8') });
      if (copied.failed) throw new Error(`could not copy ${file} into the lab VM: ${copied.stderr}`);
    }
    const started = performance.now();
    const r = await transport.exec(['env', 'MOUNTLAB_BASELINE_IN_LAB_VM=1', `TRACE_ALL=${traceAll ? '1' : ''}`, 'bash', `/root/bench/${feature}.sh`], { timeoutMs: 600_000 });
    const ms = performance.now() - started;
    if (r.failed) throw new Error(`bench/baselines/${feature}.sh failed in the lab VM:\n${r.stderr}`);
    // the VM's qemu: on the lab VM it is also the largest process of mountlab's run (GNU time's %M there)
    const pid = target.machine?.pid;
    return { ms, peakKiB: pid === undefined ? Number.NaN : processPeakKiB(pid) };
  } finally {
    await target.stop();
  }
}

async function featureTable(target: 'local' | 'qemu'): Promise<string[]> {
  const lines = [FEATURE_HEADER];
  const all = readdirSync('features').filter((f) => f.endsWith('.feature')).map((f) => f.replace(/\.feature$/, '')).sort();
  const unknown = (chosen ?? []).filter((f) => !all.includes(f));
  if (unknown.length > 0) throw new Error(`no feature file features/${unknown.join('.feature, features/')}.feature (the features are ${all.join(', ')})`);
  for (const feature of all.filter((f) => chosen === undefined || chosen.includes(f))) {
    if (target === 'local' && isVmOnly(feature)) lines.push(vmOnlyRow(feature));
    else if (!existsSync(`bench/baselines/${feature}.sh`)) lines.push(noBaselineRow(feature));
    else {
      try {
        lines.push(featureRow(await measureFeature(feature, runs, target, target === 'local' ? localBaseline : vmBaseline)));
      } catch (error) { // a failed run has no comparable time; the row says so and the bench goes on
        process.stderr.write(`${String(error)}\n`);
        lines.push(failedRow(feature));
      }
    }
    process.stderr.write(`  ${lines.at(-1) ?? ''}\n`);
  }
  return lines;
}

/** The machine line printed above both tables: date, cores, CPU, KVM or TCG, load average. */
function machineLine(): string {
  const cpu = execFileSync('sh', ['-c', "nproc; grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim().split('\n');
  const accel = existsSync('/dev/kvm') ? 'KVM device present' : 'no KVM (TCG)';
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  return `${new Date().toISOString().slice(0, 10)}, ${cpu[0] ?? '?'} cores,${cpu[1] ?? ''}, ${accel}, load average ${load} at the end`;
}

async function main(): Promise<void> {
  process.stderr.write('mountlab bench\n');
  if (chosen === undefined) await figures();
  const features = await featureTable('local');
  const vmFeatures = localOnly ? undefined : await featureTable('qemu');
  if (chosen === undefined) suiteTime('local');
  if (chosen === undefined && !quick && !localOnly) suiteTime('qemu');
  const machine = machineLine();
  if (rows.length > 0) {
    console.log(`\n| measured (${machine}) | value | how |\n|---|---|---|`);
    for (const [what, value, how] of rows) console.log(`| ${what} | ${value} | ${how} |`);
  }
  console.log(`\nFeature files on the local target, best of ${runs} (${machine}):\n\n${features.join('\n')}`);
  if (vmFeatures !== undefined) {
    console.log(`\nFeature files on the lab VM (TCG unless KVM works): ${VM_ONLY.join(' and ')} whole, of the others the scenarios the local target runs too (${LOCAL_SCENARIOS}), best of ${runs} (${machine}):\n\n${vmFeatures.join('\n')}`);
  }
}

/** The measured table's rows before the feature tables: sandboxes, boots, round trips. */
async function figures(): Promise<void> {
  record('sandbox setup + teardown, this computer', formatMs(await sandboxCycle(new LocalTransport(), 10)), 'median of 10 Sandbox.create + destroy');
  const startUp = measureStartUp(5, [STARTUP_SCENARIO]);
  record('start-up: `npm run lab -- --target local` to the first step', formatMs(startUp.toFirstStep), `median of 5, ${STARTUP_SCENARIO} (${formatMs(startUp.toRunStarted)} to cucumber's testRunStarted); \`npm run env\` alone takes ${formatMs(startUp.floor)}`);
  if (!localOnly) {
    const vm = await bootTimes();
    try {
      await roundTrips(vm.transport, vm.target);
      record('sandbox setup + teardown, lab VM', formatMs(await sandboxCycle(vm.transport, 5)), 'median of 5, over ssh2');
    } finally {
      await vm.target.stop();
    }
  }
  if (!localOnly) await vagrantSshRow(record); // after the qemu VM stopped: one TCG VM at a time
}

await main();
