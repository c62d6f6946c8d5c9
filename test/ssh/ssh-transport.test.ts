/**
 * The ssh transport and target against a real OpenSSH sshd on 127.0.0.1 (see sshd.ts). Skipped,
 * saying why, when /usr/sbin/sshd is missing (apt-get install -y openssh-server openssh-client).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { connectSsh, SshConnectError, SshTransport } from '../../src/transport/ssh/index.ts';
import type { SshEndpoint } from '../../src/transport/ssh/index.ts';
import { TargetLostError } from '../../src/transport/types.ts';
import type { PtyChannel } from '../../src/transport/types.ts';
import { sshTargetFromEnv } from '../../src/drivers/ssh/settings.ts';
import { freePort, sshdUnavailable, startSshd } from './sshd.ts';
import type { TestSshd } from './sshd.ts';
import { AWKWARD_WORDS } from '../../src/shell/awkward-words.ts';
import { transportContract } from '../transport/contract.ts';
import { FILE_READER_SCRIPT } from '../../src/transport/ssh/file-replies.ts';

const skip = sshdUnavailable() ?? false;

function endpointOf(d: TestSshd, hostKey: SshEndpoint['hostKey'] = { pinnedSha256: d.hostKeySha256 }): SshEndpoint {
  return {
    host: d.host,
    port: d.port,
    username: d.username,
    privateKey: d.privateKey,
    privateKeyName: d.privateKeyPath,
    hostKey,
  };
}

/** Words that must reach the remote program byte for byte through quoteArgv and the remote shell. */
const AWKWARD = AWKWARD_WORDS;

