/**
 * The vagrant target end to end (scripts/vagrant-demo.sh runs it after scripts/vagrant-setup.sh):
 * start() (box add if needed, vagrant up, snapshot save, ssh), a few commands over the one ssh2
 * connection, reset() (snapshot restore, ssh again), the same commands, stop() (vagrant destroy).
 * Every line carries the seconds since the start; the phases' timings are printed at the end.
 *
 *   npx tsx test/vagrant/vagrant-demo.ts      (environment as for the target: MOUNTLAB_VAGRANT_*)
 */
import { vagrantTargetFromEnv } from '../../src/drivers/vagrant/settings.ts';
import type { Transport } from '../../src/transport/types.ts';

const t0 = performance.now();
const stamp = (): string => `[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s]`;
const say = (line: string): void => {
  process.stdout.write(`${stamp()} ${line}\n`);
};

async function run(transport: Transport, argv: string[]): Promise<string> {
  const r = await transport.exec(argv, { timeoutMs: 30_000 });
  const out = (r.stdout + r.stderr).trim().replace(/\n/g, ' | ');
  say(`$ ${argv.join(' ')} → exit ${String(r.exitCode)} in ${Math.round(r.durationMs)} ms${out !== '' ? `: ${out}` : ''}`);
  if (r.failed) throw new Error(`\`${argv.join(' ')}\` failed in the VM`);
  return r.stdout.trim();
}

const commands: string[][] = [
  ['uname', '-r'],
  ['cat', '/proc/1/comm'],
  ['id', '-u'],
  ['unshare', '-m', 'true'],
  ['sh', '-c', 'test -e /var/tmp/mountlab-demo-dirty && echo dirty || echo clean'],
];

const target = vagrantTargetFromEnv(process.env);
const summary: string[] = [];
let ok = false;
try {
  say(`VagrantTarget: box ${target.box}, lab ${target.labDir}, VAGRANT_HOME ${target.vagrantHome}`);
  let t = performance.now();
  let transport = await target.start(say);
  summary.push(`start()  ${((performance.now() - t) / 1000).toFixed(1)} s  ${JSON.stringify(target.timings)}`);
  say(`connected: ${transport.description}`);
  for (const argv of commands) await run(transport, argv);
  // Change the VM's root file system, so that reset() has something to undo.
  await run(transport, ['touch', '/var/tmp/mountlab-demo-dirty']);
  await run(transport, ['sh', '-c', 'test -e /var/tmp/mountlab-demo-dirty && echo dirty || echo clean']);

  t = performance.now();
  transport = await target.reset(say);
  summary.push(`reset()  ${((performance.now() - t) / 1000).toFixed(1)} s  ${JSON.stringify(target.timings)}`);
  for (const argv of commands) await run(transport, argv);
  const after = await run(transport, ['sh', '-c', 'test -e /var/tmp/mountlab-demo-dirty && echo dirty || echo clean']);
  if (after !== 'clean') throw new Error('reset() did not undo the change to the VM');
  // 20 commands in a row over the one connection: what a scenario's steps cost.
  const n = 20;
  const tn = performance.now();
  for (let i = 0; i < n; i++) await transport.exec(['true']);
  say(`${n} × exec(true) over the one ssh2 connection: ${((performance.now() - tn) / n).toFixed(0)} ms each`);
  ok = true;
} catch (err) {
  say(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  const t = performance.now();
  say('stop()');
  await target.stop().catch((err: unknown) => {
    say(`stop() failed: ${err instanceof Error ? err.message : String(err)}`);
  });
  summary.push(`stop()   ${((performance.now() - t) / 1000).toFixed(1)} s  ${JSON.stringify(target.timings)}`);
  say(`${ok ? 'demo passed' : 'demo FAILED'}; timings:`);
  for (const s of summary) process.stdout.write(`    ${s}\n`);
}
