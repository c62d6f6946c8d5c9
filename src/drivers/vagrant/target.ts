/**
 * The vagrant target: the lab VM under Vagrant + vagrant-libvirt (lab/Vagrantfile), for people
 * who already run their VMs that way. Vagrant only brings the machine up, snapshots, restores and
 * destroys it; every command then runs over one ssh2 connection (src/transport/ssh/index.ts), never
 * through `vagrant ssh -c` (2 s a command).
 *
 * start():  libvirt pool and network → the box (added from lab/build/…/mountlab.box) → `vagrant
 *           up` → snapshot mountlab-clean saved → ssh as vagrant with sudo, host key pinned from
 *           the box's manifest. A machine kept from an earlier run (MOUNTLAB_KEEP=1) is put back
 *           to mountlab-clean instead.
 * reset():  back to mountlab-clean, ssh again, set the clock.
 * The snapshot is saved and restored with virsh, the calls vagrant-libvirt makes for `vagrant
 * snapshot save/restore`, without Vagrant's start-up each time (libvirt-snapshot.ts).
 * stop():   `vagrant destroy -f`, or with keep, leave it running and say how to reach it.
 *
 * Boxes live in VAGRANT_HOME=lab/vagrant/home and the storage pool in lab/vagrant/pool; the
 * machine's data is in lab/.vagrant (Vagrant's default), so `cd lab && vagrant ssh` reaches it;
 * scripts/vagrant-lab.sh runs any vagrant command with the target's environment.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VagrantCli, VagrantError, type VagrantSshConfig } from './vagrant-cli.ts';
import { PhaseTimer } from './phases.ts';
import { prepareLibvirt } from './prepare.ts';
import { boxManifest, ensureBox, isMountlabBox, MOUNTLAB_BOX } from './box.ts';
import { chooseDomainType, type LibvirtDomainType } from './libvirt-domain.ts';
import { machineDomain, restoreSnapshot, saveSnapshot } from './libvirt-snapshot.ts';
import { connectSsh, type HostKeyPolicy, type SshTransport } from '../../transport/ssh/index.ts';
import { acceptNewHostKey } from '../../transport/ssh/host-key-scan.ts';
import type { Transport } from '../../transport/types.ts';
import type { Target } from '../target.ts';
import { resetClockAndRng } from '../shared/clock.ts';
import { keptMessage } from '../shared/keep.ts';
export const CLEAN_SNAPSHOT = 'mountlab-clean';

export interface VagrantTargetOptions {
  /** The directory with the Vagrantfile (default: the repository's lab/). */
  readonly labDir?: string;
  /** Vagrant's state (default labDir/vagrant): home/, machine/, pool/, known_hosts, console.log. */
  readonly stateDir?: string;
  /** VAGRANT_HOME (default stateDir/home). */
  readonly vagrantHome?: string;
  /** Box name (default mountlab/bookworm). Any other name is a public box (e.g. debian/bookworm64). */
  readonly box?: string;
  /** Where to add the box from (default lab/build/mountlab-bookworm/mountlab.box for the mountlab box). */
  readonly boxFile?: string;
  /** vagrant-libvirt's `driver` (the libvirt domain type): kvm, qemu (TCG) or auto (the KVM probe decides). */
  readonly driver?: LibvirtDomainType | 'auto';
  /** Leave the VM running at stop(). */
  readonly keep?: boolean;
  readonly vagrantBin?: string;
  readonly pool?: { readonly name: string; readonly dir?: string };
  readonly network?: { readonly name: string; readonly cidr: string; readonly bridge: string };
  /**
   * Log in as this user instead of the one vagrant ssh-config names (vagrant, with sudo -n for
   * every command). "root" works with the mountlab box, whose key root also accepts, and saves
   * sudo's cost: ~360 ms a command under TCG here (exec of `true`: 479 ms with sudo, 126 ms as root).
   */
  readonly user?: string;
  /** Extra environment for vagrant (MOUNTLAB_VAGRANT_CPUS, …). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

type Progress = ((line: string) => void) | undefined;

/** The repository's lab/ directory. */
function repoLabDir(): string {
  return fileURLToPath(new URL('../../../lab/', import.meta.url)).replace(/\/$/, '');
}

export class VagrantTarget implements Target {
  readonly name = 'vagrant' as const;
  readonly options: VagrantTargetOptions;
  readonly labDir: string;
  readonly stateDir: string;
  readonly vagrantHome: string;
  readonly box: string;
  readonly cli: VagrantCli;
  #driver: LibvirtDomainType | null = null;
  #transport: SshTransport | null = null;
  #ssh: VagrantSshConfig | null = null;
  #kept: string | null = null;
  #imageDescription: string | null = null;
  readonly #phases = new PhaseTimer();