async function waitFor(pty: PtyChannel, seen: () => string, re: RegExp, ms = 5000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = seen().match(re);
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`terminal never showed ${String(re)}; it showed ${JSON.stringify(seen())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** PIDs of processes on this host (where the test sshd runs them) with exactly this argv. */
function processesRunning(argv: readonly string[]): number[] {
  const want = argv.map((a) => `${a}\0`).join('');
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === want;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function gone(argv: readonly string[], ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (processesRunning(argv).length > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

describe('SshTransport against a real sshd', { skip }, () => {
  let d: TestSshd;
  let t: SshTransport;

  before(async () => {
    d = await startSshd();
    t = await connectSsh(endpointOf(d));
  });
  after(async () => {
    await t.close();
    await d.stop();
  });

  test('describes itself as user@host:port', () => {
    assert.equal(t.description, `ssh ${d.username}@127.0.0.1:${d.port}`);
    assert.equal(t.lost, false);
  });

  transportContract(() => t);

  test('a timeout kills the remote command and says timedOut', async () => {
    const marker = '31.4159';
    const started = Date.now();
    const r = await t.exec(['sleep', marker], { timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    assert.equal(r.failed, true);
    assert.equal(r.signal, 'SIGKILL');
    assert.equal(r.exitCode, null);
    assert.ok(Date.now() - started < 5000, 'took too long');
    // The sleep ran under our sshd on this host: it must be gone (by SIGKILL to its group).
    assert.ok(await gone(['sleep', marker]), 'the timed-out sleep is still running');
  });

  test('a timeout with stdin still delivers the output so far and strips nothing else', async () => {
    const r = await t.exec(['sh', '-c', 'cat; echo done >&2; sleep 30'], { stdin: 'abc', timeoutMs: 500 });
    assert.equal(r.timedOut, true);
    assert.equal(r.stdout, 'abc');
    assert.equal(r.stderr, 'done\n');
  });

  test('readFile returns the file exactly; a missing file rejects with ENOENT, a directory with EISDIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mountlab-readfile-'));
    try {
      const content = 'first line\nsecond ✓\n\nno final newline';
      writeFileSync(join(dir, 'f'), content);
      assert.equal(await t.readFile(join(dir, 'f')), content);
      await assert.rejects(t.readFile(join(dir, 'missing')), (err: NodeJS.ErrnoException) => {
        assert.equal(err.code, 'ENOENT');
        assert.match(err.message, /missing/);
        return true;
      });
      await assert.rejects(t.readFile(dir), (err: NodeJS.ErrnoException) => err.code === 'EISDIR');
      // what the long-lived reader cannot hold or be sent goes through cat, exactly
      writeFileSync(join(dir, 'nul'), 'a\0b\n');
      assert.equal(await t.readFile(join(dir, 'nul')), 'a\0b\n');
      writeFileSync(join(dir, 'new\nline'), 'odd name');
      assert.equal(await t.readFile(join(dir, 'new\nline')), 'odd name');
      // reads asked for together are answered each with its own file, and a large one whole
      const big = 'x'.repeat(300_000) + '\n' + '✓'.repeat(1000);
      writeFileSync(join(dir, 'big'), big);
      const names = ['f', 'big', 'missing', 'f', 'big'];
      const got = await Promise.all(names.map((n) => t.readFile(join(dir, n)).catch((e: unknown) => (e as NodeJS.ErrnoException).code)));
      assert.deepEqual(got, [content, big, 'ENOENT', content, big]);
      // the reader reads as the session does: /proc/self is a process of the remote machine
      assert.match(await t.readFile('/proc/self/mountinfo'), /^\d+ \d+ \d+:\d+ \//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file reader that dies is replaced: the read under way and the next ones still get their files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mountlab-readfile-'));
    try {
      writeFileSync(join(dir, 'f'), 'kept\n');
      assert.equal(await t.readFile(join(dir, 'f')), 'kept\n');
      const readers = d.descendants().filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === `bash\0-c\0${FILE_READER_SCRIPT}\0`;
        } catch {
          return false;
        }
      });
      assert.equal(readers.length, 1, 'one file reader under this sshd');
      for (const pid of readers) process.kill(pid, 'SIGKILL');
      assert.equal(await t.readFile(join(dir, 'f')), 'kept\n');
      assert.equal(await t.readFile(join(dir, 'f')), 'kept\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a PTY session: typed commands run, tty names a /dev/pts, exit code comes back', async () => {
    const pty = await t.openPty(['sh'], { cols: 100, rows: 30, env: { MOUNTLAB_PTY_TEST: 'yes' } });
    let seen = '';
    pty.onData((c) => {
      seen += c;
    });
    const exited = new Promise<number | null>((resolve) => {
      pty.onExit(resolve);
    });
    // The terminal echoes what is typed, and sh prompts with "# " or "$ ": look for a line that is
    // the command's output, not its echo.
    const outputLines = (): string => seen.split(/\r?\n/).map((l) => l.replace(/^(?:[#$] )+/, '')).join('\n');
    pty.write('echo hi\n');
    await waitFor(pty, outputLines, /^hi$/m);
    pty.write('tty\n');
    await waitFor(pty, outputLines, /^\/dev\/pts\/\d+$/m);
    pty.write('echo "$MOUNTLAB_PTY_TEST $TERM $(stty size)"\n');
    await waitFor(pty, outputLines, /^yes xterm-256color 30 100$/m);
    pty.write('exit 7\n');
    assert.equal(await exited, 7);
  });

  test('closing a PTY hangs up the session', async () => {
    const pty = await t.openPty(['sleep', '61.2718']);
    const exited = new Promise<number | null>((resolve) => {
      pty.onExit(resolve);
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(processesRunning(['sleep', '61.2718']).length, 1);
    pty.close();
    const timeout = new Promise((r) => {
      setTimeout(() => {
        r('still open');
      }, 5000).unref();
    });
    const code = await Promise.race([exited, timeout]);
    assert.notEqual(code, 'still open');
    assert.ok(await gone(['sleep', '61.2718']), 'the program in the terminal survived the hang-up');
  });

  test('many commands at once (more than sshd MaxSessions) all complete', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => t.exec(['echo', String(i)])));
    assert.deepEqual(
      results.map((r) => r.stdout),
      Array.from({ length: 30 }, (_, i) => `${i}\n`),
    );
  });
});

const noSudo = skip !== false ? skip : existsSync('/usr/bin/sudo') ? false : 'sudo not installed (apt-get install -y sudo)';

// The login user here is root, for whom `sudo -n` needs no password: enough to run every path
// through `sudo -n --` (wire prefix, killing a timed-out group).
describe('SshTransport with sudo', { skip: noSudo }, () => {
  let d: TestSshd;
  let t: SshTransport;
  before(async () => {
    d = await startSshd();
    t = await connectSsh({ ...endpointOf(d), sudo: true });
  });
  after(async () => {
    await t.close();
    await d.stop();
  });

  test('commands run through sudo: exit codes, signals, stdin', async () => {
    const r = await t.exec(['sh', '-c', 'echo "$SUDO_USER"; exit 3']);
    assert.equal(r.stdout, `${d.username}\n`);
    assert.equal(r.exitCode, 3);
    const k = await t.exec(['sh', '-c', 'kill -TERM $$']);
    assert.equal(k.signal, 'SIGTERM');
    assert.equal((await t.exec(['cat'], { stdin: 'via sudo' })).stdout, 'via sudo');
    assert.equal((await t.exec(['printf', '%s\n', ...AWKWARD])).stdout, AWKWARD.map((w) => `${w}\n`).join(''));
  });

  test('a timeout kills the command behind sudo', async () => {
    const r = await t.exec(['sleep', '32.718'], { timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    assert.ok(await gone(['sleep', '32.718']), 'the timed-out sleep is still running');
  });

  test('a terminal through sudo', async () => {
    const pty = await t.openPty(['sh']);
    let seen = '';
    pty.onData((c) => {
      seen += c;
    });
    const exited = new Promise<number | null>((resolve) => {
      pty.onExit(resolve);
    });
    pty.write('echo "u=$SUDO_USER"; tty\n');
    await waitFor(pty, () => seen, /u=\S+[\s\S]*\/dev\/pts\/\d+/);
    pty.write('exit 4\n');
    assert.equal(await exited, 4);
  });
});

describe('connecting: host keys, authentication, refusal', { skip }, () => {
  let d: TestSshd;
  let dir: string;
  before(async () => {
    d = await startSshd();
    dir = mkdtempSync(join(tmpdir(), 'mountlab-known-hosts-'));
  });
  after(async () => {
    await d.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a pinned fingerprint that matches connects (with or without padding)', async () => {
    const t = await connectSsh(endpointOf(d, { pinnedSha256: `${d.hostKeySha256}=` }));
    assert.equal((await t.exec(['echo', 'ok'])).stdout, 'ok\n');
    await t.close();
    assert.equal(t.lost, true);
  });

  test('a pinned fingerprint that does not match is refused, naming both', async () => {
    const wrong = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    await assert.rejects(connectSsh(endpointOf(d, { pinnedSha256: wrong })), (err: Error) => {
      assert.ok(err instanceof SshConnectError);
      assert.equal(err.kind, 'host-key');
      assert.match(err.message, /host key mismatch/);
      assert.ok(err.message.includes(`expected ${wrong}`), err.message);
      assert.ok(err.message.includes(`got ${d.hostKeySha256}`), err.message);
      assert.ok(err.message.includes(`127.0.0.1:${d.port}`), err.message);
      return true;
    });
  });

  test('strict known_hosts: a listed host connects', async () => {
    const t = await connectSsh(endpointOf(d, { knownHostsFile: d.knownHostsFile }));
    assert.equal((await t.exec(['echo', 'ok'])).stdout, 'ok\n');
    await t.close();
  });

  test('strict known_hosts: hashed entries count as listed', async () => {
    const file = join(dir, 'hashed');
    writeFileSync(file, readFileSync(d.knownHostsFile));
    const { execFileSync } = await import('node:child_process');
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    assert.match(readFileSync(file, 'utf8'), /^\|1\|/);
    const t = await connectSsh(endpointOf(d, { knownHostsFile: file }));
    await t.close();
  });

  test('strict known_hosts: an unlisted host is refused, naming the file and the fingerprint', async () => {
    const file = join(dir, 'other-hosts');
    const line = readFileSync(d.knownHostsFile, 'utf8').replace(`[127.0.0.1]:${d.port}`, 'elsewhere.example');
    writeFileSync(file, line);
    await assert.rejects(connectSsh(endpointOf(d, { knownHostsFile: file })), (err: Error) => {
      assert.ok(err instanceof SshConnectError);
      assert.equal(err.kind, 'host-key');
      assert.ok(err.message.includes(file), err.message);
      assert.ok(err.message.includes(d.hostKeySha256), err.message);
      assert.ok(err.message.includes(`[127.0.0.1]:${d.port}`), err.message);
      return true;
    });
  });

  test('strict known_hosts: a listed host with another key is a mismatch', async () => {
    const file = join(dir, 'changed');
    const other = ssh2.utils.generateKeyPairSync('ed25519');
    writeFileSync(file, `[127.0.0.1]:${d.port} ${other.public}\n`);
    await assert.rejects(
      connectSsh(endpointOf(d, { knownHostsFile: file })),
      /host key mismatch for \[127\.0\.0\.1\]:\d+: .*ssh-keygen -R/,
    );
  });

  test('strict known_hosts: a missing file is refused', async () => {
    const file = join(dir, 'does-not-exist');
    await assert.rejects(connectSsh(endpointOf(d, { knownHostsFile: file })), (err: Error) => {
      assert.ok(err.message.includes(`${file} does not exist`), err.message);
      return true;
    });
  });

  test('a key the server does not accept: authentication failed for the user', async () => {
    const other = ssh2.utils.generateKeyPairSync('ed25519');
    const ep = { ...endpointOf(d), privateKey: other.private, privateKeyName: '/keys/other' };
    await assert.rejects(connectSsh(ep), (err: Error) => {
      assert.ok(err instanceof SshConnectError);
      assert.equal(err.kind, 'auth');
      assert.ok(err.message.includes(`authentication failed for user ${d.username}`), err.message);
      assert.ok(err.message.includes('/keys/other'), err.message);
      return true;
    });
  });

  test('nothing listening: a clear ECONNREFUSED sentence, and retryForMs gives up at its deadline', async () => {
    const port = await freePort();
    const ep = { ...endpointOf(d), port };
    await assert.rejects(connectSsh(ep), (err: Error) => {
      assert.ok(err instanceof SshConnectError);
      assert.equal(err.kind, 'refused');
      assert.ok(err.message.includes(`no sshd answering on 127.0.0.1:${port} (ECONNREFUSED)`), err.message);
      return true;
    });
    const progress: string[] = [];
    const started = Date.now();
    await assert.rejects(
      connectSsh(ep, { retryForMs: 1200, onProgress: (l) => progress.push(l) }),
      /ECONNREFUSED.*gave up after \d+ attempts/,
    );
    assert.ok(Date.now() - started >= 700, 'did not retry');
    assert.ok(progress.length >= 2, progress.join('\n'));
  });
});

describe('connecting to a machine that is still booting', { skip }, () => {
  test('retryForMs keeps trying until sshd answers', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'mountlab-boot-'));
    const knownHostsFile = join(dir, 'known_hosts');
    const key = ssh2.utils.generateKeyPairSync('ed25519');
    let d: TestSshd | undefined;
    try {
      const progress: string[] = [];
      const connecting = connectSsh(
        { host: '127.0.0.1', port, username: userInfo().username, privateKey: key.private, hostKey: { knownHostsFile } },
        { retryForMs: 15_000, onProgress: (l) => progress.push(l) },
      );
      await new Promise((r) => setTimeout(r, 800));
      d = await startSshd({ port, alsoAuthorize: key.public });
      // The known_hosts file appears once the machine is up, as a VM target would write it.
      writeFileSync(knownHostsFile, readFileSync(d.knownHostsFile));
      const t = await connecting;
      assert.equal((await t.exec(['echo', 'booted'])).stdout, 'booted\n');
      await t.close();
      assert.ok(progress.some((l) => l.includes('not ready yet (refused)')), progress.join('\n'));
      assert.ok(progress.some((l) => /connected to 127\.0\.0\.1:\d+ after \d+ attempts/.test(l)), progress.join('\n'));
    } finally {
      await d?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('connection loss', { skip }, () => {
  test('killing the connection on the server side: pending and later commands reject with TargetLostError', async () => {
    const d = await startSshd();
    try {
      const t = await connectSsh(endpointOf(d));
      assert.equal((await t.exec(['echo', 'up'])).stdout, 'up\n');
      const pending = t.exec(['sleep', '30']);
      await new Promise((r) => setTimeout(r, 300));
      for (const pid of d.descendants()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      const started = Date.now();
      await assert.rejects(pending, (err: Error) => {
        assert.ok(err instanceof TargetLostError, String(err));
        const expected = `^connection to 127\\.0\\.0\\.1:${d.port} lost: .+ while running \`sleep 30\`$`;
        assert.match(err.message, new RegExp(expected));
        return true;
      });
      await assert.rejects(t.exec(['mount', '--bind', '/a', '/b']), (err: Error) => {
        assert.ok(err instanceof TargetLostError);
        assert.ok(err.message.includes('`mount --bind /a /b`'), err.message);
        return true;
      });
      await assert.rejects(t.readFile('/etc/hostname'), TargetLostError);
      await assert.rejects(t.openPty(['sh']), TargetLostError);
      assert.ok(Date.now() - started < 5000);
      assert.equal(t.lost, true);
      await t.close();
    } finally {
      await d.stop();
    }
  });

  test('a frozen server (no TCP reset) is noticed by keepalive within seconds', async () => {
    const d = await startSshd();
    const frozen: number[] = [];
    try {
      const t = await connectSsh(endpointOf(d), { keepaliveIntervalMs: 500, keepaliveCountMax: 2 });
      assert.equal((await t.exec(['echo', 'up'])).stdout, 'up\n');
      const pty = await t.openPty(['sh']);
      let ptyExit: number | null | 'open' = 'open';
      pty.onExit((c) => {
        ptyExit = c;
      });
      for (const pid of d.descendants()) {
        process.kill(pid, 'SIGSTOP');
        frozen.push(pid);
      }
      const started = Date.now();
      await assert.rejects(t.exec(['true']), (err: Error) => {
        assert.ok(err instanceof TargetLostError, String(err));
        assert.match(err.message, /keepalive/);
        return true;
      });
      const took = Date.now() - started;
      assert.ok(took < 6000, `noticed after ${took} ms`);
      assert.equal(ptyExit, null, 'the open terminal was not told');
      await t.close();
    } finally {
      for (const pid of frozen) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      await d.stop();
    }
  });
});

