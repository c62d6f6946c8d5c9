/**
 * The long-lived-shell engine against a real OpenSSH sshd on 127.0.0.1 (see test/ssh/sshd.ts): the
 * same results as the transport's exec channel where the shell can give them. Skipped, saying why,
 * when /usr/sbin/sshd is missing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { connectSsh } from '../../src/transport/ssh/index.ts';
import type { SshTransport } from '../../src/transport/ssh/index.ts';
import { AWKWARD_WORDS as AWKWARD } from '../../src/shell/awkward-words.ts';
import { sshdUnavailable, startSshd } from '../../test/ssh/sshd.ts';
import type { TestSshd } from '../../test/ssh/sshd.ts';
import { measureRoundTrips } from './round-trips.ts';
import { ShellRunner } from './runner.ts';

const skip = sshdUnavailable() ?? false;

async function connect(d: TestSshd, sudo = false): Promise<SshTransport> {
  return connectSsh({ host: d.host, port: d.port, username: d.username, privateKey: d.privateKey, hostKey: { pinnedSha256: d.hostKeySha256 }, sudo });
}

describe('ShellRunner: one long-lived shell over the ssh connection', { skip }, () => {
  let d: TestSshd;
  let t: SshTransport;
  let shell: ShellRunner;

  before(async () => {
    d = await startSshd();
    t = await connect(d);
    shell = new ShellRunner(t.connection);
  });
  after(async () => {
    await t.close();
    await d.stop();
  });

  test('exit codes, stdout and stderr as the exec channel gives them', async () => {
    const cases: string[][] = [
      ['true'],
      ['sh', '-c', 'exit 3'],
      ['sh', '-c', 'printf "a\\nb"; printf "e1\\ne2" >&2; exit 4'],
      ['sh', '-c', 'printf ""'],
      ['sh', '-c', 'printf "\\001\\002\\177 \\0 nul"'],
      ['sh', '-c', 'printf "%s" ":mle:fake-token:0"'],
      ['printf', '%s|', ...AWKWARD],
      ['sh', '-c', 'echo "$0"', 'arg0 with space'],
      ['/nonexistent/program'],
    ];
    for (const argv of cases) {
      const a = await t.exec(argv);
      const b = await shell.exec(argv);
      assert.equal(b.exitCode, a.exitCode, argv.join(' '));
      assert.equal(b.stdout, a.stdout, argv.join(' '));
      if (argv[0] !== '/nonexistent/program') assert.equal(b.stderr, a.stderr, argv.join(' '));
      else assert.notEqual(b.stderr, '');
    }
  });

  test('large output is exact', async () => {
    const script = 'i=0; while [ $i -lt 20000 ]; do echo "line $i of some output"; i=$((i+1)); done; printf tail';
    const a = await t.exec(['sh', '-c', script]);
    const b = await shell.exec(['sh', '-c', script]);
    assert.ok(a.stdout.length > 400_000);
    assert.equal(b.stdout, a.stdout);
  });

  test('builtins cannot change the long-lived shell', async () => {
    assert.equal((await shell.exec(['cd', '/'])).exitCode, 0);
    assert.equal((await shell.exec(['exit', '5'])).exitCode, 5);
    assert.equal((await shell.exec(['sh', '-c', 'pwd'])).stdout, (await t.exec(['sh', '-c', 'pwd'])).stdout);
    assert.equal((await shell.exec(['echo', 'still here'])).stdout, 'still here\n');
  });

  test('commands do not read the script the shell runs on', async () => {
    const r = await shell.exec(['cat']);
    assert.equal(r.stdout, '');
    assert.equal((await shell.exec(['echo', 'after cat'])).stdout, 'after cat\n');
  });

  test('late output of a background process does not leak into the next command', async () => {
    await shell.exec(['sh', '-c', '(sleep 0.2; echo LATE; echo LATE >&2) &']);
    await new Promise((r) => setTimeout(r, 400));
    const r = await shell.exec(['echo', 'next']);
    assert.equal(r.stdout, 'next\n');
    assert.equal(r.stderr, '');
  });

  test('concurrent calls run one after another, each with its own output', async () => {
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => shell.exec(['echo', String(i)])));
    assert.deepEqual(
      rs.map((r) => r.stdout),
      Array.from({ length: 20 }, (_, i) => `${i}\n`),
    );
  });

  test('a shell killed under a command is replaced for the next one', async () => {
    // The subshell execs its single command, so sh -c's parent is the long-lived shell.
    await assert.rejects(shell.exec(['sh', '-c', 'kill -KILL $PPID']), /shell channel ended/);
    assert.equal((await shell.exec(['echo', 'new shell'])).stdout, 'new shell\n');
  });

  test('round trips: exec channel vs long-lived shell (ms per command, median)', async (ctx) => {
    const m = await measureRoundTrips(t, 30);
    ctx.diagnostic(`exec channel ${m.execChannelMs.toFixed(2)} ms, shell channel ${m.shellChannelMs.toFixed(2)} ms`);
    assert.ok(m.execChannelMs > 0 && m.shellChannelMs > 0);
  });
});

const noSudo = skip !== false ? skip : existsSync('/usr/bin/sudo') ? false : 'sudo not installed (apt-get install -y sudo)';

describe('ShellRunner behind sudo', { skip: noSudo }, () => {
  test('the shell runs through sudo -n', async () => {
    const d = await startSshd();
    const t = await connect(d, true);
    try {
      const r = await new ShellRunner(t.connection).exec(['sh', '-c', 'echo "$SUDO_USER"']);
      assert.equal(r.stdout, `${d.username}\n`);
    } finally {
      await t.close();
      await d.stop();
    }
  });
});

describe('ShellRunner after the connection is closed', { skip }, () => {
  test('refuses work at once', async () => {
    const d = await startSshd();
    const t = await connect(d);
    await t.close();
    await d.stop();
    assert.throws(() => new ShellRunner(t.connection).exec(['true']), /closed/);
  });
});
