/**
 * What the vagrant target needs from libvirt before `vagrant up`, through `virsh`: libvirtd
 * answering, a storage pool in a directory mountlab owns (lab/vagrant/pool), and an isolated
 * network with STP off (a new bridge with STP on holds a VM's first DHCP request for ~4 s).
 * scripts/vagrant-setup.sh makes the same pool and network by hand.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export const LIBVIRT_URI = 'qemu:///system';

export interface LibvirtPool {
  readonly name: string;
  readonly dir: string;
}

export interface LibvirtNetwork {
  readonly name: string;
  /** e.g. "192.168.124.0/24"; the host side is .1, DHCP hands out .2–.254. */
  readonly cidr: string;
  /** At most 15 characters. */
  readonly bridge: string;
}

export class LibvirtError extends Error {
  override readonly name = 'LibvirtError';
  constructor(
    message: string,
    readonly kind: 'no-virsh' | 'libvirt-down' | 'failed',
  ) {
    super(message);
  }
}

export const START_LIBVIRT_HINT =
  'Start it: without systemd, as root `virtlogd -d && libvirtd -d`; with systemd `systemctl start libvirtd`; ' +
  'or run scripts/vagrant-setup.sh, which installs and starts what is missing (see docs/vagrant.md).';

export async function virsh(args: readonly string[], uri: string, timeoutMs = 30_000): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const r = await execa('virsh', ['-c', uri, ...args], { reject: false, timeout: timeoutMs, stdin: 'ignore' });
  const code = (r as { code?: string }).code ?? (r.cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    throw new LibvirtError('virsh is not installed: apt-get install libvirt-clients libvirt-daemon-system (see docs/vagrant.md)', 'no-virsh');
  }
  if (r.timedOut) {
    throw new LibvirtError(`virsh ${args.join(' ')} got no answer from libvirtd (${uri}) within ${timeoutMs / 1000} s. ${START_LIBVIRT_HINT}`, 'libvirt-down');
  }
  return { ok: !r.failed, stdout: r.stdout, stderr: r.stderr };
}

/** Throws LibvirtError('libvirt-down') with the way to start libvirtd when it does not answer. */
export async function checkLibvirt(uri: string = LIBVIRT_URI): Promise<string> {
  const r = await virsh(['version', '--daemon'], uri, 15_000);
  if (!r.ok) {
    const why = r.stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-2).join(' ');
    if (/Permission denied|authentication unavailable|not authorized/i.test(why)) {
      throw new LibvirtError(
        `libvirtd refused the connection to ${uri} (${why}). Run as root, or add your user to the libvirt group (adduser $USER libvirt, then log in again).`,
        'libvirt-down',
      );
    }
    throw new LibvirtError(`libvirtd is not answering on ${uri} (${why}). ${START_LIBVIRT_HINT}`, 'libvirt-down');
  }
  return /Running against daemon: (.*)/.exec(r.stdout)?.[1]?.trim() ?? r.stdout.trim();
}

/** Defines (if need be) and starts a `dir` storage pool at pool.dir. Returns what it did. */
export async function ensurePool(pool: LibvirtPool, uri: string = LIBVIRT_URI): Promise<string | null> {
  await mkdir(pool.dir, { recursive: true, mode: 0o755 });
  const info = await virsh(['pool-info', pool.name], uri);
  let did: string | null = null;
  if (!info.ok) {
    const def = await virsh(['pool-define-as', pool.name, 'dir', '--target', pool.dir], uri);
    if (!def.ok) throw new LibvirtError(`cannot define the libvirt storage pool ${pool.name} at ${pool.dir}: ${def.stderr.trim()}`, 'failed');
    did = `defined the libvirt storage pool ${pool.name} at ${pool.dir}`;
  } else {
    const path = await virsh(['pool-dumpxml', pool.name], uri);
    const target = /<target>\s*<path>([^<]*)<\/path>/.exec(path.stdout)?.[1];
    if (target !== undefined && target !== pool.dir) {
      // Another checkout's pool of the same name: use it rather than fail (volumes are per box and domain).
      did = `using the existing libvirt storage pool ${pool.name} at ${target}`;
    }
  }
  if (!/State:\s+running/.test(info.stdout)) {
    const start = await virsh(['pool-start', pool.name], uri);
    if (!start.ok && !/already active/.test(start.stderr)) {
      throw new LibvirtError(`cannot start the libvirt storage pool ${pool.name}: ${start.stderr.trim()}`, 'failed');
    }
  }
  return did;
}

