// The bench's `vagrant ssh -c` row: one command through Vagrant's own ssh (a Ruby start, the
// Vagrantfile read, then an OpenSSH process) against mountlab's per-command path (an exec channel
// on one ssh2 connection, as the vagrant target runs every command), on the same Vagrant VM in
// the same run. Needs vagrant; as root, libvirtd is started for the run (scripts/vagrant-setup.sh)
// if it is not answering, and stopped again after.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { VagrantTarget } from '../src/drivers/vagrant/target.ts';
import { formatMs, median, timeEach } from './stats.ts';

type RecordRow = (what: string, value: string, how: string) => void;
const ROW = 'command round trip: vagrant ssh -c';
const repo = fileURLToPath(new URL('..', import.meta.url));
const script = (name: string, ...args: string[]): void => {
  execFileSync('bash', [`${repo}scripts/${name}`, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
};

function libvirtAnswers(): boolean {
  return spawnSync('virsh', ['-c', 'qemu:///system', 'version', '--daemon'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

export async function vagrantSshRow(record: RecordRow): Promise<void> {
  if (spawnSync('sh', ['-c', 'command -v vagrant'], { encoding: 'utf8' }).stdout.trim() === '') {
    record(ROW, 'not measured', 'vagrant is not installed here (scripts/vagrant-setup.sh installs it)');
    return;
  }
  const setUp = !libvirtAnswers() && process.getuid?.() === 0;
  if (setUp) script('vagrant-setup.sh');
  const target = new VagrantTarget({ driver: 'auto' });
  try {
    const transport = await target.start((line) => process.stderr.write(`    ${line}\n`));
    const n = 10;
    // The same command both ways: `vagrant ssh` logs in as vagrant; the target's path adds sudo -n.
    const viaVagrant = median(await timeEach(n, () => Promise.resolve(execFileSync('bash', [`${repo}scripts/vagrant-lab.sh`, 'ssh', '-c', 'true'], { stdio: 'ignore' }))));
    const viaSsh2 = median(await timeEach(n, () => transport.exec(['true'])));
    record(ROW, formatMs(viaVagrant), `median of ${n} \`vagrant ssh -c true\` (scripts/vagrant-lab.sh) on the vagrant target's VM`);
    record('command round trip: ssh2 exec, same Vagrant VM', formatMs(viaSsh2), `median of ${n} \`true\` as the vagrant target runs commands (sudo -n); vagrant ssh -c is ${(viaVagrant / viaSsh2).toFixed(1)}× slower`);
  } catch (e) {
    record(ROW, 'not measured', `the vagrant target did not start: ${e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e)}`);
  } finally {
    await target.stop().catch(() => undefined);
    if (setUp) script('vagrant-setup.sh', '--stop');
  }
}
