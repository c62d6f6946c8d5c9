/** The long-lived `sh` behind ShellRunner: one exec channel whose output goes to the command in flight. */
import type { ClientChannel } from 'ssh2';
import type { SshConnection } from '../../src/transport/ssh/connection.ts';
import { openChannel } from '../../src/transport/ssh/open-channel.ts';

export interface ShellState {
  readonly channel: ClientChannel;
  stdoutLeftover: Buffer;
  stderrLeftover: Buffer;
  /** The command in flight: called with each stream's bytes and with the channel's end. */
  onStdout: ((b: Buffer) => void) | null;
  onStderr: ((b: Buffer) => void) | null;
  onEnd: ((why: string) => void) | null;
  dead: boolean;
}

/** Starts `sh` (behind sudo when the connection needs it); `command` is the one it is started for. */
export async function openShellChannel(connection: SshConnection, command: string): Promise<ShellState> {
  const wire = connection.sudo ? 'exec sudo -n -- sh' : 'exec sh';
  let state: ShellState | null = null;
  const early: { out: Buffer[]; err: Buffer[]; note: string; closed: boolean } = {
    out: [],
    err: [],
    note: 'sh ended',
    closed: false,
  };
  // Listeners go on at once: a shell that fails to start (sudo refusing) may exit in the same packet.
  const channel = await openChannel(connection, wire, undefined, command, 'while starting a shell for', (ch) => {
    ch.on('data', (b: Buffer) => {
      if (state === null) early.out.push(b);
      else if (state.onStdout) state.onStdout(b);
      else state.stdoutLeftover = Buffer.concat([state.stdoutLeftover, b]);
    });
    ch.stderr.on('data', (b: Buffer) => {
      if (state === null) early.err.push(b);
      else if (state.onStderr) state.onStderr(b);
      else state.stderrLeftover = Buffer.concat([state.stderrLeftover, b]);
    });
    ch.on('exit', (code: number | null, sig?: string) => {
      early.note = code !== null ? `sh exited with ${code}` : `sh killed by ${sig ?? '?'}`;
    });
    ch.on('close', () => {
      early.closed = true;
      if (state === null) return;
      state.dead = true;
      const tail = state.stderrLeftover.toString('utf8').trim();
      state.onEnd?.(early.note + (tail !== '' ? `: ${tail}` : ''));
    });
  });
  state = {
    channel,
    stdoutLeftover: Buffer.concat(early.out),
    stderrLeftover: Buffer.concat(early.err),
    onStdout: null,
    onStderr: null,
    onEnd: null,
    dead: early.closed,
  };
  return state;
}