  constructor(options: VagrantTargetOptions = {}) {
    this.options = options;
    this.labDir = options.labDir ?? repoLabDir();
    this.stateDir = options.stateDir ?? join(this.labDir, 'vagrant');
    this.vagrantHome = options.vagrantHome ?? join(this.stateDir, 'home');
    this.box = options.box ?? MOUNTLAB_BOX;
    this.cli = new VagrantCli({
      cwd: this.labDir,
      ...(options.vagrantBin !== undefined ? { vagrantBin: options.vagrantBin } : {}),
      env: this.#vagrantEnv(),
    });
  }

  get isMountlabBox(): boolean {
    return isMountlabBox(this.box);
  }

  get pool(): { name: string; dir: string } {
    return { name: this.options.pool?.name ?? 'mountlab', dir: this.options.pool?.dir ?? join(this.stateDir, 'pool') };
  }

  get network(): { name: string; cidr: string; bridge: string } {
    return this.options.network ?? { name: 'mountlab', cidr: '192.168.124.0/24', bridge: 'virbr-mountlab' };
  }

  get knownHostsFile(): string {
    return join(this.stateDir, 'known_hosts');
  }

  /** The environment vagrant runs with (also what scripts/vagrant-lab.sh sets). */
  #vagrantEnv(driver?: LibvirtDomainType): Record<string, string | undefined> {
    return {
      ...this.options.env,
      VAGRANT_HOME: this.vagrantHome,
      VAGRANT_DEFAULT_PROVIDER: 'libvirt',
      MOUNTLAB_VAGRANT_BOX: this.box,
      MOUNTLAB_VAGRANT_POOL: this.pool.name,
      MOUNTLAB_VAGRANT_NETWORK: this.network.name,
      MOUNTLAB_VAGRANT_NETWORK_ADDRESS: this.network.cidr,
      ...(driver !== undefined ? { MOUNTLAB_VAGRANT_DRIVER: driver } : {}),
    };
  }

  /** How long the phases of the last start()/reset() took (ms), e.g. { up: 41234, snapshotSave: 4400 }. */
  get timings(): Readonly<Record<string, number>> {
    return this.#phases.timings;
  }

  async start(progress?: (line: string) => void): Promise<Transport> {
    if (this.#transport !== null && !this.#transport.lost) return this.#transport;
    this.#phases.clear();
    const started = performance.now();
    await this.#phases.time('libvirt', () => prepareLibvirt(this.labDir, this.pool, this.network, progress));
    // No machine id in lab/.vagrant is how Vagrant itself knows "not created": skip its start-up then.
    const created = await machineDomain(this.labDir).then(() => true, () => false);
    const state = await this.#phases.time('status', () => (created ? this.cli.state() : Promise.resolve('not_created')));
    progress?.(`vagrant: machine is ${state.replace('_', ' ')}`);
    let restored = false;
    if (state !== 'not_created') {
      // Kept from an earlier run: back to the clean snapshot if it has one, else boot it as it is.
      try {
        await this.#restore(progress);
        restored = true;
      } catch (err) {
        if (!(err instanceof VagrantError) || err.kind !== 'snapshot-missing') throw err;
        progress?.(`vagrant: the machine has no ${CLEAN_SNAPSHOT} snapshot; bringing it up as it is`);
      }
    }
    if (!restored) {
      if (state === 'not_created') await this.#phases.time('box', () => ensureBox(this.cli, { box: this.box, boxFile: this.options.boxFile, labDir: this.labDir, vagrantHome: this.vagrantHome, poolName: this.pool.name }, progress));
      const driver = await this.#phases.time('driver', async () => (this.#driver ??= await chooseDomainType(this.options.driver ?? 'auto', this.vagrantHome, this.box, progress)));
      const cli = this.#cliFor(driver);
      progress?.(`vagrant: vagrant up --provider=libvirt (${driver === 'qemu' ? 'TCG' : 'KVM'}; a TCG boot takes ~30–60 s)`);
      await this.#phases.time('up', () => cli.up('libvirt', { ...(progress ? { onLine: (l) => { progress(`vagrant: ${l}`); } } : {}) }));
      // The snapshot is the state right after the boot: no connection of ours is in it.
      progress?.(`vagrant: saving snapshot ${CLEAN_SNAPSHOT}`);
      await this.#phases.time('snapshotSave', async () => { await saveSnapshot(await machineDomain(this.labDir), CLEAN_SNAPSHOT); });
    }
    const transport = await this.#phases.time('ssh', () => this.#connect(progress, { fresh: !restored }));
    if (restored) await this.#phases.time('clock', () => this.#resetClock(transport, progress));
    progress?.(
      `vagrant: lab VM up in ${((performance.now() - started) / 1000).toFixed(1)} s (${this.#phases.describe()}): ` +
        transport.description,
    );
    return transport;
  }

  async reset(progress?: (line: string) => void): Promise<Transport> {
    this.#phases.clear();
    const started = performance.now();
    const old = this.#transport;
    this.#transport = null;
    await old?.close().catch(() => undefined);
    await this.#restore(progress);
    const transport = await this.#phases.time('ssh', () => this.#connect(progress, { fresh: false }));
    await this.#phases.time('clock', () => this.#resetClock(transport, progress));
    progress?.(`vagrant: lab VM reset to ${CLEAN_SNAPSHOT} in ${((performance.now() - started) / 1000).toFixed(1)} s (${this.#phases.describe()})`);
    return transport;
  }

  async stop(): Promise<void> {
    const t = this.#transport;
    this.#transport = null;
    await t?.close().catch(() => undefined);
    if (this.options.keep === true) {
      this.#kept = keptMessage({
        what: 'vagrant',
        reach: `cd ${this.labDir} && vagrant ssh (as vagrant; sudo needs no password)`,
        remove: `cd ${this.labDir} && vagrant destroy -f`,
      });
      return;
    }
    this.#phases.clear();
    await this.#phases.time('destroy', () => this.cli.destroy());
  }

  /** After stop() with keep: how to reach the VM left running. */
  get keptMessage(): string | null {
    return this.#kept;
  }

  /** The address vagrant ssh-config gave (after start). */
  get sshConfig(): VagrantSshConfig | null {
    return this.#ssh;
  }

  #cliFor(driver: LibvirtDomainType): VagrantCli {
    return new VagrantCli({
      cwd: this.labDir,
      ...(this.options.vagrantBin !== undefined ? { vagrantBin: this.options.vagrantBin } : {}),
      env: this.#vagrantEnv(driver),
    });
  }

  async #restore(progress: Progress): Promise<void> {
    progress?.(`vagrant: restoring snapshot ${CLEAN_SNAPSHOT} (virsh snapshot-revert, as vagrant snapshot restore does)`);
    // The restored guest runs on from the snapshot's memory: the driver it was made with is kept.
    await this.#phases.time('snapshotRestore', async () => { await restoreSnapshot(await machineDomain(this.labDir), CLEAN_SNAPSHOT); });
  }

  /** The lab image the mountlab box was made from (its manifest), as Capabilities.image shows it; null for a public box. */
  imageDescription(): string | null {
    return this.#imageDescription;
  }

  async #hostKeyPolicy(ssh: VagrantSshConfig, fresh: boolean, progress: Progress): Promise<HostKeyPolicy> {
    if (this.isMountlabBox) {
      const manifest = await boxManifest(ssh.identityFile, this.vagrantHome, this.box);
      this.#imageDescription = manifest.description;
      return { pinnedSha256: manifest.hostKeySha256 };
    }
    // A public box: trust on first use, into mountlab's own known_hosts (never ~/.ssh/known_hosts).
    // A VM this process just created is new, so what an earlier VM at that address had is dropped.
    await acceptNewHostKey(this.knownHostsFile, ssh.host, ssh.port, fresh, progress && ((line) => { progress(`vagrant: ${line}`); }));
    return { knownHostsFile: this.knownHostsFile };
  }

  async #connect(progress: Progress, o: { fresh: boolean }): Promise<SshTransport> {
    // ssh-config is read once per machine: a restored snapshot keeps its address (same MAC, same lease).
    if (o.fresh || this.#ssh === null) this.#ssh = await this.#phases.time('sshConfig', () => this.cli.sshConfig());
    const ssh = this.#ssh;
    const username = this.options.user ?? ssh.user;
    let privateKey: Buffer;
    try {
      privateKey = await readFile(ssh.identityFile);
    } catch (err) {
      throw new Error(`cannot read the private key vagrant ssh-config names (${ssh.identityFile}): ${(err as Error).message}`);
    }
    const hostKey = await this.#hostKeyPolicy(ssh, o.fresh, progress);
    const transport = await connectSsh(
      {
        host: ssh.host,
        port: ssh.port,
        username,
        privateKey,
        privateKeyName: ssh.identityFile,
        hostKey,
        sudo: username !== 'root',
      },
      { retryForMs: 90_000, ...(progress ? { onProgress: progress } : {}) },
    );
    this.#transport = transport;
    return transport;
  }

  async #resetClock(transport: SshTransport, progress: Progress): Promise<void> {
    const problem = await resetClockAndRng(transport);
    if (problem !== null) progress?.(`vagrant: warning: could not set the lab VM's clock: ${problem}`);
  }
}
