/**
 * The vagrant target: the lab VM under Vagrant + vagrant-libvirt (lab/Vagrantfile), for people
 * who already run their VMs that way. Vagrant only brings the machine up, snapshots, restores and
 * destroys it; every command then runs over one ssh2 connection (src/transport/ssh.ts), never
 * through `vagrant ssh -c` (2 s a command).
 *
 * start():  libvirt pool and network → the box (added from lab/build/…/mountlab.box) → `vagrant
 *           up` → `vagrant snapshot save mountlab-clean` → ssh as vagrant with sudo, host key
 *           pinned from the box's manifest. A machine kept from an earlier run (MOUNTLAB_KEEP=1)
 *           is put back to mountlab-clean instead.
 * reset():  `vagrant snapshot restore mountlab-clean`, ssh again, set the clock.
 * stop():   `vagrant destroy -f`, or with keep, leave it running and say how to reach it.
 *
 * Boxes live in VAGRANT_HOME=lab/vagrant/home and the storage pool in lab/vagrant/pool; the
 * machine's data is in lab/.vagrant (Vagrant's default), so `cd lab && vagrant ssh` reaches it;
 * scripts/vagrant-lab.sh runs any vagrant command with the target's environment.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, appendFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ssh2 from 'ssh2';
import { chooseAccel, parseAccelRequest } from '../qemu/accel.ts';
import { VagrantCli, VagrantError, type VagrantSshConfig } from './vagrant-cli.ts';
import { checkLibvirt, deleteBoxVolumes, ensureNetwork, ensurePool, unversionedBoxVolume } from './vagrant-libvirt.ts';
import { connectSsh, type HostKeyPolicy, type SshTransport } from '../../transport/ssh.ts';
import { knownHostsName, parseKnownHosts, hostFieldMatches, sha256Fingerprint } from '../../transport/ssh-known-hosts.ts';
import type { Transport } from '../../transport/types.ts';
import type { Target } from '../target.ts';

export type VagrantDriver = 'kvm' | 'qemu';

export const MOUNTLAB_BOX = 'mountlab/bookworm';
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
  /** libvirt driver: kvm, qemu (TCG) or auto (default: the lab's KVM probe decides). */
  readonly driver?: VagrantDriver | 'auto';
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

/** Where Vagrant unpacks a box: VAGRANT_HOME/boxes/<name, / as -VAGRANTSLASH->/<version>/libvirt. */
export function boxDirectory(vagrantHome: string, box: string, version = '0'): string {
  return join(vagrantHome, 'boxes', box.replaceAll('/', '-VAGRANTSLASH-'), version, 'libvirt');
}

