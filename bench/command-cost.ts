// npm run bench:command-cost [-- --vm]: what one plain command costs in a sandbox, through the
// resident agent and through the old strace-per-command path (MOUNTLAB_AGENT=0), on the local
// target (and the lab VM with --vm; take the VM lock). Prints medians; asserts nothing.
import { LocalTransport } from '../src/transport/local.ts';
import { Sandbox } from '../src/sandbox/sandbox.ts';
import type { Transport } from '../src/transport/types.ts';
import { QemuTarget } from '../src/drivers/qemu/target.ts';
import { formatMs, median, timeEach } from './stats.ts';

const options = { commandTimeoutMs: 60_000, window: { readyTimeoutMs: 60_000, commandTimeoutMs: 60_000 } };
const N = 15;

async function measure(where: string, transport: Transport): Promise<void> {
  for (const mode of ['0', '1', '0', '1']) {
    process.env.MOUNTLAB_AGENT = mode;
    const sandbox = await Sandbox.create(transport, options);
    let i = 0;
    const run = median(await timeEach(N, async () => {
      const r = await sandbox.run(`mkdir /mnt/d${++i} && mount -t tmpfs bench /mnt/d${i}`);
      if (r.failed) throw new Error(`${r.command}: ${r.stderr}`);
    }));
    const table = median(await timeEach(N, () => sandbox.mountTable()));
    await sandbox.destroy();
    const path = mode === '0' ? 'strace per command' : 'resident agent    ';
    process.stdout.write(`${where}: ${path}: mkdir+mount ${formatMs(run)}, mount table after it ${formatMs(table)} (medians of ${N})\n`);
  }
  delete process.env.MOUNTLAB_AGENT;
}

await measure('local', new LocalTransport());
if (process.argv.includes('--vm')) {
  const target = new QemuTarget({});
  try {
    await measure('lab VM', await target.start());
  } finally {
    await target.stop();
  }
}
