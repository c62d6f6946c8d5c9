/**
 * The qemu target: the lab VM (lab/image/build.sh) under qemu on this computer. start() resumes the
 * VM from a RAM snapshot of its booted state (made by one cold boot the first time), so ssh
 * answers in about two seconds even under TCG; reset() throws the run away and resumes again.
 * Where a core is free for it, the VM a reset switches to is resumed while the scenario before the
 * reset runs (prepareReset), and the reset only quits the old qemu.
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
import { availableParallelism } from 'node:os';

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
  /** Resume the VM a reset switches to while the scenario before it runs (prepareReset); default auto. */
  readonly resumeAhead?: ResumeAhead;
}

/** on, off, or auto: on where this computer has a core free beside the VM's (resumesAhead). */
export type ResumeAhead = 'auto' | 'on' | 'off';

/**
 * Whether a reset's VM is resumed ahead. auto: with at least two cores more than the VM's vCPUs
 * (one for mountlab, strace's other end and ssh, one for the resume). On two cores under TCG it
 * saved the resets' 2.2 s each and the steps grew by as much, at nice 19 too (docs/speed.md,
 * "Cheaper resets").
 */
export function resumesAhead(setting: ResumeAhead, spec: Pick<MachineSpec, 'cpus'>, cores = availableParallelism()): boolean {
  return setting === 'on' || (setting === 'auto' && cores >= spec.cpus + 2);
}

type Progress = ((line: string) => void) | undefined;

/** A lab VM resumed from the RAM snapshot, logged into and its clock set: ready for a scenario. */
interface Resumed {
  readonly vm: QemuVm;
  readonly transport: SshTransport;
  /** Where the resume spent its time: qemu start, RAM restore, ssh login, clock set (ms). */
  readonly phases: Record<string, number>;
}

export class QemuTarget implements Target {
  readonly name = 'qemu' as const;
  readonly options: QemuTargetOptions;
  #image: LabImage | null = null;
  #spec: MachineSpec | null = null;
  #vm: QemuVm | null = null;
  #transport: SshTransport | null = null;
  #kept: string | null = null;
  #lastStart: Record<string, number> | null = null;
  #snapshot: RamSnapshot | null = null;
  /** The VM the next reset() switches to, being resumed while a root-namespace scenario runs. */
  #ahead: Promise<Resumed> | null = null;

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
      let snapshot = (this.#snapshot = await ensureSnapshot(image, spec, progress));
      try {
        this.#use(await this.#resume(image, spec, snapshot, progress, (vm) => { this.#vm = vm; }));
      } catch (err) {
        if (!(err instanceof VmDiedError)) throw err;
        // a snapshot this qemu cannot load (made by another qemu version, damaged): make it again
        progress?.(`${err.message}\nthe RAM snapshot did not restore; discarding it and booting afresh`);
        await discardSnapshot(image, spec);
        snapshot = this.#snapshot = await ensureSnapshot(image, spec, progress);
        this.#use(await this.#resume(image, spec, snapshot, progress, (vm) => { this.#vm = vm; }));
      }
    }
    const how = this.options.boot === 'cold' ? 'booted' : 'resumed from its RAM snapshot';
    const phases = this.#lastStart === null || this.options.boot === 'cold' ? '' : ` (${Object.entries(this.#lastStart).map(([k, v]) => `${k.replace(/Ms$/, '')} ${v} ms`).join(', ')})`;
    progress?.(`lab VM up (${spec.accel}, ${how}) in ${((performance.now() - started) / 1000).toFixed(1)} s${phases}: ${this.#sshCommand()}`);
    if (this.#transport === null) throw new Error('lab VM: no transport');
    return this.#transport;
  }