describe('SshTarget from the environment', { skip }, () => {
  let d: TestSshd;
  before(async () => {
    d = await startSshd();
  });
  after(async () => {
    await d.stop();
  });

  test('connects with MOUNTLAB_SSH_* and known_hosts, runs a command, stops', async () => {
    const target = sshTargetFromEnv({
      MOUNTLAB_SSH_HOST: '127.0.0.1',
      MOUNTLAB_SSH_PORT: String(d.port),
      MOUNTLAB_SSH_USER: d.username,
      MOUNTLAB_SSH_KEY: d.privateKeyPath,
      MOUNTLAB_SSH_KNOWN_HOSTS: d.knownHostsFile,
    });
    assert.equal(target.name, 'ssh');
    assert.equal(target.config.sudo, d.username !== 'root');
    const lines: string[] = [];
    const transport = await target.start((l) => lines.push(l));
    assert.equal(transport.description, `ssh ${d.username}@127.0.0.1:${d.port}`);
    const r = await transport.exec(['id', '-un']);
    assert.equal(r.stdout, `${d.username}\n`);
    await target.stop();
    assert.ok(lines.some((l) => l.includes(`127.0.0.1:${d.port}`)));
  });

  test('a pinned MOUNTLAB_SSH_HOST_KEY works too; a wrong one is refused', async () => {
    const base = {
      MOUNTLAB_SSH_HOST: '127.0.0.1',
      MOUNTLAB_SSH_PORT: String(d.port),
      MOUNTLAB_SSH_USER: d.username,
      MOUNTLAB_SSH_KEY: d.privateKeyPath,
    };
    const good = sshTargetFromEnv({ ...base, MOUNTLAB_SSH_HOST_KEY: d.hostKeySha256 });
    await good.start();
    await good.stop();
    const bad = sshTargetFromEnv({ ...base, MOUNTLAB_SSH_HOST_KEY: `SHA256:${'B'.repeat(43)}` });
    await assert.rejects(bad.start(), /host key mismatch/);
  });

  test('a missing key file is named', async () => {
    const target = sshTargetFromEnv({ MOUNTLAB_SSH_HOST: '127.0.0.1', MOUNTLAB_SSH_KEY: '/nonexistent/id_key' });
    await assert.rejects(target.start(), /\/nonexistent\/id_key \(MOUNTLAB_SSH_KEY\)/);
  });
});

