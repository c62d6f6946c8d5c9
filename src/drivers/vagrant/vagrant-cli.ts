/**
 * A thin typed wrapper over the `vagrant` command line (execa), run in one directory (the one
 * with the Vagrantfile) with one environment (VAGRANT_HOME, VAGRANT_DOTFILE_PATH, …).
 *
 * Queries use `--machine-readable` and the parsers below; `up` streams Vagrant's human output
 * line by line to a progress callback. Failures become a VagrantError whose `kind` says what to
 * fix (vagrant missing, provider plugin missing, libvirtd not answering, …) and whose message
 * says how. Parsers are exported for tests on captured output (test/vagrant/fixtures/).
 */
import { execa } from 'execa';

export type VagrantFailure =
  /** No vagrant binary on PATH. */
  | 'not-installed'
  /** The provider plugin (vagrant-libvirt) is not installed or not found in VAGRANT_HOME. */
  | 'no-provider'
  /** libvirtd does not answer (not started, socket missing, no permission). */
  | 'libvirt-down'
  /** The machine does not exist (`vagrant up` first). */
  | 'not-created'
  /** `vagrant snapshot restore NAME` of a snapshot that does not exist. */
  | 'snapshot-missing'
  /** A libvirt domain of the same name exists that this Vagrant directory does not know. */
  | 'domain-exists'
  /** The box is neither installed nor downloadable. */
  | 'box-missing'
  | 'failed';

export class VagrantError extends Error {
  override readonly name = 'VagrantError';
  constructor(
    message: string,
    readonly kind: VagrantFailure,
    /** e.g. "vagrant up --provider=libvirt" */
    readonly command: string,
    /** What vagrant printed (stdout and stderr interleaved), for the curious. */
    readonly output: string,
  ) {
    super(message);
  }
}

export const INSTALL_HINT =
  'apt-get install vagrant vagrant-libvirt libvirt-daemon-system (see docs/vagrant.md)';

// --- machine-readable output ------------------------------------------------------------------

/** One line of `--machine-readable` output: timestamp,target,type,data… */
export interface MachineReadableRecord {
  readonly timestamp: number;
  /** The machine's name ("default"), "box" for box commands, "" for global lines. */
  readonly target: string;
  /** e.g. state, ui, box-name, error-exit, action, metadata */
  readonly type: string;
  /** The remaining fields, unescaped: commas (%!(VAGRANT_COMMA)), newlines, carriage returns. */
  readonly data: readonly string[];
}

/** Undoes Vagrant's escaping of one field: `%!(VAGRANT_COMMA)` → ",", `\n` → newline, `\r` → CR. */
export function unescapeMachineReadable(field: string): string {
  return field.replaceAll('%!(VAGRANT_COMMA)', ',').replaceAll('\\n', '\n').replaceAll('\\r', '\r');
}

/**
 * Parses `--machine-readable` output. Lines that are not records (a Ruby backtrace, a plugin's
 * stray warning) are skipped.
 */
export function parseMachineReadable(text: string): MachineReadableRecord[] {
  const records: MachineReadableRecord[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+),([^,]*),([^,]+)(?:,(.*))?$/.exec(line.replace(/\r$/, ''));
    if (m === null) continue;
    const rest = m[4];
    records.push({
      timestamp: Number(m[1]),
      target: unescapeMachineReadable(m[2] ?? ''),
      type: unescapeMachineReadable(m[3] ?? ''),
      data: rest === undefined ? [] : rest.split(',').map(unescapeMachineReadable),
    });
  }
  return records;
}

export interface VagrantMachineStatus {
  /** "default" */
  readonly name: string;
  /** not_created, running, shutoff, paused, preparing, … (the provider's state id) */
  readonly state: string;
  /** "not created", "running" */
  readonly stateShort: string;
  readonly stateLong: string;
  /** "libvirt" */
  readonly provider: string;
}

