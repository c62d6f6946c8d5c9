/**
 * KVM or TCG. /dev/kvm existing proves nothing (on some hosts a KVM guest hangs at boot or qemu
 * aborts setting an MSR), so KVM is trusted only after the lab's own kernel, booted under KVM with
 * `mountlab.probe`, prints "mountlab-probe-ok" within a few seconds. The verdict is cached per
 * kernel of this computer and qemu version in lab/build/accel.json; MOUNTLAB_ACCEL=kvm|tcg skips the probe.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile, writeFile } from 'node:fs/promises';
import { release } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { lastLines } from '../shared/console.ts';
import { labDir } from '../../image/catalogue.ts';
import { trackQemu, untrackQemu } from './reaper.ts';

export type Accel = 'kvm' | 'tcg';
export type AccelRequest = Accel | 'auto';

export interface AccelChoice {
  readonly accel: Accel;
  /** Why, for the progress line: "KVM probe: guest did not boot within 8 s". */
  readonly reason: string;
}

export interface ProbeOptions {
  readonly qemu: string;
  readonly kernel: string;
  readonly initrd: string;
  readonly timeoutMs?: number;
  readonly progress?: (line: string) => void;
  /** Where the verdict is cached (default lab/build/accel.json); null: no cache. */
  readonly cacheFile?: string | null;
  /** The KVM device to check (default /dev/kvm); tests point it at a fake. */
  readonly kvmDevice?: string;
}

export function parseAccelRequest(value: string | undefined, where = 'MOUNTLAB_ACCEL'): AccelRequest {
  const v = (value ?? '').trim();
  if (v === '') return 'auto';
  if (v === 'auto' || v === 'kvm' || v === 'tcg') return v;
  throw new Error(`${where} must be kvm, tcg or auto, got "${v}"`);
}

export async function chooseAccel(requested: AccelRequest, options: ProbeOptions): Promise<AccelChoice> {
  if (requested !== 'auto') return { accel: requested, reason: 'as requested' };
  try {
    await access(options.kvmDevice ?? '/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return { accel: 'tcg', reason: 'no usable /dev/kvm' };
  }
  const cacheFile = options.cacheFile === undefined ? join(labDir(), 'build', 'accel.json') : options.cacheFile;
  const key = `${release()} ${await qemuVersion(options.qemu)}`;
  const cached = cacheFile === null ? null : await readCache(cacheFile, key);
  if (cached !== null) return { accel: cached.accel, reason: `${cached.reason} (cached in ${cacheFile})` };
  options.progress?.('probing KVM: booting the lab kernel under KVM…');
  const probe = await probeKvm(options);
  const choice: AccelChoice = probe.ok
    ? { accel: 'kvm', reason: `KVM probe booted in ${(probe.ms / 1000).toFixed(1)} s` }
    : { accel: 'tcg', reason: `KVM probe failed: ${probe.reason}` };
  if (cacheFile !== null) await writeFile(cacheFile, `${JSON.stringify({ key, ...choice }, null, 2)}\n`).catch(() => undefined);
  return choice;
}

async function qemuVersion(qemu: string): Promise<string> {
  const r = await execa(qemu, ['--version'], { reject: false });
  return /version (\S+)/.exec(r.stdout)?.[1] ?? 'unknown';
}

async function readCache(file: string, key: string): Promise<AccelChoice | null> {
  try {
    const c = JSON.parse(await readFile(file, 'utf8')) as { key?: string; accel?: string; reason?: string };
    if (c.key !== key || (c.accel !== 'kvm' && c.accel !== 'tcg')) return null;
    return { accel: c.accel, reason: c.reason ?? '' };
  } catch {
    return null;
  }
}

/** Boots the lab kernel under KVM to the initrd's probe line; ok=false on crash or timeout. */
export function probeKvm(options: ProbeOptions): Promise<{ ok: boolean; reason: string; ms: number }> {
  const timeoutMs = options.timeoutMs ?? 8000;
  const started = performance.now();
  const args = ['-accel', 'kvm', '-cpu', 'max', '-machine', 'q35', '-m', '256', '-smp', '1', '-nodefaults',
    '-no-user-config', '-display', 'none', '-vga', 'none', '-no-reboot', '-kernel', options.kernel, '-initrd',
    options.initrd, '-append', 'console=ttyS0 mountlab.probe panic=-1 quiet', '-serial', 'stdio'];
  return new Promise((resolve) => {
    const child = spawn(options.qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) trackQemu(child.pid);
    let out = '';
    let err = '';
    let done = false;
    const finish = (ok: boolean, reason: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (child.pid !== undefined) untrackQemu(child.pid);
      resolve({ ok, reason, ms: performance.now() - started });
    };
    const timer = setTimeout(() => {
      finish(false, `a KVM guest did not boot within ${timeoutMs / 1000} s (hangs on this computer)`);
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (out.includes('mountlab-probe-ok')) finish(true, 'ok');
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', (e) => {
      finish(false, e.message);
    });
    child.on('close', (code, signal) => {
      const why = lastLines(err, 2).join('; ');
      finish(false, `qemu ${signal !== null ? `killed by ${signal}` : `exited with ${String(code)}`}${why !== '' ? `: ${why}` : ''}`);
    });
  });
}