describe('sshTargetFromEnv (no sshd needed)', () => {
  test('lists every missing variable', () => {
    assert.throws(() => sshTargetFromEnv({}), /MOUNTLAB_SSH_HOST and MOUNTLAB_SSH_KEY \(missing\)/);
    assert.throws(() => sshTargetFromEnv({ MOUNTLAB_SSH_HOST: 'h' }), /needs MOUNTLAB_SSH_KEY \(missing\)/);
  });

  test('defaults: port 22, user root (no sudo), ~/.ssh/known_hosts', () => {
    const t = sshTargetFromEnv({ MOUNTLAB_SSH_HOST: 'h', MOUNTLAB_SSH_KEY: '/k', HOME: '/home/me' });
    assert.deepEqual(t.config, {
      host: 'h',
      port: 22,
      username: 'root',
      keyPath: '/k',
      hostKey: { knownHostsFile: '/home/me/.ssh/known_hosts' },
      sudo: false,
    });
  });

  test('a non-root user gets sudo; a bad port or fingerprint is refused', () => {
    const base = { MOUNTLAB_SSH_HOST: 'h', MOUNTLAB_SSH_KEY: '/k' };
    assert.equal(sshTargetFromEnv({ ...base, MOUNTLAB_SSH_USER: 'vagrant' }).config.sudo, true);
    assert.throws(() => sshTargetFromEnv({ ...base, MOUNTLAB_SSH_PORT: '22x' }), /MOUNTLAB_SSH_PORT/);
    assert.throws(
      () => sshTargetFromEnv({ MOUNTLAB_SSH_HOST: 'h', MOUNTLAB_SSH_KEY: '/k', MOUNTLAB_SSH_HOST_KEY: 'nope' }),
      /MOUNTLAB_SSH_HOST_KEY must be a SHA256 fingerprint/,
    );
  });
});
