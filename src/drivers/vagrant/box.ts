/** The vagrant box: its name, where Vagrant unpacks it, adding it from the lab image's file, its host key. */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeImageOf } from '../../image/catalogue.ts';
import type { VagrantCli } from './vagrant-cli.ts';
import { deleteBoxVolumes, unversionedBoxVolume } from './vagrant-libvirt.ts';

export const MOUNTLAB_BOX = 'mountlab/bookworm';

type Progress = ((line: string) => void) | undefined;

/** A box named mountlab/… is built here (lab/image/build.sh); any other is a public box. */
export function isMountlabBox(box: string): boolean {
  return box.startsWith('mountlab/');
}

/** Where Vagrant unpacks a box: VAGRANT_HOME/boxes/<name, / as -VAGRANTSLASH->/<version>/libvirt. */
export function boxDirectory(vagrantHome: string, box: string, version = '0'): string {
  return join(vagrantHome, 'boxes', box.replaceAll('/', '-VAGRANTSLASH-'), version, 'libvirt');
}

export interface BoxPlace {
  readonly box: string;
  /** Where to add it from (default: the lab image's mountlab.box for a mountlab box). */
  readonly boxFile: string | undefined;
  readonly labDir: string;
  readonly vagrantHome: string;
  /** The libvirt storage pool the box's volume is uploaded to. */
  readonly poolName: string;
}

/**
 * Adds the mountlab box from its file when it is missing, or when the file changed since it was
 * added (a new image build) and no machine uses the old one; drops the old box's pool volume.
 */
export async function ensureBox(cli: VagrantCli, where: BoxPlace, progress: Progress): Promise<void> {
  const { box, vagrantHome } = where;
  const boxFile = where.boxFile ?? (isMountlabBox(box) ? join(where.labDir, 'build', 'mountlab-bookworm', 'mountlab.box') : undefined);
  if (boxFile === undefined) return; // a public box: vagrant up downloads it
  const installed = (await cli.boxList()).some((b) => b.name === box && b.provider === 'libvirt');
  let fileStat: { size: number; mtimeMs: number } | null = null;
  try {
    const s = await stat(boxFile);
    fileStat = { size: s.size, mtimeMs: Math.round(s.mtimeMs) };
  } catch {
    if (installed) {
      progress?.(`vagrant: ${boxFile} is not there; using the box ${box} already added`);
      return;
    }
    throw new Error(
      `the vagrant box ${box} is not added and its file ${boxFile} does not exist: build the lab image first ` +
        `(lab/image/build.sh writes lab/build/mountlab-bookworm/mountlab.box), or set MOUNTLAB_VAGRANT_BOX to a public box ` +
        `(e.g. debian/bookworm64) where there is internet`,
    );
  }
  const stampFile = join(vagrantHome, 'mountlab-box-source.json');
  const stamp = JSON.stringify({ box, file: boxFile, ...fileStat });
  const previous = await readFile(stampFile, 'utf8').catch(() => '');
  if (!installed || previous.trim() !== stamp) {
    progress?.(
      installed
        ? `vagrant: ${boxFile} changed since the box was added; adding it again`
        : `vagrant: adding the box ${box} from ${boxFile} (~10 s)`,
    );
    await cli.boxAdd(box, boxFile, { force: installed });
    await mkdir(vagrantHome, { recursive: true });
    await writeFile(stampFile, `${stamp}\n`);
  }
  // vagrant-libvirt uploads the box into the pool as a volume named after box.img's mtime, and
  // never removes one: drop those of earlier copies of the box (no machine uses them now).
  const image = await stat(join(boxDirectory(vagrantHome, box), 'box.img')).catch(() => null);
  const current = image === null ? null : unversionedBoxVolume(box, image.mtimeMs);
  const deleted = await deleteBoxVolumes(where.poolName, box, current);
  if (deleted.length > 0) progress?.(`vagrant: removed ${deleted.length} pool volume(s) of earlier copies of the box`);
}

/** What the mountlab box's manifest.json (the lab image's, lab/image/build.sh) tells mountlab. */
export interface BoxManifest {
  /** "SHA256:…" of the sshd host key to pin. */
  readonly hostKeySha256: string;
  /** As Capabilities.image shows a lab image (describeImage); null when the manifest lacks a field it needs. */
  readonly description: string | null;
}

/** The mountlab box carries the image's manifest next to its key; it names the sshd host key to pin and the image. */
export async function boxManifest(identityFile: string, vagrantHome: string, box: string): Promise<BoxManifest> {
  const candidates = [join(dirname(identityFile), 'manifest.json'), join(boxDirectory(vagrantHome, box), 'manifest.json')];
  for (const file of candidates) {
    try {
      const m = JSON.parse(await readFile(file, 'utf8')) as Partial<Record<'hostKeySha256' | 'name' | 'kernelRelease' | 'builtAt', unknown>>;
      if (typeof m.hostKeySha256 !== 'string' || m.hostKeySha256 === '') continue;
      const { name, kernelRelease, builtAt } = m;
      const described = typeof name === 'string' && typeof kernelRelease === 'string' && typeof builtAt === 'string';
      return { hostKeySha256: m.hostKeySha256, description: described ? describeImageOf(name, kernelRelease, builtAt) : null };
    } catch {
      // try the next
    }
  }
  throw new Error(`the mountlab box has no manifest.json with hostKeySha256 (looked at ${candidates.join(', ')}): rebuild it with lab/image/build.sh`);
}
