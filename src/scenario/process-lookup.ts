import type { Transport } from '../transport/types.ts';
import type { ProcessKind } from './place.ts';

/** How to find each kind's main process: the command that shows it, how to read the PID, how to start one. */
const PROCESS_LOOKUP: Readonly<Record<ProcessKind, { argv: (name: string) => string[]; pid: (shown: string) => number; start: (name: string) => string }>> = {
  unit: {
    argv: (name) => ['systemctl', 'show', '--property=MainPID', '--value', name],
    pid: (shown) => Number(shown),
    start: (name) => `When I run "systemd-run --unit=${name} -p PrivateTmp=yes sleep infinity"`,
  },
  container: {
    argv: (name) => ['runc', 'state', name],
    pid: (shown) => Number((/"pid":\s*(\d+)/.exec(shown) ?? [])[1]),
    start: (name) => `When I run "systemd-run --unit=${name} --working-directory=BUNDLE runc run ${name}"`,
  },
  'docker container': {
    argv: (name) => ['docker', 'inspect', '--format', '{{.State.Pid}}', name],
    pid: (shown) => Number(shown),
    start: (name) => `When I run "docker run -d --name ${name} ubuntu sleep 1000"`,
  },
};

/**
 * The PID (as the machine sees it) of a unit's main process or a container's init. Units are
 * asked of the machine's systemd; runc and docker are asked from inside the sandbox (`enter`).
 */
export async function mainPid(transport: Transport, enter: readonly string[], kind: ProcessKind, name: string): Promise<number> {
  const lookup = PROCESS_LOOKUP[kind];
  const argv = kind === 'unit' ? lookup.argv(name) : [...enter, ...lookup.argv(name)];
  const shown = await transport.exec(argv, { timeoutMs: 30_000 });
  const text = shown.stdout.trim();
  const pid = lookup.pid(text);
  if (shown.failed || !Number.isInteger(pid) || pid <= 0) {
    const hint = `is it running? Start it detached, e.g. ${lookup.start(name)}`;
    throw new Error(`${kind} "${name}" has no running process (${argv.join(' ')}: ${JSON.stringify(text)} ${shown.stderr.trim()}): ${hint}`);
  }
  return pid;
}