/** `vagrant status --machine-readable` → one entry per machine, in the order Vagrant lists them. */
export function parseStatus(text: string): VagrantMachineStatus[] {
  const byName = new Map<string, { state?: string; stateShort?: string; stateLong?: string; provider?: string }>();
  for (const r of parseMachineReadable(text)) {
    if (r.target === '') continue;
    const value = r.data[0] ?? '';
    const entry = byName.get(r.target) ?? {};
    if (r.type === 'state') entry.state = value;
    else if (r.type === 'state-human-short') entry.stateShort = value;
    else if (r.type === 'state-human-long') entry.stateLong = value;
    else if (r.type === 'provider-name') entry.provider = value;
    else if (r.type === 'metadata' && value === 'provider') entry.provider ??= r.data[1] ?? '';
    else continue;
    byName.set(r.target, entry);
  }
  const machines: VagrantMachineStatus[] = [];
  for (const [name, e] of byName) {
    if (e.state === undefined) continue;
    machines.push({
      name,
      state: e.state,
      stateShort: e.stateShort ?? e.state,
      stateLong: e.stateLong ?? '',
      provider: e.provider ?? '',
    });
  }
  return machines;
}

export interface VagrantBox {
  readonly name: string;
  readonly provider: string;
  /** "0" for a box added from a file without metadata. */
  readonly version: string;
}

/** `vagrant box list --machine-readable`: box-name, box-provider, box-version records, in triples. */
export function parseBoxList(text: string): VagrantBox[] {
  const boxes: VagrantBox[] = [];
  let current: { name: string; provider: string; version: string } | null = null;
  for (const r of parseMachineReadable(text)) {
    const value = r.data[0] ?? '';
    if (r.type === 'box-name') {
      if (current !== null) boxes.push(current);
      current = { name: value, provider: '', version: '' };
    } else if (current !== null && r.type === 'box-provider') {
      current.provider = value;
    } else if (current !== null && r.type === 'box-version') {
      current.version = value;
    }
  }
  if (current !== null) boxes.push(current);
  return boxes;
}

/** The `error-exit` record of a failed machine-readable command: [class, message]. */
export function machineReadableError(text: string): { readonly errorClass: string; readonly message: string } | null {
  const r = parseMachineReadable(text).find((x) => x.type === 'error-exit');
  if (r === undefined) return null;
  return { errorClass: r.data[0] ?? '', message: r.data.slice(1).join(',') };
}

// --- ssh-config -------------------------------------------------------------------------------

export interface VagrantSshConfig {
  /** HostName: the VM's address (its IP on the libvirt network). */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** The first IdentityFile (Vagrant lists one per configured key). */
  readonly identityFile: string;
  readonly identityFiles: readonly string[];
  /** Every option of the first Host block, keys as printed (HostName, Port, …), last one wins. */
  readonly options: Readonly<Record<string, string>>;
}

/** `vagrant ssh-config` (OpenSSH client config: a Host line, then indented Key Value lines). */
export function parseSshConfig(text: string): VagrantSshConfig {
  const options: Record<string, string> = {};
  const identityFiles: string[] = [];
  let hosts = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (m === null) continue;
    const key = m[1] ?? '';
    const value = unquote((m[2] ?? '').trim());
    if (key.toLowerCase() === 'host') {
      hosts++;
      if (hosts > 1) break; // one machine: the first block
      options[key] = value;
      continue;
    }
    if (hosts === 0) continue;
    if (key.toLowerCase() === 'identityfile') identityFiles.push(value);
    options[key] = value;
  }
  const get = (name: string): string | undefined => {
    const k = Object.keys(options).find((x) => x.toLowerCase() === name.toLowerCase());
    return k === undefined ? undefined : options[k];
  };
  const host = get('HostName');
  const user = get('User');
  const portText = get('Port') ?? '22';
  const port = Number(portText);
  const missing = [host === undefined ? 'HostName' : null, user === undefined ? 'User' : null, identityFiles.length === 0 ? 'IdentityFile' : null].filter(
    (x) => x !== null,
  );
  if (missing.length > 0 || host === undefined || user === undefined) {
    throw new Error(`vagrant ssh-config printed no ${missing.join(', ')}:\n${text.trim()}`);
  }
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new Error(`vagrant ssh-config printed an invalid Port "${portText}"`);
  return { host, port, user, identityFile: identityFiles[0] ?? '', identityFiles, options };
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