  async reset(progress?: (line: string) => void): Promise<Transport> {
    const ahead = this.#ahead;
    this.#ahead = null;
    await this.#teardown();
    if (ahead === null) return this.start(progress);
    const started = performance.now();
    let resumed: Resumed;
    try {
      resumed = await ahead;
    } catch (err) {
      progress?.(`the lab VM resumed ahead could not be used (${err instanceof Error ? err.message : String(err)}); resuming another`);
      return this.start(progress);
    }
    const unusable = resumed.vm.exit !== null ? `lab VM (pid ${resumed.vm.pid}) died: ${resumed.vm.describeExit()}`
      : resumed.transport.lost ? 'its ssh connection was lost' : undefined;
    if (unusable !== undefined) {
      await quitResumed(resumed);
      progress?.(`the lab VM resumed ahead could not be used (${unusable}); resuming another`);
      return this.start(progress);
    }
    this.#use(resumed);
    const waited = Math.round(performance.now() - started);
    progress?.(`lab VM reset: switched to the one resumed ahead (pid ${resumed.vm.pid}; ${waited} ms more to wait for it): ${this.#sshCommand()}`);
    return resumed.transport;
  }

  /**
   * Starts resuming the VM the next reset() switches to, so that a root-namespace scenario's end
   * need not wait for qemu, the RAM restore, the ssh login and the clock (about 2 s under TCG).
   * Called as such a scenario starts; nothing when one is already being resumed or the target
   * boots cold. A VM resumed ahead that fails is reported by the reset, which resumes another.
   * Resolves once it is ready or has failed (for a caller that waits; scenarios do not).
   * Only where resumeAhead allows it (by default, with a core free beside the VM's: on two cores
   * under TCG the scenario's steps grew by as much as the resets saved, at nice 19 too).
   */
  prepareReset(): Promise<void> {
    const image = this.#image;
    const spec = this.#spec;
    const snapshot = this.#snapshot;
    if (this.#ahead === null && this.options.boot !== 'cold' && image !== null && spec !== null && snapshot !== null && resumesAhead(this.options.resumeAhead ?? 'auto', spec)) {
      this.#ahead = this.#resume(image, spec, snapshot, undefined);
    }
    // settles once the VM resumed ahead is ready or failed (the reset reports a failure)
    return this.#ahead?.then(() => undefined, () => undefined) ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.#endAhead();
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

  /** Makes a resumed VM the current one. */
  #use(resumed: Resumed): void {
    this.#vm = resumed.vm;
    this.#transport = resumed.transport;
    this.#lastStart = resumed.phases;
  }

  /** Quits the VM resumed ahead, if any (at stop: no reset follows). */
  async #endAhead(): Promise<void> {
    const ahead = this.#ahead;
    this.#ahead = null;
    const resumed = await ahead?.catch(() => undefined);
    if (resumed !== undefined) await quitResumed(resumed);
  }

  /**
   * A new qemu resumed from the snapshot, logged into and its clock set. `adopt` makes it the
   * target's VM as soon as it is launched (start(): diedReason() then names it if it dies while
   * resuming, and teardown ends it); without it (prepareReset) it is the caller's once resumed.
   */
  async #resume(image: LabImage, spec: MachineSpec, snapshot: RamSnapshot, progress: Progress, adopt?: (vm: QemuVm) => void): Promise<Resumed> {
    const label = `resuming lab VM (${spec.accel}) from its RAM snapshot`;
    const tick = ticker(label, progress, 1000);
    const t0 = performance.now();
    const vm = await QemuVm.launch({ spec, image, runDir: newRunDir(image.dir), backingDisk: snapshot.disk, incoming: snapshot.ram, consoleSeed: snapshot.console });
    adopt?.(vm);
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
    try {
      const transport = await sshInto(vm, image, { timeoutMs: 60_000, label, ...(progress ? { progress } : {}) });
      const t3 = performance.now();
      const clockProblem = await resetClockAndRng(transport).catch(async (err: unknown) => {
        await transport.close().catch(() => undefined);
        throw err;
      });
      if (clockProblem !== null) progress?.(`warning: could not set the lab VM's clock: ${clockProblem}`);
      const ms = (a: number, b: number): number => Math.round(b - a);
      return { vm, transport, phases: { qemuMs: ms(t0, t1), restoreMs: ms(t1, t2), sshMs: ms(t2, t3), clockMs: ms(t3, performance.now()) } };
    } catch (err) {
      // the target's teardown ends a VM it adopted; one resumed ahead is this resume's to end
      if (adopt === undefined) await vm.quit({ keep: vm.exit !== null && !vm.endedByUs ? 'logs' : 'nothing' });
      throw err;
    }
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

async function quitResumed(resumed: Resumed): Promise<void> {
  await resumed.transport.close().catch(() => undefined);
  await resumed.vm.quit();
}