export class VagrantTarget implements Target {
  readonly name = 'vagrant' as const;
  readonly options: VagrantTargetOptions;
  readonly labDir: string;
  readonly stateDir: string;
  readonly vagrantHome: string;
  readonly box: string;
  readonly cli: VagrantCli;
  #driver: VagrantDriver | null = null;
  #transport: SshTransport | null = null;
  #ssh: VagrantSshConfig | null = null;
  #kept: string | null = null;
  #timings: Record<string, number> = {};

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
    return this.box.startsWith('mountlab/');
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
  #vagrantEnv(driver?: VagrantDriver): Record<string, string | undefined> {
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
    return this.#timings;
  }

  async start(progress?: (line: string) => void): Promise<Transport> {
    if (this.#transport !== null && !this.#transport.lost) return this.#transport;
    this.#timings = {};
    const started = performance.now();
    await this.#phase('libvirt', () => this.#prepareLibvirt(progress));
    const state = await this.#phase('status', () => this.cli.state());
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
      if (state === 'not_created') await this.#phase('box', () => this.#ensureBox(progress));
      const driver = await this.#phase('driver', () => this.#chooseDriver(progress));
      const cli = this.#cliFor(driver);
      progress?.(`vagrant: vagrant up --provider=libvirt (${driver === 'qemu' ? 'TCG' : 'KVM'}; a TCG boot takes ~30–60 s)`);
      await this.#phase('up', () => cli.up('libvirt', { ...(progress ? { onLine: (l) => { progress(`vagrant: ${l}`); } } : {}) }));
      // The snapshot is the state right after the boot: no connection of ours is in it.
      progress?.(`vagrant: saving snapshot ${CLEAN_SNAPSHOT}`);
      await this.#phase('snapshotSave', () => cli.snapshotSave(CLEAN_SNAPSHOT));
    }
    const transport = await this.#phase('ssh', () => this.#connect(progress, { fresh: !restored }));
    if (restored) await this.#phase('clock', () => this.#syncClock(transport, progress));
    progress?.(
      `vagrant: lab VM up in ${((performance.now() - started) / 1000).toFixed(1)} s (${this.#describeTimings()}): ` +
        transport.description,
    );
    return transport;
  }

  async reset(progress?: (line: string) => void): Promise<Transport> {
    this.#timings = {};
    const started = performance.now();
    const old = this.#transport;
    this.#transport = null;
    await old?.close().catch(() => undefined);
    await this.#restore(progress);
    const transport = await this.#phase('ssh', () => this.#connect(progress, { fresh: false }));
    await this.#phase('clock', () => this.#syncClock(transport, progress));
    progress?.(`vagrant: lab VM reset to ${CLEAN_SNAPSHOT} in ${((performance.now() - started) / 1000).toFixed(1)} s (${this.#describeTimings()})`);
    return transport;
  }

  async stop(): Promise<void> {
    const t = this.#transport;
    this.#transport = null;
    await t?.close().catch(() => undefined);
    if (this.options.keep === true) {
      this.#kept =
        `vagrant: lab VM left running (MOUNTLAB_KEEP=1). Reach it with: cd ${this.labDir} && vagrant ssh ` +
        `(as vagrant; sudo needs no password); remove it with: cd ${this.labDir} && vagrant destroy -f`;
      process.stderr.write(`${this.#kept}\n`);
      return;
    }
    this.#timings = {};
    await this.#phase('destroy', () => this.cli.destroy());
  }

  /** After stop() with keep: how to reach the VM left running. */
  get keptMessage(): string | null {
    return this.#kept;
  }

  /** The address vagrant ssh-config gave (after start). */
  get sshConfig(): VagrantSshConfig | null {
    return this.#ssh;
  }

  async #phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.#timings[name] = Math.round(performance.now() - t0);
    }
  }

  #describeTimings(): string {
    return Object.entries(this.#timings)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(', ');
  }

  #cliFor(driver: VagrantDriver): VagrantCli {
    return new VagrantCli({
      cwd: this.labDir,
      ...(this.options.vagrantBin !== undefined ? { vagrantBin: this.options.vagrantBin } : {}),
      env: this.#vagrantEnv(driver),
    });
  }

  /**
   * Vagrant keeps the machine's data in lab/.vagrant; a .gitignore of `*` in it keeps it out of
   * git whatever the repository's own .gitignore says.
   */
  async #ignoreDotVagrant(): Promise<void> {
    const dir = join(this.labDir, '.vagrant');
    await mkdir(dir, { recursive: true });
    const file = join(dir, '.gitignore');
    if ((await readFile(file, 'utf8').catch(() => '')) === '') await writeFile(file, '# made by mountlab: Vagrant\'s machine data\n*\n');
  }

  async #prepareLibvirt(progress: Progress): Promise<void> {
    await this.#ignoreDotVagrant();
    await checkLibvirt();
    const did = [await ensurePool(this.pool), await ensureNetwork(this.network)].filter((x) => x !== null);
    for (const d of did) progress?.(`vagrant: ${d}`);
  }

  async #restore(progress: Progress): Promise<void> {
    progress?.(`vagrant: vagrant snapshot restore ${CLEAN_SNAPSHOT}`);
    // The restored guest runs on from the snapshot's memory: the driver it was made with is kept.
    await this.#phase('snapshotRestore', () => this.cli.snapshotRestore(CLEAN_SNAPSHOT));
  }

  /**
   * Adds the mountlab box from its file when it is missing, or when the file changed since it was
   * added (a new image build) and no machine uses the old one; drops the old box's pool volume.
   */
  async #ensureBox(progress: Progress): Promise<void> {
    const boxFile = this.options.boxFile ?? (this.isMountlabBox ? join(this.labDir, 'build', 'mountlab-bookworm', 'mountlab.box') : undefined);
    if (boxFile === undefined) return; // a public box: vagrant up downloads it
    const installed = (await this.cli.boxList()).some((b) => b.name === this.box && b.provider === 'libvirt');
    let fileStat: { size: number; mtimeMs: number } | null = null;
    try {
      const s = await stat(boxFile);
      fileStat = { size: s.size, mtimeMs: Math.round(s.mtimeMs) };
    } catch {
      if (installed) {
        progress?.(`vagrant: ${boxFile} is not there; using the box ${this.box} already added`);
        return;
      }
      throw new Error(
        `the vagrant box ${this.box} is not added and its file ${boxFile} does not exist: build the lab image first ` +
          `(lab/image/build.sh writes lab/build/mountlab-bookworm/mountlab.box), or set MOUNTLAB_VAGRANT_BOX to a public box ` +
          `(e.g. debian/bookworm64) where there is internet`,
      );
    }
    const stampFile = join(this.vagrantHome, 'mountlab-box-source.json');
    const stamp = JSON.stringify({ box: this.box, file: boxFile, ...fileStat });
    const previous = await readFile(stampFile, 'utf8').catch(() => '');
    if (!installed || previous.trim() !== stamp) {
      progress?.(
        installed
          ? `vagrant: ${boxFile} changed since the box was added; adding it again`
          : `vagrant: adding the box ${this.box} from ${boxFile} (~10 s)`,
      );
      await this.cli.boxAdd(this.box, boxFile, { force: installed });
      await mkdir(this.vagrantHome, { recursive: true });
      await writeFile(stampFile, `${stamp}\n`);
    }
    // vagrant-libvirt uploads the box into the pool as a volume named after box.img's mtime, and
    // never removes one: drop those of earlier copies of the box (no machine uses them now).
    const image = await stat(join(boxDirectory(this.vagrantHome, this.box), 'box.img')).catch(() => null);
    const current = image === null ? null : unversionedBoxVolume(this.box, image.mtimeMs);
    const deleted = await deleteBoxVolumes(this.pool.name, this.box, current);
    if (deleted.length > 0) progress?.(`vagrant: removed ${deleted.length} pool volume(s) of earlier copies of the box`);
  }

  async #chooseDriver(progress: Progress): Promise<VagrantDriver> {
    if (this.#driver !== null) return this.#driver;
    const requested = this.options.driver ?? 'auto';
    let driver: VagrantDriver;
    if (requested !== 'auto') {
      driver = requested;
      progress?.(`vagrant: libvirt driver ${driver} (as requested)`);
    } else {
      // The lab's own KVM probe (src/drivers/qemu/accel.ts): boots the image's kernel under KVM briefly;
      // its verdict is cached per host kernel and qemu version, shared with the qemu target.
      const dir = boxDirectory(this.vagrantHome, this.box);
      const kernel = join(dir, 'vmlinuz');
      const initrd = join(dir, 'initrd');
      const haveKernel = await access(kernel, constants.R_OK).then(
        () => access(initrd, constants.R_OK).then(() => true),
      ).catch(() => false);
      if (!haveKernel) {
        driver = 'qemu';
        progress?.(`vagrant: libvirt driver qemu (TCG): no lab kernel to probe KVM with; set MOUNTLAB_VAGRANT_DRIVER=kvm where KVM works`);
      } else {
        const choice = await chooseAccel('auto', { qemu: process.env.MOUNTLAB_QEMU ?? 'qemu-system-x86_64', kernel, initrd, ...(progress ? { progress } : {}) });
        driver = choice.accel === 'kvm' ? 'kvm' : 'qemu';
        progress?.(`vagrant: libvirt driver ${driver} (${choice.accel.toUpperCase()}): ${choice.reason}`);
      }
    }
    this.#driver = driver;
    return driver;
  }

  async #hostKeyPolicy(ssh: VagrantSshConfig, fresh: boolean, progress: Progress): Promise<HostKeyPolicy> {
    if (this.isMountlabBox) {
      // The box carries the image's manifest next to its key; it names the sshd host key.
      const candidates = [join(dirname(ssh.identityFile), 'manifest.json'), join(boxDirectory(this.vagrantHome, this.box), 'manifest.json')];
      for (const file of candidates) {
        try {
          const m = JSON.parse(await readFile(file, 'utf8')) as { hostKeySha256?: unknown };
          if (typeof m.hostKeySha256 === 'string' && m.hostKeySha256 !== '') return { pinnedSha256: m.hostKeySha256 };
        } catch {
          // try the next
        }
      }
      throw new Error(`the mountlab box has no manifest.json with hostKeySha256 (looked at ${candidates.join(', ')}): rebuild it with lab/image/build.sh`);
    }
    // A public box: trust on first use, into mountlab's own known_hosts (never ~/.ssh/known_hosts).
    // A VM this process just created is new, so what an earlier VM at that address had is dropped.
    await acceptNewHostKey(this.knownHostsFile, ssh.host, ssh.port, fresh, progress);
    return { knownHostsFile: this.knownHostsFile };
  }

  async #connect(progress: Progress, o: { fresh: boolean }): Promise<SshTransport> {
    // ssh-config is read once per machine: a restored snapshot keeps its address (same MAC, same lease).
    if (o.fresh || this.#ssh === null) this.#ssh = await this.#phase('sshConfig', () => this.cli.sshConfig());
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

  /** A restored guest's clock stands at the snapshot's moment: set it, and stir its RNG. */
  async #syncClock(transport: SshTransport, progress: Progress): Promise<void> {
    const secs = (Date.now() / 1000).toFixed(3);
    const noise = randomBytes(64).toString('hex');
    const r = await transport.exec(['sh', '-c', 'date -u -s "@$1" >/dev/null && printf %s "$2" >/dev/urandom', 'mountlab-sync', secs, noise]);
    if (r.failed) progress?.(`vagrant: warning: could not set the lab VM's clock: ${r.stderr.trim()}`);
  }
}

