/**
 * RAM snapshots of the booted lab VM: lab/build/<image>/snapshots/<spec>-<image id>/ holds
 * ram.bin (the migration stream: RAM and device state), disk.qcow2 (the overlay as it was at that
 * moment, over the image's disk) and meta.json, written last. Each run puts a fresh overlay over
 * disk.qcow2 and starts qemu with `-incoming "exec:cat ram.bin"`. The key holds accel, CPU, vCPUs,
 * memory and machine type (a TCG snapshot is never restored under KVM) and the image's build.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sshInto, ticker } from './boot.ts';
import type { LabImage } from '../../image/catalogue.ts';
import { specKey, type MachineSpec } from './qemu-command.ts';
import { pidAlive, privateDir } from './runs.ts';
import { QemuVm } from './vm.ts';

export interface RamSnapshot {
  readonly dir: string;
  readonly ram: string;
  readonly disk: string;
  /** The serial console of the boot the snapshot was taken from. */
  readonly console: string;
}

interface Meta {
  readonly imageId: string;
  readonly baseDisk: string;
  /** inode and mtime of the base disk: a rebuilt image (same path, new file) never matches. */
  readonly baseDiskId: string;
  readonly spec: MachineSpec;
  readonly savedAt: string;
  readonly bootMs: number;
}

export function snapshotDir(image: LabImage, spec: MachineSpec): string {
  return join(image.dir, 'snapshots', `${specKey(spec)}-${image.id}`);
}

export async function findSnapshot(image: LabImage, spec: MachineSpec): Promise<RamSnapshot | null> {
  const dir = snapshotDir(image, spec);
  const s = { dir, ram: join(dir, 'ram.bin'), disk: join(dir, 'disk.qcow2'), console: join(dir, 'console.log') };
  try {
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as Meta;
    const same =
      meta.imageId === image.id &&
      meta.baseDisk === image.disk &&
      meta.baseDiskId === (await diskId(image.disk)) &&
      specKey(meta.spec) === specKey(spec);
    return same && existsSync(s.ram) && existsSync(s.disk) ? s : null;
  } catch {
    return null;
  }
}

export async function discardSnapshot(image: LabImage, spec: MachineSpec): Promise<void> {
  await rm(snapshotDir(image, spec), { recursive: true, force: true });
}

/** The snapshot for image+spec, made now (one cold boot) when there is none. */
export async function ensureSnapshot(image: LabImage, spec: MachineSpec, progress?: (line: string) => void): Promise<RamSnapshot> {
  const found = await findSnapshot(image, spec);
  if (found !== null) return found;
  const release = await lock(`${snapshotDir(image, spec)}.lock`, progress);
  try {
    return (await findSnapshot(image, spec)) ?? (await makeSnapshot(image, spec, progress));
  } finally {
    await release();
  }
}

async function makeSnapshot(image: LabImage, spec: MachineSpec, progress?: (line: string) => void): Promise<RamSnapshot> {
  const dir = snapshotDir(image, spec);
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  progress?.(`no RAM snapshot of ${image.name} for ${specKey(spec)} yet: booting once to make one`);
  const baseDiskId = await diskId(image.disk);
  const vm = await QemuVm.launch({ spec, image, runDir: tmp, backingDisk: image.disk });
  try {
    const label = `booting lab VM (${spec.accel}) for its RAM snapshot`;
    const transport = await sshInto(vm, image, { timeoutMs: 300_000, label, ...(progress ? { progress } : {}) });
    // wait for the end of boot, so that every restored VM starts idle
    const tick = ticker('waiting for the boot to finish', progress);
    const r = await transport.exec(['systemctl', 'is-system-running', '--wait'], { timeoutMs: 180_000 });
    const bootMs = tick.stop();
    if (r.timedOut) throw new Error(`the lab VM did not finish booting: ${r.stdout}${r.stderr}`);
    // the guest's state is saved with no ssh connection open (slirp would keep a dead one)
    await transport.close();
    await new Promise((res) => setTimeout(res, 300));
    const saveTick = ticker('saving the RAM snapshot', progress);
    await vm.saveRam(join(tmp, 'ram.bin'));
    const saveMs = saveTick.stop();
    await vm.quit({ keep: 'all' });
    for (const f of ['qmp.sock', 'owner.json', 'qemu.log']) await rm(join(tmp, f), { force: true });
    const meta: Meta = { imageId: image.id, baseDisk: image.disk, baseDiskId, spec, savedAt: new Date().toISOString(), bootMs };
    await writeFile(join(tmp, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    progress?.(`RAM snapshot saved in ${(saveMs / 1000).toFixed(1)} s (${r.stdout.trim()}): ${dir}`);
    return { dir, ram: join(dir, 'ram.bin'), disk: join(dir, 'disk.qcow2'), console: join(dir, 'console.log') };
  } catch (err) {
    if (vm.exit === null) await vm.quit().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

async function diskId(path: string): Promise<string> {
  const st = await stat(path);
  return `${st.ino}-${Math.round(st.mtimeMs)}`;
}

/** A lock directory holding the owner's pid; a dead owner's lock is taken over. */
async function lock(path: string, progress?: (line: string) => void): Promise<() => Promise<void>> {
  await privateDir(join(path, '..'));
  let told = false;
  for (;;) {
    try {
      await mkdir(path, { mode: 0o700 });
      await writeFile(join(path, 'pid'), String(process.pid), { mode: 0o600 });
      return () => rm(path, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number(await readFile(join(path, 'pid'), 'utf8').catch(() => ''));
    if (owner > 0 && !pidAlive(owner)) {
      await rm(path, { recursive: true, force: true });
      continue;
    }
    if (!told) progress?.(`waiting for another mountlab process (pid ${owner}) to finish the RAM snapshot`);
    told = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}
