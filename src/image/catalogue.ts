/**
 * A built lab image (lab/image/build.sh): where its files are and what its manifest says.
 * Pure file reading; nothing here starts a VM.
 */
import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** lab/build/<name>/manifest.json, as build.sh writes it. */
export interface ImageManifest {
  readonly name: string;
  /** Userland suite (always bookworm). */
  readonly suite: string;
  /** Suite the kernel package came from: bookworm, bullseye or trixie. */
  readonly kernelSuite: string;
  readonly kernelRelease: string;
  readonly kernelPackageVersion: string;
  readonly builtAt: string;
  /** "SHA256:…" of the sshd host key (ed25519), as `ssh-keygen -l` prints it. */
  readonly hostKeySha256: string;
  readonly cmdline: string;
  readonly packages: Readonly<Record<string, string>>;
}

export interface LabImage {
  readonly name: string;
  readonly dir: string;
  readonly disk: string;
  readonly kernel: string;
  readonly initrd: string;
  readonly privateKey: string;
  readonly manifest: ImageManifest;
  /** Changes with every build: snapshots made from another build are not reused. */
  readonly id: string;
}

export const DEFAULT_IMAGE = 'mountlab-bookworm';

/** The repository's lab/ directory. */
export function labDir(): string {
  return fileURLToPath(new URL('../../lab/', import.meta.url));
}

/** lab/build/<name>, or the directory itself when given a path. */
export function imageDir(nameOrDir: string): string {
  return isAbsolute(nameOrDir) || nameOrDir.includes('/') ? resolve(nameOrDir) : join(labDir(), 'build', nameOrDir);
}

/** The build command for an image name such as mountlab-trixie. */
export function buildCommand(name: string): string {
  const kernel = /^mountlab-(bookworm|bullseye|trixie)$/.exec(name)?.[1];
  return kernel === undefined || kernel === 'bookworm'
    ? 'npm run lab:image (lab/image/build.sh)'
    : `lab/image/build.sh --kernel ${kernel}`;
}

export async function loadImage(nameOrDir: string = DEFAULT_IMAGE): Promise<LabImage> {
  const dir = imageDir(nameOrDir);
  const files = {
    disk: join(dir, 'disk.qcow2'),
    kernel: join(dir, 'vmlinuz'),
    initrd: join(dir, 'initrd'),
    privateKey: join(dir, 'id_ed25519'),
    manifest: join(dir, 'manifest.json'),
  };
  const missing: string[] = [];
  for (const f of Object.values(files)) {
    try {
      await access(f);
    } catch {
      missing.push(f);
    }
  }
  if (missing.length > 0) {
    throw new Error(
      `the lab image in ${dir} is not built (missing ${missing.map((f) => f.slice(dir.length + 1)).join(', ')}). ` +
        `Build it with: ${buildCommand(basename(dir))}`,
    );
  }
  const text = await readFile(files.manifest, 'utf8');
  const manifest = parseManifest(text, files.manifest);
  return {
    name: manifest.name,
    dir,
    disk: files.disk,
    kernel: files.kernel,
    initrd: files.initrd,
    privateKey: files.privateKey,
    manifest,
    id: createHash('sha256').update(text).digest('hex').slice(0, 16),
  };
}

export function parseManifest(text: string, where: string): ImageManifest {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} is not valid JSON (${(err as Error).message}); rebuild the image`);
  }
  const fields = ['name', 'suite', 'kernelSuite', 'kernelRelease', 'kernelPackageVersion', 'builtAt', 'hostKeySha256', 'cmdline'];
  const record = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
  const bad = fields.filter((f) => typeof record[f] !== 'string' || record[f] === '');
  if (bad.length > 0 || typeof record.packages !== 'object' || record.packages === null) {
    throw new Error(`${where} lacks ${[...bad, ...(typeof record.packages === 'object' ? [] : ['packages'])].join(', ')}; rebuild the image`);
  }
  return m as ImageManifest;
}

/** e.g. "mountlab-bookworm-6.1 (2026-11-23)": Capabilities.image. */
export function describeImage(image: LabImage): string {
  return describeImageOf(image.name, image.manifest.kernelRelease, image.manifest.builtAt);
}

/** describeImage from a manifest's fields (the vagrant box carries the manifest, not the image). */
export function describeImageOf(name: string, kernelRelease: string, builtAt: string): string {
  const series = /^(\d+\.\d+)/.exec(kernelRelease)?.[1] ?? kernelRelease;
  return `${name}-${series} (${builtAt.slice(0, 10)})`;
}