// --- failures ---------------------------------------------------------------------------------

/**
 * What went wrong, from what vagrant printed (human or machine-readable), with the fix. Returns
 * kind 'failed' and Vagrant's own words when nothing better is known.
 */
export function classifyVagrantFailure(output: string, command: string): { kind: VagrantFailure; message: string } {
  const mr = machineReadableError(output);
  const text = mr !== null ? `${mr.errorClass}: ${mr.message}` : stripAnsi(output);
  const said = lastMeaningfulLines(mr !== null ? mr.message : text, 6);
  if (/Failed to connect socket to|virConnectOpen failed|Error while connecting to Libvirt|libvirt-sock/.test(text)) {
    const permission = /Permission denied|authentication unavailable|not authorized/i.test(text);
    return {
      kind: 'libvirt-down',
      message: permission
        ? `\`${command}\`: libvirtd refused the connection (${said}). Run as root, or add your user to the libvirt group (adduser $USER libvirt, then log in again).`
        : `\`${command}\`: libvirtd is not answering (${said}). Start it: without systemd, as root \`virtlogd -d && libvirtd -d\`; ` +
          `with systemd \`systemctl start libvirtd\`; or run scripts/vagrant-setup.sh, which does it (see docs/vagrant.md).`,
    };
  }
  if (/The provider '[^']*' could not be found|NoDefaultProvider|ProviderNotUsable|Vagrant::Errors::ProviderNotFound/.test(text)) {
    return {
      kind: 'no-provider',
      message:
        `\`${command}\`: the vagrant-libvirt provider plugin is missing (${said}). Install it: apt-get install vagrant-libvirt ` +
        `libvirt-daemon-system. A plugin installed with \`vagrant plugin install\` lives in its VAGRANT_HOME: point ` +
        `MOUNTLAB_VAGRANT_HOME at that one (e.g. ~/.vagrant.d). See docs/vagrant.md.`,
    };
  }
  if (/SnapshotNotFound|snapshot name `[^`]*` was not found/.test(text)) {
    return { kind: 'snapshot-missing', message: `\`${command}\`: ${said}` };
  }
  if (/VMNotCreatedError|not yet ready for SSH|The Libvirt domain is not created|undefined method `include\?' for nil/.test(text)) {
    return { kind: 'not-created', message: `\`${command}\`: the machine is not created (or not running); run vagrant up first. Vagrant said: ${said}` };
  }
  const taken = /Name `([^`]+)` of domain about to create is already taken/.exec(text);
  if (taken !== null) {
    const d = taken[1] ?? '';
    return {
      kind: 'domain-exists',
      message:
        `\`${command}\`: a libvirt domain named ${d} already exists but this Vagrant directory does not know it ` +
        `(left by another checkout, or lab/vagrant/machine was removed). If it is yours to throw away: ` +
        `virsh destroy ${d}; virsh undefine ${d} --snapshots-metadata --remove-all-storage`,
    };
  }
  if (/BoxNotFound|could not be found or\s+could not be accessed in the remote catalog|The box '[^']*' could not be found/.test(text)) {
    return { kind: 'box-missing', message: `\`${command}\`: ${said}` };
  }
  return { kind: 'failed', message: `\`${command}\` failed: ${said}` };
}

/** Removes ANSI escapes and resolves carriage returns (progress bars) to the last segment of each line. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  const noEsc = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  return noEsc
    .split('\n')
    .map((l) => {
      const parts = l.split('\r').filter((p) => p !== '');
      return parts[parts.length - 1] ?? '';
    })
    .join('\n');
}

/**
 * The lines that say what went wrong: those that read as an error (a Ruby exception's message
 * without its source location, libvirt's "error :" lines), else the last few; no backtrace.
 */
