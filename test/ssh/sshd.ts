/**
 * A throw-away OpenSSH sshd on 127.0.0.1 for the ssh transport tests: its own host key, one
 * authorized client key, a free port, foreground mode (`sshd -D -e -f CONFIG`), everything in a
 * mkdtemp directory. Needs the openssh-server package (/usr/sbin/sshd) and ssh-keygen.
 */
import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

export interface TestSshd {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly username: string;
  readonly privateKey: string;
  readonly privateKeyPath: string;
  /** "SHA256:…" of the host key, as `ssh-keygen -lf` prints it. */
  readonly hostKeySha256: string;
  /** A known_hosts file listing this sshd as `[127.0.0.1]:PORT`. */
  readonly knownHostsFile: string;
  readonly dir: string;
  readonly pid: number;
  /** PIDs of the processes this sshd forked (one privileged monitor per connection, and below). */
  descendants(): number[];
  /** What sshd has written to its standard error so far (LogLevel VERBOSE). */
  log(): string;
  /** Kills the sshd (by PID) and, first, every process it forked; removes the directory. */
  stop(): Promise<void>;
}

/** Why the tests cannot run here, or null when they can. */
export function sshdUnavailable(): string | null {
  if (!existsSync(SSHD)) return `${SSHD} not found (apt-get install -y openssh-server)`;
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'ssh-keygen not found (apt-get install -y openssh-client)';
  }
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => {
        resolve(port);
      });
    });
  });
}

function keygen(path: string, comment: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path], { stdio: 'ignore' });
}

function fingerprintOf(pubPath: string): string {
  // "256 SHA256:abc… comment (ED25519)"
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubPath], { encoding: 'utf8' });
  const fp = out.split(/\s+/)[1];
  if (fp?.startsWith('SHA256:') !== true) throw new Error(`unexpected ssh-keygen -l output: ${out}`);
  return fp;
}

/** Children, grandchildren… of pid, read from /proc (parents before children). */
export function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses, so cut at the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const [child, parent] of parentOf) if (frontier.includes(parent)) next.push(child);
    out.push(...next);
    frontier = next;
  }
  return out;
}

export interface SshdOptions {
  /** Listen here instead of on a free port of our choosing. */
  readonly port?: number;
  /** One more public key line ("ssh-ed25519 AAAA…") to authorize. */
  readonly alsoAuthorize?: string;
}

/**
 * Starts the test sshd. Its log (LogLevel VERBOSE) comes to this process through a pipe: never
 * block this process (spawnSync, execSync of a long run) while sshd serves connections, or the
 * pipe fills after a few hundred sessions and sshd stops answering (use runLabAsync).
 */
export async function startSshd(options: SshdOptions = {}): Promise<TestSshd> {
  const why = sshdUnavailable();
  if (why !== null) throw new Error(why);
  const uid = process.getuid?.() ?? -1;
  // Privilege separation wants this empty directory when sshd runs as root (not a mount).
  if (uid === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });

  const dir = mkdtempSync(join(tmpdir(), 'mountlab-sshd-'));
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  const clientKey = join(dir, 'id_ed25519');
  keygen(hostKey, 'mountlab-test-host');
  keygen(clientKey, 'mountlab-test-client');
  const authorizedKeys = join(dir, 'authorized_keys');
  const extra = options.alsoAuthorize !== undefined ? `${options.alsoAuthorize.trim()}\n` : '';
  writeFileSync(authorizedKeys, readFileSync(`${clientKey}.pub`, 'utf8') + extra, { mode: 0o600 });

  const port = options.port ?? (await freePort());
  const hostPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/);
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${hostPub[0] ?? ''} ${hostPub[1] ?? ''}\n`);

  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      `AuthorizedKeysFile ${authorizedKeys}`,
      'StrictModes no',
      'UsePAM no',
      'PidFile none',
      'PrintMotd no',
      'PrintLastLog no',
      'UseDNS no',
      'LogLevel VERBOSE',
      'Subsystem sftp internal-sftp',
      // bash sources ~/.bashrc for ssh commands when SHLVL < 1 (Debian's SSH_SOURCE_BASHRC); a busy
      // rc file on the test host (pyenv init…) would dominate every timing.
      'SetEnv SHLVL=1',
      '',
    ].join('\n'),
  );

  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`sshd did not start listening within 10 s:\n${log}`));
    }, 10_000);
    child.stderr?.on('data', (b: Buffer) => {
      log += b.toString('utf8');
      if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited (${String(code ?? signal)}) before listening:\n${log}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('sshd has no pid');

  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    username: userInfo().username,
    privateKey: readFileSync(clientKey, 'utf8'),
    privateKeyPath: clientKey,
    hostKeySha256: fingerprintOf(`${hostKey}.pub`),
    knownHostsFile,
    dir,
    pid,
    descendants: () => descendantsOf(pid),
    log: () => log,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Only processes this sshd forked, each by PID, then the sshd itself.
      for (const p of descendantsOf(pid).reverse()) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => {
          resolve();
        }));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
