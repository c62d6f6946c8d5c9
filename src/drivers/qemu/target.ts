/**
 * The qemu target: the lab VM (lab/image/build.sh) under qemu on this computer. start() resumes the
 * VM from a RAM snapshot of its booted state (made by one cold boot the first time), so ssh
 * answers in about two seconds even under TCG; reset() throws the run away and resumes again.
 */
import { sshInto, ticker, VmDiedError } from './boot.ts';
import { chooseAccel, type AccelRequest } from './accel.ts';
import { DEFAULT_IMAGE, describeImage, loadImage, type LabImage } from '../../image/catalogue.ts';
import { machineSpec, type MachineSpec } from './qemu-command.ts';
import { newRunDir, reapOrphans } from './runs.ts';
import { discardSnapshot, ensureSnapshot, type RamSnapshot } from './snapshot.ts';
import { QEMU, QemuVm } from './vm.ts';
import type { SshTransport } from '../../transport/ssh/index.ts';
import type { Transport } from '../../transport/types.ts';
import type { Target } from '../target.ts';
import { resetClockAndRng } from '../shared/clock.ts';
import { keptMessage } from '../shared/keep.ts';

export interface QemuTargetOptions {
  /** Image name (lab/build/<name>) or directory; default mountlab-bookworm. */
  readonly image?: string;
  /** Default auto: KVM when a probe boot under KVM works, else TCG. */
  readonly accel?: AccelRequest;
  /** snapshot (default): resume a saved RAM image; cold: boot the kernel every time. */
  readonly boot?: 'snapshot' | 'cold';
  /** Leave the VM running at stop() (keptMessage says how to reach it). */
  readonly keep?: boolean;
  readonly cpus?: number;
  readonly memoryMiB?: number;
}

type Progress = ((line: string) => void) | undefined;

export class QemuTarget implements Target {
  readonly name = 'qemu' as const;
  readonly options: QemuTargetOptions;
  #image: LabImage | null = null;
  #spec: MachineSpec | null = null;
  #vm: QemuVm | null = null;
  #transport: SshTransport | null = null;
  #kept: string | null = null;
  #lastStart: Record<string, number> | null = null;

  constructor(options: QemuTargetOptions = {}) {
    this.options = options;
  }

