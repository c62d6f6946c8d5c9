/**
 * The vagrant CLI wrapper's parsers and error messages, on output captured from the real
 * vagrant 2.3.4 + vagrant-libvirt 0.11.2 on a Debian 12 machine (test/vagrant/fixtures/, see
 * docs/vagrant.md), and the message for a missing vagrant binary. Needs no vagrant and no VM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  VagrantCli,
  VagrantError,
  classifyVagrantFailure,
  machineReadableError,
  parseBoxList,
  parseMachineReadable,
  parseSshConfig,
  parseStatus,
  stripAnsi,
  unescapeMachineReadable,
} from '../../src/drivers/vagrant/vagrant-cli.ts';
import { networkXml, unversionedBoxVolume } from '../../src/drivers/vagrant/vagrant-libvirt.ts';
import { boxDirectory } from '../../src/drivers/vagrant/box.ts';
import { vagrantTargetFromEnv } from '../../src/drivers/vagrant/settings.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('machine-readable records: timestamp, target, type, and data with commas and newlines unescaped', () => {
  const records = parseMachineReadable(fixture('status-running.txt'));
  assert.equal(records.length, 6);
  assert.deepEqual(records[2], { timestamp: 1795476688, target: 'default', type: 'state', data: ['running'] });
  const long = records.find((r) => r.type === 'state-human-long');
  assert.equal(
    long?.data[0],
    'The Libvirt domain is running. To stop this machine, you can run\n`vagrant halt`. To destroy the machine, you can run `vagrant destroy`.',
  );
  const ui = records[5];
  assert.ok(ui !== undefined);
  assert.equal(ui.target, '');
  assert.equal(ui.type, 'ui');
  assert.equal(ui.data[0], 'info');
  assert.match(ui.data[1] ?? '', /^Current machine states:\n\ndefault {19}running \(libvirt\)\n/);
});

test('unescaping: VAGRANT_COMMA, \\n and \\r', () => {
  assert.equal(unescapeMachineReadable('a%!(VAGRANT_COMMA) b\\nc\\rd'), 'a, b\nc\rd');
});

test('lines that are not records (a Ruby backtrace) are skipped', () => {
  const records = parseMachineReadable(fixture('restore-notcreated.txt'));
  assert.deepEqual(records, [{ timestamp: 1795476740, target: 'default', type: 'metadata', data: ['provider', 'libvirt'] }]);
});

test('vagrant status: not created, running, shutoff', () => {
  assert.deepEqual(parseStatus(fixture('status-box-missing.txt')), [
    {
      name: 'default',
      state: 'not_created',
      stateShort: 'not created',
      stateLong: 'The Libvirt domain is not created. Run `vagrant up` to create it.',
      provider: 'libvirt',
    },
  ]);
  assert.equal(parseStatus(fixture('status-running.txt'))[0]?.state, 'running');
  assert.equal(parseStatus(fixture('status-shutoff.txt'))[0]?.state, 'shutoff');
  assert.deepEqual(parseStatus(''), []);
});

test('vagrant ssh-config: host, port, user, identity file', () => {
  const c = parseSshConfig(fixture('ssh-config.txt'));
  assert.equal(c.host, '192.168.124.77');
  assert.equal(c.port, 22);
  assert.equal(c.user, 'vagrant');
  assert.equal(c.identityFile, '/work/main/lab/vagrant/home/boxes/mountlab-VAGRANTSLASH-bookworm/0/libvirt/id_ed25519');
  assert.deepEqual(c.identityFiles, [c.identityFile]);
  assert.equal(c.options.StrictHostKeyChecking, 'no');
  assert.equal(c.options.Host, 'default');
});

test('ssh-config: quoted paths, several keys, a second Host block ignored, and what is missing said', () => {
  const c = parseSshConfig(
    'Host default\n  HostName 127.0.0.1\n  User vagrant\n  Port 2222\n  IdentityFile "/home/a b/.vagrant.d/insecure_private_key"\n' +
      '  IdentityFile /home/a/.vagrant.d/insecure_private_keys/vagrant.key.ed25519\n\nHost other\n  HostName 10.0.0.9\n',
  );
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, 2222);
  assert.equal(c.identityFile, '/home/a b/.vagrant.d/insecure_private_key');
  assert.equal(c.identityFiles.length, 2);
  assert.throws(() => parseSshConfig('Host default\n  User vagrant\n'), /printed no HostName, IdentityFile/);
  assert.throws(() => parseSshConfig(fixture('sshconfig-notcreated.txt')), /printed no HostName, User, IdentityFile/);
});

test('vagrant box list: name, provider, version triples; none listed', () => {
  assert.deepEqual(parseBoxList(fixture('box-list.txt')), [{ name: 'mountlab/bookworm', provider: 'libvirt', version: '0' }]);
  assert.deepEqual(parseBoxList(fixture('box-list-empty.txt')), []);
  const two =
    '1,,box-name,debian/bookworm64\n1,,box-provider,libvirt\n1,,box-version,12.20240905.1\n' +
    '1,,box-name,mountlab/bookworm\n1,,box-provider,libvirt\n1,,box-version,0\n';
  assert.deepEqual(parseBoxList(two).map((b) => `${b.name}@${b.version}`), ['debian/bookworm64@12.20240905.1', 'mountlab/bookworm@0']);
});

test('error-exit record: class and message', () => {
  assert.deepEqual(machineReadableError(fixture('restore-nosuch.txt')), {
    errorClass: 'Vagrant::Errors::SnapshotNotFound',
    message: 'The snapshot name `nosuch` was not found for the\nvirtual machine `default`.',
  });
  assert.equal(machineReadableError(fixture('snapshot-save.txt')), null);
});

test('failures are classified, each with its fix', () => {
  const libvirt = classifyVagrantFailure(fixture('up-nolibvirt.txt'), 'vagrant up --provider=libvirt');
  assert.equal(libvirt.kind, 'libvirt-down');
  assert.match(libvirt.message, /libvirtd is not answering \(.*Failed to connect socket to '\/nonexistent\/libvirt-sock'/);
  assert.match(libvirt.message, /virtlogd -d && libvirtd -d/);
  assert.match(libvirt.message, /systemctl start libvirtd/);
  assert.match(libvirt.message, /scripts\/vagrant-setup\.sh/);

  const plugin = classifyVagrantFailure(fixture('up-noplugin.txt'), 'vagrant up --provider=libvirt');
  assert.equal(plugin.kind, 'no-provider');
  assert.match(plugin.message, /vagrant-libvirt provider plugin is missing/);
  assert.match(plugin.message, /apt-get install vagrant-libvirt/);
  assert.equal(classifyVagrantFailure(fixture('status-noplugin.txt'), 'vagrant status').kind, 'no-provider');

  assert.equal(classifyVagrantFailure(fixture('restore-nosuch.txt'), 'vagrant snapshot restore nosuch').kind, 'snapshot-missing');
  assert.equal(classifyVagrantFailure(fixture('restore-notcreated.txt'), 'vagrant snapshot restore x').kind, 'not-created');
  assert.equal(classifyVagrantFailure(fixture('sshconfig-notcreated.txt'), 'vagrant ssh-config').kind, 'not-created');

  const taken = classifyVagrantFailure(fixture('up-domain-taken.txt'), 'vagrant up');
  assert.equal(taken.kind, 'domain-exists');
  assert.match(taken.message, /virsh undefine mountlabdefault --snapshots-metadata/);

  // A domain that libvirt could not start: the exception's message, not the backtrace or the ==> lines.
  const start = classifyVagrantFailure(fixture('up-start-failed.txt'), 'vagrant up');
  assert.equal(start.kind, 'failed');
  assert.equal(
    start.message,
    '`vagrant up` failed: Call to virDomainCreateWithFlags failed: internal error: Process exited prior to exec: libvirt: ' +
      'error : Failed disable mount propagation out of the root filesystem: Invalid argument (Libvirt::Error)',
  );

  const other = classifyVagrantFailure('Bringing machine...\nSomething odd happened.\n', 'vagrant up');
  assert.deepEqual(other, { kind: 'failed', message: '`vagrant up` failed: Something odd happened.' });
});

test('progress bars (CR + ESC[K redraws) collapse to their last state', () => {
  const text = stripAnsi(fixture('up-tty.txt'));
  const lines = text.split('\n');
  assert.ok(lines.includes('==> default: Creating image (snapshot of base box volume).'), 'the line after the progress bar survives');
  assert.ok(!text.includes('\x1b'));
  assert.ok(!text.includes('\r'));
  assert.ok(lines.includes('==> default: Machine booted and ready!'));
});

test('vagrant up streams lines to onLine, one line per quarter of a progress bar', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-fake-vagrant-'));
  try {
    // A stand-in vagrant that prints the captured output of a real `vagrant up` on a terminal.
    const fake = join(dir, 'vagrant');
    writeFileSync(fake, `#!/bin/sh\ncat '${new URL('./fixtures/up-tty.txt', import.meta.url).pathname}'\n`);
    chmodSync(fake, 0o755);
    const lines: string[] = [];
    const cli = new VagrantCli({ cwd: dir, vagrantBin: fake });
    await cli.up('libvirt', { onLine: (l) => lines.push(l) });
    const progress = lines.filter((l) => l.startsWith('Progress:'));
    assert.deepEqual(progress, ['Progress: 0%', 'Progress: 25%', 'Progress: 50%', 'Progress: 75%', 'Progress: 100%']);
    assert.ok(lines.includes('==> default: Machine booted and ready!'));
    assert.equal(lines[0], "Bringing machine 'default' up with 'libvirt' provider...");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failing vagrant becomes a classified VagrantError', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-fake-vagrant-'));
  try {
    const fake = join(dir, 'vagrant');
    writeFileSync(fake, `#!/bin/sh\ncat '${new URL('./fixtures/up-nolibvirt.txt', import.meta.url).pathname}' >&2\nexit 1\n`);
    chmodSync(fake, 0o755);
    const cli = new VagrantCli({ cwd: dir, vagrantBin: fake });
    await assert.rejects(cli.up('libvirt'), (err: unknown) => {
      assert.ok(err instanceof VagrantError);
      assert.equal(err.kind, 'libvirt-down');
      assert.equal(err.command, 'vagrant up --provider=libvirt --no-install-provider --no-color --no-tty');
      assert.match(err.output, /virConnectOpen failed/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no vagrant on PATH: "vagrant is not installed" and what to install', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'mountlab-empty-path-'));
  try {
    const cli = new VagrantCli({ cwd: empty, env: { PATH: empty } });
    await assert.rejects(cli.status(), (err: unknown) => {
      assert.ok(err instanceof VagrantError);
      assert.equal(err.kind, 'not-installed');
      assert.equal(
        err.message,
        'vagrant is not installed: apt-get install vagrant vagrant-libvirt libvirt-daemon-system (see docs/vagrant.md)',
      );
      return true;
    });
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('the lab network: isolated (no <forward>), STP off, DHCP on the /24', () => {
  const xml = networkXml({ name: 'mountlab', cidr: '192.168.124.0/24', bridge: 'virbr-mountlab' });
  assert.match(xml, /<bridge name='virbr-mountlab' stp='off' delay='0'\/>/);
  assert.match(xml, /<ip address='192.168.124.1' netmask='255.255.255.0'>/);
  assert.match(xml, /<range start='192.168.124.2' end='192.168.124.254'\/>/);
  assert.doesNotMatch(xml, /forward/);
  assert.throws(() => networkXml({ name: 'x', cidr: '10.0.0.0/16', bridge: 'b' }), /IPv4 \/24/);
});

test('the pool volume vagrant-libvirt 0.11.2 made for a box added from a file (seen in the pool)', () => {
  assert.equal(
    unversionedBoxVolume('mountlab/bookworm', 1795478462_512),
    'mountlab-VAGRANTSLASH-bookworm_vagrant_box_image_0_1795478462_box.img',
  );
});

test('vagrantTargetFromEnv: defaults, a public box, the driver, and bad values', () => {
  const t = vagrantTargetFromEnv({});
  assert.equal(t.name, 'vagrant');
  assert.equal(t.box, 'mountlab/bookworm');
  assert.equal(t.options.driver, 'auto');
  assert.equal(t.options.keep, false);
  assert.match(t.vagrantHome, /\/lab\/vagrant\/home$/);
  assert.equal(boxDirectory('/h', 'mountlab/bookworm'), '/h/boxes/mountlab-VAGRANTSLASH-bookworm/0/libvirt');

  const p = vagrantTargetFromEnv({ MOUNTLAB_VAGRANT_BOX: 'debian/bookworm64', MOUNTLAB_VAGRANT_DRIVER: 'kvm', MOUNTLAB_KEEP: '1' });
  assert.equal(p.box, 'debian/bookworm64');
  assert.equal(p.isMountlabBox, false);
  assert.equal(p.options.driver, 'kvm');
  assert.equal(p.options.keep, true);
  assert.equal(vagrantTargetFromEnv({ MOUNTLAB_ACCEL: 'tcg' }).options.driver, 'qemu');
  assert.equal(vagrantTargetFromEnv({ MOUNTLAB_VAGRANT_HOME: '/x/.vagrant.d' }).vagrantHome, '/x/.vagrant.d');
  assert.throws(() => vagrantTargetFromEnv({ MOUNTLAB_VAGRANT_DRIVER: 'xen' }), /MOUNTLAB_VAGRANT_DRIVER must be kvm or qemu/);
  assert.throws(() => vagrantTargetFromEnv({ MOUNTLAB_VAGRANT_MEMORY: 'lots' }), /MOUNTLAB_VAGRANT_MEMORY must be a whole number/);
});
