/**
 * One running qemu of the lab VM: started as a child of this process (so its exit status is
 * ours to read), in its own run directory with a throw-away qcow2 overlay, a serial console log
 * and a QMP socket. Tracked by the reaper until it is quit, killed or deliberately kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { consoleTail, describeConsole } from '../shared/console.ts';
import type { LabImage } from '../../image/catalogue.ts';
import { qemuArgs, type MachineSpec } from './qemu-command.ts';
import { QmpClient } from './qmp.ts';
import { removing, trackQemu, untrackQemu } from './reaper.ts';
import { OWNER_FILE, privateDir, privateFile, socketPath } from './runs.ts';

export const QEMU = process.env.MOUNTLAB_QEMU ?? 'qemu-system-x86_64';

export interface LaunchOptions {
  readonly spec: MachineSpec;
  readonly image: LabImage;
  /** The run directory (created; removed by quit() unless asked to keep it). */
  readonly runDir: string;
  /** The disk the run's overlay sits on: the image, or a RAM snapshot's disk. */
  readonly backingDisk: string;
  readonly incoming?: string;
  /** The console log of the boot the RAM snapshot was taken from: the run's log starts with its tail. */
  readonly consoleSeed?: string;
}

export interface QemuExit {
  readonly code: number | null;
  readonly signal: string | null;
}

interface VmInit {
  readonly pid: number;
  readonly sshPort: number;
  readonly runDir: string;
  readonly disk: string;
  readonly consoleLog: string;
  readonly qemuLog: string;
  readonly qmp: QmpClient;
}

export class QemuVm {
  readonly pid: number;
  readonly sshPort: number;
  readonly runDir: string;
  readonly disk: string;
  readonly consoleLog: string;
  readonly qemuLog: string;
  readonly qmp: QmpClient;
  readonly #child: ChildProcess;
  #exit: QemuExit | null = null;
  readonly exited: Promise<QemuExit>;
  /** Set when this side ended qemu (quit, kill): its exit is then no death. */
  #endedByUs = false;