function lastMeaningfulLines(text: string, count: number): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim().replace(/^\/\S+:\d+:in `[^']*': /, ''))
    .filter((l) => l !== '' && !/^from \//.test(l) && !/^Bringing machine/.test(l));
  const errors = lines.filter((l) => !/^==> /.test(l) && /error|failed|denied|not found|could not|cannot|invalid|refused/i.test(l));
  const pick = errors.length > 0 ? errors : lines;
  return pick.slice(-count).join(' ').replace(/\s+/g, ' ').trim() || '(no output)';
}

// --- running vagrant --------------------------------------------------------------------------

export interface VagrantCliOptions {
  /** The directory with the Vagrantfile (vagrant looks there and upwards). */
  readonly cwd: string;
  /** Added to this process's environment (VAGRANT_HOME, VAGRANT_DOTFILE_PATH, MOUNTLAB_…). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default "vagrant" (looked up on PATH). */
  readonly vagrantBin?: string;
  /** Default 15 min: `vagrant up` of a TCG VM can take minutes on a slow machine. */
  readonly timeoutMs?: number;
}

export interface RunOptions {
  /** Called with each output line (ANSI stripped, progress bars collapsed). */
  readonly onLine?: (line: string) => void;
  readonly timeoutMs?: number;
}

export interface VagrantRun {
  readonly command: string;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as printed */
  readonly all: string;
  readonly durationMs: number;
}

/** The environment every run gets: no update checks (no internet here), no interactive prompts. */
export const QUIET_ENV: Readonly<Record<string, string>> = {
  VAGRANT_CHECKPOINT_DISABLE: '1',
  VAGRANT_BOX_UPDATE_CHECK_DISABLE: '1',
  VAGRANT_NO_COLOR: '1',
};

export class VagrantCli {
  readonly options: VagrantCliOptions;

  constructor(options: VagrantCliOptions) {
    this.options = options;
  }

  /** "2.3.4" */
  async version(): Promise<string> {
    const r = await this.run(['--version']);
    return /(\d+\.\d+\.\d+\S*)/.exec(r.stdout)?.[1] ?? r.stdout.trim();
  }

  /** `vagrant up --provider=PROVIDER`, streaming Vagrant's output lines to onLine. */
  async up(provider: string, options: RunOptions = {}): Promise<VagrantRun> {
    return this.run(['up', `--provider=${provider}`, '--no-install-provider', '--no-color', '--no-tty'], options);
  }

  async status(): Promise<VagrantMachineStatus[]> {
    const r = await this.run(['status', '--machine-readable']);
    return parseStatus(r.stdout);
  }

  /** The one machine's state id (not_created, running, shutoff, …). */
  async state(): Promise<string> {
    const machines = await this.status();
    const m = machines[0];
    if (m === undefined) throw new VagrantError('vagrant status printed no machine', 'failed', 'vagrant status', '');
    return m.state;
  }

  async sshConfig(): Promise<VagrantSshConfig> {
    const r = await this.run(['ssh-config']);
    return parseSshConfig(r.stdout);
  }

  async snapshotSave(name: string, options: RunOptions = {}): Promise<VagrantRun> {
    return this.run(['snapshot', 'save', name, '--machine-readable'], options);
  }

  async snapshotRestore(name: string, options: RunOptions = {}): Promise<VagrantRun> {
    return this.run(['snapshot', 'restore', name, '--no-provision', '--machine-readable'], options);
  }

  async halt(options: RunOptions = {}): Promise<VagrantRun> {
    return this.run(['halt', '--machine-readable'], options);
  }

  async destroy(options: RunOptions = {}): Promise<VagrantRun> {
    return this.run(['destroy', '-f', '--machine-readable'], options);
  }

  async boxAdd(name: string, file: string, options: RunOptions & { readonly force?: boolean } = {}): Promise<VagrantRun> {
    const args = ['box', 'add', '--name', name, ...(options.force === true ? ['--force'] : []), file, '--machine-readable'];
    return this.run(args, options);
  }

  async boxList(): Promise<VagrantBox[]> {
    const r = await this.run(['box', 'list', '--machine-readable']);
    return parseBoxList(r.stdout);
  }

  async boxRemove(name: string, options: RunOptions = {}): Promise<VagrantRun> {
    return this.run(['box', 'remove', name, '--force', '--all', '--machine-readable'], options);
  }

  /** Runs `vagrant ARGS`; throws VagrantError (classified) when it fails or cannot start. */
  async run(args: readonly string[], options: RunOptions = {}): Promise<VagrantRun> {
    const bin = this.options.vagrantBin ?? 'vagrant';
    const command = ['vagrant', ...args].join(' ');
    const started = performance.now();
    const child = execa(bin, args, {
      cwd: this.options.cwd,
      env: { ...QUIET_ENV, ...this.options.env },
      extendEnv: true,
      reject: false,
      all: true,
      stdin: 'ignore',
      timeout: options.timeoutMs ?? this.options.timeoutMs ?? 15 * 60_000,
      forceKillAfterDelay: 5000,
    });
    const onLine = options.onLine;
    if (onLine !== undefined) {
      const machine = args.includes('--machine-readable');
      const progress = new ProgressFilter(onLine);
      const take = (chunk: string): void => {
        for (const line of chunk.split('\n')) {
          if (machine) {
            for (const r of parseMachineReadable(line)) {
              if (r.type === 'ui' && r.data.length >= 2) progress.push(r.data.slice(1).join(','));
            }
          } else {
            progress.push(line);
          }
        }
      };
      let buffered = '';
      child.all.setEncoding('utf8');
      child.all.on('data', (c: string) => {
        buffered += c;
        const nl = buffered.lastIndexOf('\n');
        if (nl < 0) return;
        take(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      });
      child.all.on('end', () => {
        if (buffered !== '') take(buffered);
      });
    }
    const r = await child;
    const run: VagrantRun = {
      command,
      stdout: r.stdout,
      stderr: r.stderr,
      all: r.all,
      durationMs: performance.now() - started,
    };
    if (!r.failed) return run;
    const code = (r as { code?: string }).code ?? (r.cause as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') {
      throw new VagrantError(`vagrant is not installed: ${INSTALL_HINT}`, 'not-installed', command, '');
    }
    if (r.timedOut) {
      throw new VagrantError(`\`${command}\` did not finish within ${Math.round((options.timeoutMs ?? this.options.timeoutMs ?? 900_000) / 1000)} s`, 'failed', command, run.all);
    }
    const { kind, message } = classifyVagrantFailure(run.all !== '' ? run.all : `${run.stdout}\n${run.stderr}`, command);
    throw new VagrantError(message, kind, command, run.all);
  }
}

/**
 * Passes Vagrant's output lines on, collapsing progress bars ("Progress: 37%…", redrawn with
 * CR and ESC[K hundreds of times a second) to one line per 25 %.
 */
class ProgressFilter {
  readonly #onLine: (line: string) => void;
  #lastPercent = -1;

  constructor(onLine: (line: string) => void) {
    this.#onLine = onLine;
  }

  push(raw: string): void {
    // eslint-disable-next-line no-control-regex
    const segments = raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split('\r');
    for (const segment of segments) {
      const line = segment.trimEnd();
      if (line.trim() === '') continue;
      const p = /^\s*Progress: (\d+)%/.exec(line);
      if (p !== null) {
        const percent = Number(p[1]);
        const step = Math.floor(percent / 25);
        if (step <= Math.floor(this.#lastPercent / 25) && this.#lastPercent >= 0) continue;
        this.#lastPercent = percent;
        this.#onLine(line.trim());
        continue;
      }
      this.#lastPercent = -1;
      for (const l of line.split('\n')) if (l.trim() !== '') this.#onLine(l);
    }
  }
}