/** The network's XML: isolated (no <forward>: the VM reaches only this computer), STP off, DHCP. */
export function networkXml(net: LibvirtNetwork): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.0\/24$/.exec(net.cidr);
  if (m === null) throw new Error(`the lab network must be an IPv4 /24 such as 192.168.124.0/24, got "${net.cidr}"`);
  const prefix = `${m[1] ?? ''}.${m[2] ?? ''}.${m[3] ?? ''}`;
  if (net.bridge.length > 15) throw new Error(`bridge name ${net.bridge} is longer than 15 characters`);
  return [
    '<network>',
    `  <name>${net.name}</name>`,
    `  <bridge name='${net.bridge}' stp='off' delay='0'/>`,
    `  <ip address='${prefix}.1' netmask='255.255.255.0'>`,
    `    <dhcp><range start='${prefix}.2' end='${prefix}.254'/></dhcp>`,
    '  </ip>',
    '</network>',
    '',
  ].join('\n');
}

/** Defines (if need be) and starts the lab network. Returns what it did, or null. */
export async function ensureNetwork(net: LibvirtNetwork, uri: string = LIBVIRT_URI): Promise<string | null> {
  const info = await virsh(['net-info', net.name], uri);
  let did: string | null = null;
  if (!info.ok) {
    const dir = await mkdtemp(join(tmpdir(), 'mountlab-net-'));
    try {
      const file = join(dir, 'network.xml');
      await writeFile(file, networkXml(net));
      const def = await virsh(['net-define', file], uri);
      if (!def.ok) throw new LibvirtError(`cannot define the libvirt network ${net.name}: ${def.stderr.trim()}`, 'failed');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    did = `defined the libvirt network ${net.name} (${net.cidr}, isolated, STP off)`;
  }
  if (!/Active:\s+yes/.test(info.stdout)) {
    const start = await virsh(['net-start', net.name], uri);
    if (!start.ok && !/already active/.test(start.stderr)) {
      throw new LibvirtError(`cannot start the libvirt network ${net.name}: ${start.stderr.trim()}`, 'failed');
    }
    did ??= `started the libvirt network ${net.name}`;
  }
  return did;
}

/** Volume names in a pool. */
export async function listVolumes(pool: string, uri: string = LIBVIRT_URI): Promise<string[]> {
  const r = await virsh(['vol-list', pool], uri);
  if (!r.ok) return [];
  return r.stdout
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n !== '');
}

export function boxVolumePrefix(boxName: string): string {
  return `${boxName.replaceAll('/', '-VAGRANTSLASH-')}_vagrant_box_image_`;
}

/**
 * The volume vagrant-libvirt 0.11 uploads a box added from a file (version 0) as: named after the
 * box image's mtime in seconds.
 */
export function unversionedBoxVolume(boxName: string, boxImageMtimeMs: number): string {
  return `${boxVolumePrefix(boxName)}0_${Math.floor(boxImageMtimeMs / 1000)}_box.img`;
}

/**
 * Deletes the pool volumes vagrant-libvirt uploaded for earlier copies of a box
 * (`<box with / as -VAGRANTSLASH->_vagrant_box_image_…`): re-adding a box under the same name
 * makes a new volume and leaves the old one (~400–700 MB) behind. Only call with no domain using
 * them; `keep` names the one to spare (the current box's).
 */
export async function deleteBoxVolumes(pool: string, boxName: string, keep: string | null = null, uri: string = LIBVIRT_URI): Promise<string[]> {
  const prefix = boxVolumePrefix(boxName);
  const deleted: string[] = [];
  for (const vol of await listVolumes(pool, uri)) {
    if (!vol.startsWith(prefix) || vol === keep) continue;
    const r = await virsh(['vol-delete', '--pool', pool, vol], uri);
    if (r.ok) deleted.push(vol);
  }
  return deleted;
}
