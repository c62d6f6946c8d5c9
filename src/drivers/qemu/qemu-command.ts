/**
 * The lab VM's qemu command line. Everything that must be identical between saving a RAM
 * snapshot and restoring it lives in MachineSpec (and the image); per-run paths and the ssh port
 * may differ.
 */
import type { Accel } from './accel.ts';
import type { LabImage } from '../../image/catalogue.ts';
import { quoteWord } from '../../shell/quote.ts';

export interface MachineSpec {
  readonly accel: Accel;
  /** qemu64 under TCG (the fastest to emulate), max under KVM. */
  readonly cpu: string;
  readonly cpus: number;
  readonly memoryMiB: number;
  readonly machine: string;
}

export function machineSpec(accel: Accel, overrides: Partial<Omit<MachineSpec, 'accel'>> = {}): MachineSpec {
  return {
    accel,
    cpu: overrides.cpu ?? (accel === 'kvm' ? 'max' : 'qemu64'),
    cpus: overrides.cpus ?? 2,
    memoryMiB: overrides.memoryMiB ?? 1024,
    machine: overrides.machine ?? 'q35',
  };
}

/** e.g. "tcg-qemu64-2cpu-1024M-q35": part of a RAM snapshot's key. */
export function specKey(spec: MachineSpec): string {
  return `${spec.accel}-${spec.cpu}-${spec.cpus}cpu-${spec.memoryMiB}M-${spec.machine}`;
}

export interface RunPaths {
  /** The run's qcow2 overlay. */
  readonly disk: string;
  readonly consoleLog: string;
  readonly qmpSocket: string;
  readonly sshPort: number;
  /** A RAM snapshot to resume from (`-incoming "exec:cat FILE"`). */
  readonly incoming?: string;
}

/** qemu option values: a comma inside a value is written twice. */
function v(value: string): string {
  return value.replaceAll(',', ',,');
}

export function qemuArgs(spec: MachineSpec, image: LabImage, run: RunPaths): string[] {
  const args = [
    // the process shows as qemu-mountlab in ps/top (comm is at most 15 characters)
    '-name', `${image.name},process=qemu-mountlab`,
    '-accel', spec.accel,
    '-machine', spec.machine,
    '-cpu', spec.cpu,
    '-smp', String(spec.cpus),
    '-m', String(spec.memoryMiB),
    '-nodefaults', '-no-user-config', '-display', 'none', '-vga', 'none',
    '-kernel', image.kernel,
    '-initrd', image.initrd,
    '-append', image.manifest.cmdline,
    '-drive', `file=${v(run.disk)},if=virtio,format=qcow2,cache=unsafe`,
    // restrict=on: the guest reaches nothing outside; only the forwarded ssh port reaches it
    '-netdev', `user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:${run.sshPort}-:22`,
    '-device', 'virtio-net-pci,netdev=net0',
    '-device', 'virtio-rng-pci',
    // append: a resumed VM's log starts with the snapshot's boot log (see QemuVm.launch)
    '-chardev', `file,id=console0,path=${v(run.consoleLog)},append=on`,
    '-serial', 'chardev:console0',
    '-qmp', `unix:${v(run.qmpSocket)},server=on,wait=off`,
    // a guest reboot or panic (panic=1) ends qemu instead of booting again
    '-no-reboot',
  ];
  if (run.incoming !== undefined) args.push('-incoming', `exec:cat ${quoteWord(run.incoming)}`);
  return args;
}