/**
 * OpenSSH's accept-new for one host, into a known_hosts file mountlab owns: when the file has
 * no key for host:port (or `replace` is set), fetch the host's key over ssh2 and add it.
 */
export async function acceptNewHostKey(file: string, host: string, port: number, replace: boolean, progress?: (line: string) => void): Promise<void> {
  const name = knownHostsName(host, port);
  const text = await readFile(file, 'utf8').catch(() => '');
  const listed = parseKnownHosts(text).some((e) => hostFieldMatches(e.hostPatterns, name));
  if (listed && !replace) return;
  const key = await fetchHostKey(host, port);
  const isForHost = (line: string): boolean => {
    const field = line.trim().split(/\s+/)[0] ?? '';
    return field !== '' && !field.startsWith('#') && !field.startsWith('@') && hostFieldMatches(field, name);
  };
  const kept = text.split('\n').filter((line) => line.trim() !== '' && !isForHost(line));
  const line = `${name} ${key.type} ${key.blob.toString('base64')}`;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, kept.length > 0 ? `${kept.join('\n')}\n` : '');
  await appendFile(file, `${line}\n`);
  progress?.(`vagrant: added ${name}'s host key ${sha256Fingerprint(key.blob)} to ${file} (accept-new)`);
}

/** The host key an sshd offers (ssh2 handshake, aborted at the key check). Retries while it boots. */
export async function fetchHostKey(host: string, port: number, timeoutMs = 60_000): Promise<{ type: string; blob: Buffer }> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    const got = await new Promise<{ type: string; blob: Buffer } | null>((resolve) => {
      const client = new ssh2.Client();
      let key: Buffer | null = null;
      const done = (v: { type: string; blob: Buffer } | null): void => {
        client.removeAllListeners();
        client.on('error', () => undefined);
        client.end();
        resolve(v);
      };
      client.on('error', (e: Error) => {
        if (key !== null) {
          const len = key.readUInt32BE(0);
          done({ type: key.subarray(4, 4 + len).toString('latin1'), blob: key });
        } else {
          lastError = e.message;
          done(null);
        }
      });
      client.on('ready', () => {
        done(null);
      });
      client.connect({
        host,
        port,
        username: 'mountlab-keyscan',
        readyTimeout: 10_000,
        algorithms: { serverHostKey: ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'rsa-sha2-512', 'rsa-sha2-256'] },
        hostVerifier: (k: Buffer) => {
          key = k;
          return false;
        },
      });
    });
    if (got !== null) return got;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`could not read the ssh host key of ${host}:${port}: ${lastError}`);
}