  private constructor(child: ChildProcess, exited: Promise<QemuExit>, init: VmInit) {
    this.#child = child;
    this.exited = exited.then((e) => (this.#exit = e));
    this.pid = init.pid;
    this.sshPort = init.sshPort;
    this.runDir = init.runDir;
    this.disk = init.disk;
    this.consoleLog = init.consoleLog;
    this.qemuLog = init.qemuLog;
    this.qmp = init.qmp;
  }

  static async launch(o: LaunchOptions): Promise<QemuVm> {
    await privateDir(dirname(o.runDir));
    await privateDir(o.runDir);
    const disk = join(o.runDir, 'disk.qcow2');
    await execa('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', o.backingDisk, disk]);
    await privateFile(disk);
    for (let attempt = 1; ; attempt++) {
      try {
        return await QemuVm.#spawn(o, disk);
      } catch (err) {
        // another process took the port between our probe and qemu's bind: try another
        if (!(err instanceof PortTaken) || attempt >= 5) throw err;
      }
    }
  }

  static async #spawn(o: LaunchOptions, disk: string): Promise<QemuVm> {
    const sshPort = await freePort();
    const consoleLog = join(o.runDir, 'console.log');
    await writeFile(consoleLog, o.consoleSeed === undefined ? '' : seedText(o.consoleSeed), { mode: 0o600 });
    const qemuLog = join(o.runDir, 'qemu.log');
    const qmpSocket = await socketPath(o.runDir, 'qmp.sock');
    const args = qemuArgs(o.spec, o.image, { disk, consoleLog, qmpSocket, sshPort, ...(o.incoming ? { incoming: o.incoming } : {}) });
    const log = openSync(qemuLog, 'w', 0o600);
    // detached: a Ctrl-C in the terminal reaches this process, whose handlers end qemu
    const child = spawn(QEMU, args, { stdio: ['ignore', log, log], detached: true, cwd: o.runDir });
    closeSync(log);
    const exited = new Promise<QemuExit>((resolve) => {
      child.on('exit', (code, signal) => {
        resolve({ code, signal });
      });
      child.on('error', () => {
        resolve({ code: null, signal: null });
      });
    });
    if (child.pid === undefined) {
      await exited;
      throw new Error(`cannot start ${QEMU}: ${readLog(qemuLog) || 'is qemu-system-x86 installed? (apt-get install qemu-system-x86)'}`);
    }
    const pid = child.pid;
    // a socket moved to /tmp for its path's length goes with the run
    const socketDir = dirname(qmpSocket) === o.runDir ? [] : [dirname(qmpSocket)];
    trackQemu(pid, removing(o.runDir, ...socketDir));
    await writeFile(join(o.runDir, OWNER_FILE), JSON.stringify({ ownerPid: process.pid, qemuPid: pid, keep: false }), { mode: 0o600 });
    let alive = true;
    void exited.then(() => (alive = false));
    let qmp: QmpClient;
    try {
      qmp = await QmpClient.connect(qmpSocket, 15_000, () => alive);
      // qemu bound it under our umask; its directory (0700) already kept others out meanwhile
      await privateFile(qmpSocket);
    } catch (err) {
      const e = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => { r(null); }, 500))]);
      if (e === null) child.kill('SIGKILL');
      untrackQemu(pid);
      const text = readLog(qemuLog);
      if (/Could not set up host forwarding rule/.test(text)) throw new PortTaken();
      // its logs stay for whoever reads the error, as a dead VM's do (the next run's reaper removes them)
      await rm(disk, { force: true });
      throw new Error(`qemu (pid ${pid}) did not start: ${text || (err as Error).message}\n  command: ${QEMU} ${args.join(' ')}`);
    }
    void exited.then(() => rm(socketDir[0] ?? join(o.runDir, 'qmp.sock'), { recursive: true, force: true }));
    return new QemuVm(child, exited, { pid, sshPort, runDir: o.runDir, disk, consoleLog, qemuLog, qmp });
  }

  get exit(): QemuExit | null {
    return this.#exit;
  }

  get endedByUs(): boolean {
    return this.#endedByUs;
  }

  /** Waits out an incoming migration, then makes sure the guest runs (`cont` after a paused save). */
  async resume(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { status } = await this.qmp.execute<{ status: string }>('query-status');
      if (status === 'running') return;
      if (status === 'paused' || status === 'postmigrate' || status === 'prelaunch') {
        await this.qmp.execute('cont');
        continue;
      }
      if (status !== 'inmigrate') throw new Error(`lab VM (pid ${this.pid}) is ${status}, not running`);
      if (Date.now() > deadline) throw new Error(`lab VM (pid ${this.pid}) still restoring its RAM after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Pauses the guest and writes its RAM and device state to `file` (a migration stream). */
  async saveRam(file: string, timeoutMs = 120_000): Promise<void> {
    await this.qmp.execute('stop');
    await this.qmp.execute('migrate-set-parameters', { 'max-bandwidth': 8 * 1024 ** 3 });
    await this.qmp.execute('migrate', { uri: `exec:cat > '${file.replaceAll("'", `'\\''`)}'` });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = await this.qmp.execute<{ status?: string; 'error-desc'?: string }>('query-migrate');
      if (m.status === 'completed') {
        // written by qemu's `cat` under the caller's umask: the guest's RAM
        await privateFile(file);
        return;
      }
      if (m.status === 'failed' || m.status === 'cancelled') throw new Error(`saving the lab VM's RAM to ${file} failed: ${m['error-desc'] ?? m.status}`);
      if (Date.now() > deadline) throw new Error(`saving the lab VM's RAM to ${file} took over ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /**
   * Ends qemu: QMP quit, then SIGKILL if it lingers. `keep` says what stays of the run directory:
   * nothing (default), the logs (a VM that died), or all of it (a RAM snapshot's disk).
   */
  async quit(options: { keep?: 'nothing' | 'logs' | 'all'; graceMs?: number } = {}): Promise<QemuExit> {
    this.#endedByUs = this.#endedByUs || this.#exit === null;
    if (this.#exit === null) {
      await this.qmp.execute('quit').catch(() => undefined);
      const e = await Promise.race([this.exited, new Promise<null>((r) => setTimeout(() => { r(null); }, options.graceMs ?? 3000))]);
      if (e === null) this.kill();
    }
    const exit = await this.exited;
    this.qmp.close();
    untrackQemu(this.pid);
    const keep = options.keep ?? 'nothing';
    if (keep === 'logs') await rm(this.disk, { force: true });
    else if (keep === 'nothing') await rm(this.runDir, { recursive: true, force: true });
    return exit;
  }

  kill(): void {
    this.#endedByUs = true;
    if (this.#exit === null) this.#child.kill('SIGKILL');
  }

  /** Leaves qemu running after this process ends (the `keep` option). */
  async keep(): Promise<void> {
    untrackQemu(this.pid);
    await writeFile(join(this.runDir, OWNER_FILE), JSON.stringify({ ownerPid: process.pid, qemuPid: this.pid, keep: true }));
    this.qmp.unref();
    this.#child.unref();
  }

  /** "killed by SIGKILL; last console lines: …" */
  describeExit(): string {
    const e = this.#exit;
    const how = e === null ? 'still running' : e.signal !== null ? `killed by ${e.signal}` : `exited with code ${String(e.code)}`;
    const log = readLog(this.qemuLog);
    return `${how}${log !== '' ? ` (qemu said: ${log})` : ''}; ${describeConsole(this.consoleLog)}`;
  }
}

class PortTaken extends Error {}

function seedText(snapshotConsole: string): string {
  const lines = consoleTail(snapshotConsole, 20);
  return `${lines.join('\n')}${lines.length > 0 ? '\n' : ''}--- mountlab: resumed from the RAM snapshot at ${new Date().toISOString()} ---\n`;
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return '';
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}