  async start(progress?: (line: string) => void): Promise<Transport> {
    if (this.#transport !== null && !this.#transport.lost && this.#vm?.exit === null) return this.#transport;
    if (this.#vm !== null) await this.#teardown();
    // read again at every start: a rebuilt image brings a new host key and new snapshots
    const image = (this.#image = await loadImage(this.options.image ?? DEFAULT_IMAGE));
    for (const r of await reapOrphans(image.dir)) {
      progress?.(`removed the run ${r.runDir} left by a dead mountlab process${r.killedPid !== null ? ` (killed its qemu, pid ${r.killedPid})` : ''}`);
    }
    const spec = (this.#spec ??= await this.#chooseSpec(image, progress));
    const started = performance.now();
    if (this.options.boot === 'cold') {
      const vm = await this.#launch(image, spec, image.disk);
      this.#transport = await sshInto(vm, image, { timeoutMs: 300_000, label: `booting lab VM (${spec.accel})`, ...(progress ? { progress } : {}) });
    } else {
      let snapshot = await ensureSnapshot(image, spec, progress);
      try {
        await this.#resume(image, spec, snapshot, progress);
      } catch (err) {
        if (!(err instanceof VmDiedError)) throw err;
        // a snapshot this qemu cannot load (made by another qemu version, damaged): make it again
        progress?.(`${err.message}\nthe RAM snapshot did not restore; discarding it and booting afresh`);
        await discardSnapshot(image, spec);
        snapshot = await ensureSnapshot(image, spec, progress);
        await this.#resume(image, spec, snapshot, progress);
      }
    }
    const how = this.options.boot === 'cold' ? 'booted' : 'resumed from its RAM snapshot';
    const phases = this.#lastStart === null || this.options.boot === 'cold' ? '' : ` (${Object.entries(this.#lastStart).map(([k, v]) => `${k.replace(/Ms$/, '')} ${v} ms`).join(', ')})`;
    progress?.(`lab VM up (${spec.accel}, ${how}) in ${((performance.now() - started) / 1000).toFixed(1)} s${phases}: ${this.#sshCommand()}`);
    if (this.#transport === null) throw new Error('lab VM: no transport');
    return this.#transport;
  }

  async reset(progress?: (line: string) => void): Promise<Transport> {
    await this.#teardown();
    return this.start(progress);
  }

  async stop(): Promise<void> {
    if (this.options.keep === true && this.#vm !== null && this.#vm.exit === null) {
      await this.#transport?.close();
      this.#transport = null;
      await this.#vm.keep();
      this.#kept = keptMessage({ what: `qemu pid ${this.#vm.pid}`, reach: this.#sshCommand(), remove: `kill ${this.#vm.pid}`, files: this.#vm.runDir });
      this.#vm = null;
      return;
    }
    await this.#teardown();
  }

  /** After stop() with keep: how to reach the VM left running. */
  get keptMessage(): string | null {
    return this.#kept;
  }

  imageDescription(): string | null {
    return this.#image === null ? null : describeImage(this.#image);
  }

  /** "lab VM (pid N) died: killed by SIGKILL; last console lines: …" when qemu ended on its own. */
  diedReason(): string | undefined {
    const vm = this.#vm;
    if (vm === null || vm.exit === null || vm.endedByUs) return undefined;
    return `lab VM (pid ${vm.pid}) died: ${vm.describeExit()}`;
  }

  /** The qemu process and its ssh port, while it runs. */
  get machine(): { pid: number; sshPort: number; runDir: string; consoleLog: string } | null {
    const vm = this.#vm;
    return vm === null ? null : { pid: vm.pid, sshPort: vm.sshPort, runDir: vm.runDir, consoleLog: vm.consoleLog };
  }

  get image(): LabImage | null {
    return this.#image;
  }

  async #chooseSpec(image: LabImage, progress: Progress): Promise<MachineSpec> {
    const requested = this.options.accel ?? 'auto';
    const choice = await chooseAccel(requested, { qemu: QEMU, kernel: image.kernel, initrd: image.initrd, ...(progress ? { progress } : {}) });
    progress?.(`lab VM: ${image.name} (kernel ${image.manifest.kernelRelease}) under ${choice.accel.toUpperCase()}: ${choice.reason}`);
    return machineSpec(choice.accel, {
      ...(this.options.cpus !== undefined ? { cpus: this.options.cpus } : {}),
      ...(this.options.memoryMiB !== undefined ? { memoryMiB: this.options.memoryMiB } : {}),
    });
  }

  async #launch(image: LabImage, spec: MachineSpec, backingDisk: string, resume?: { incoming: string; consoleSeed: string }): Promise<QemuVm> {
    const vm = await QemuVm.launch({ spec, image, runDir: newRunDir(image.dir), backingDisk, ...resume });
    this.#vm = vm;
    return vm;
  }

  async #resume(image: LabImage, spec: MachineSpec, snapshot: RamSnapshot, progress: Progress): Promise<void> {
    const label = `resuming lab VM (${spec.accel}) from its RAM snapshot`;
    const tick = ticker(label, progress, 1000);
    const t0 = performance.now();
    const vm = await this.#launch(image, spec, snapshot.disk, { incoming: snapshot.ram, consoleSeed: snapshot.console });
    const t1 = performance.now();
    try {
      await Promise.race([
        vm.resume(),
        vm.exited.then(() => {
          throw new VmDiedError(`lab VM (pid ${vm.pid}) died while restoring its RAM: ${vm.describeExit()}`);
        }),
      ]);
    } catch (err) {
      await vm.quit({ keep: 'logs' });
      throw err instanceof VmDiedError ? err : new VmDiedError(`lab VM (pid ${vm.pid}) did not resume: ${(err as Error).message}`);
    } finally {
      tick.stop();
    }
    const t2 = performance.now();
    const transport = await sshInto(vm, image, { timeoutMs: 60_000, label, ...(progress ? { progress } : {}) });
    this.#transport = transport;
    const t3 = performance.now();
    const clockProblem = await resetClockAndRng(transport);
    if (clockProblem !== null) progress?.(`warning: could not set the lab VM's clock: ${clockProblem}`);
    const ms = (a: number, b: number): number => Math.round(b - a);
    this.#lastStart = { qemuMs: ms(t0, t1), restoreMs: ms(t1, t2), sshMs: ms(t2, t3), clockMs: ms(t3, performance.now()) };
  }

  /** Where the last resume spent its time: qemu start, RAM restore, ssh login, clock set (ms). */
  get lastStartTimings(): Readonly<Record<string, number>> | null {
    return this.#lastStart;
  }

  #sshCommand(): string {
    const vm = this.#vm;
    const image = this.#image;
    if (vm === null || image === null) return '(not running)';
    return `ssh -i ${image.privateKey} -o UserKnownHostsFile=${image.dir}/known_hosts -o HostKeyAlias=${image.name} -p ${vm.sshPort} root@127.0.0.1`;
  }

  async #teardown(): Promise<void> {
    const transport = this.#transport;
    const vm = this.#vm;
    this.#transport = null;
    await transport?.close().catch(() => undefined);
    if (vm !== null) {
      const died = vm.exit !== null && !vm.endedByUs;
      await vm.quit({ keep: died ? 'logs' : 'nothing' });
      // keep the dead VM (and its logs) for diedReason(); a live one is gone
      if (!died) this.#vm = null;
    }
  }
}