export const VAGRANT_ENV = {
  box: 'MOUNTLAB_VAGRANT_BOX',
  boxFile: 'MOUNTLAB_VAGRANT_BOX_FILE',
  driver: 'MOUNTLAB_VAGRANT_DRIVER',
  home: 'MOUNTLAB_VAGRANT_HOME',
  user: 'MOUNTLAB_VAGRANT_USER',
  keep: 'MOUNTLAB_KEEP',
} as const;

/**
 * MOUNTLAB_VAGRANT_BOX (default mountlab/bookworm), MOUNTLAB_VAGRANT_BOX_FILE (where to add it
 * from), MOUNTLAB_VAGRANT_DRIVER (kvm|qemu; else MOUNTLAB_ACCEL kvm|tcg, else the KVM probe),
 * MOUNTLAB_VAGRANT_HOME (default lab/vagrant/home), MOUNTLAB_VAGRANT_USER (default: vagrant ssh-config's
 * user, i.e. vagrant with sudo; root logs in directly), MOUNTLAB_KEEP=1 (leave the VM running).
 * MOUNTLAB_VAGRANT_CPUS and MOUNTLAB_VAGRANT_MEMORY reach the Vagrantfile as they are.
 */
export function vagrantTargetFromEnv(env: NodeJS.ProcessEnv): VagrantTarget {
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const driverText = get(VAGRANT_ENV.driver);
  let driver: VagrantDriver | 'auto' = 'auto';
  if (driverText !== undefined) {
    if (driverText !== 'kvm' && driverText !== 'qemu' && driverText !== 'auto') {
      throw new Error(`${VAGRANT_ENV.driver} must be kvm or qemu (qemu = TCG, for hosts where KVM hangs), got "${driverText}"`);
    }
    driver = driverText;
  } else {
    const accel = parseAccelRequest(env.MOUNTLAB_ACCEL);
    if (accel !== 'auto') driver = accel === 'kvm' ? 'kvm' : 'qemu';
  }
  const box = get(VAGRANT_ENV.box);
  const boxFile = get(VAGRANT_ENV.boxFile);
  const home = get(VAGRANT_ENV.home);
  const extra: Record<string, string> = {};
  for (const k of ['MOUNTLAB_VAGRANT_CPUS', 'MOUNTLAB_VAGRANT_MEMORY']) {
    const v = get(k);
    if (v !== undefined) {
      if (!/^\d+$/.test(v)) throw new Error(`${k} must be a whole number, got "${v}"`);
      extra[k] = v;
    }
  }
  const keep = env[VAGRANT_ENV.keep] === '1' || env[VAGRANT_ENV.keep] === 'true';
  const user = get(VAGRANT_ENV.user);
  if (user !== undefined && !/^[a-z_][a-z0-9_-]*$/.test(user)) throw new Error(`${VAGRANT_ENV.user} must be a user name, got "${user}"`);
  return new VagrantTarget({
    driver,
    keep,
    env: extra,
    ...(user !== undefined ? { user } : {}),
    ...(box !== undefined ? { box } : {}),
    ...(boxFile !== undefined ? { boxFile } : {}),
    ...(home !== undefined ? { vagrantHome: home } : {}),
  });
}
