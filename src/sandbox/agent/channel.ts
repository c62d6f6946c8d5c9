import { spawn } from 'node:child_process';
import type { Transport } from '../../transport/types.ts';
import { LocalTransport } from '../../transport/local.ts';
import type { SshTransport } from '../../transport/ssh/index.ts';
import { quoteArgv } from '../../shell/quote.ts';

/** A long-lived process on the machine, spoken to over its stdin and stdout. */
export interface ByteChannel {
  write(data: Buffer): void;
  onData(listener: (chunk: Buffer) => void): void;
  /**
   * Called once when the process or the channel ends; `why` says how, for messages; `exitCode`
   * is the process's exit code (null: killed by a signal, or the channel gave none).
   */
  onClose(listener: (why: string, exitCode: number | null) => void): void;
  /** Closes stdin (the agent then exits) and lets go of the channel. */
  close(): void;
}

/**
 * Starts argv with its stdin and stdout kept open: a child process of this Node process on the
 * local target, an ssh2 exec channel over the lab VM's one connection. undefined for a transport
 * that offers neither (then the sandbox runs each command the old way).
 */
export async function openByteChannel(transport: Transport, argv: readonly string[]): Promise<ByteChannel | undefined> {
  if (transport instanceof LocalTransport) return localChannel(argv);
  // imported here: the local target need not load ssh2
  const ssh = await import('../../transport/ssh/index.ts');
  if (transport instanceof ssh.SshTransport) return sshChannel(transport, argv);
  return undefined;
}

function localChannel(argv: readonly string[]): ByteChannel {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('empty argv');
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  child.stdin.on('error', () => { /* the agent is gone; onClose says why */ });
  return {
    write: (data) => { child.stdin.write(data); },
    onData: (listener) => { child.stdout.on('data', listener); },
    onClose: (listener) => {
      child.once('close', (code, signal) => { listener(`it ended (${signal ?? `exit code ${String(code)}`}) ${stderr.trim()}`, signal === null ? code : null); });
    },
    close: () => { child.stdin.end(); },
  };
}

async function sshChannel(transport: SshTransport, argv: readonly string[]): Promise<ByteChannel> {
  const { openChannel } = await import('../../transport/ssh/open-channel.ts');
  const connection = transport.connection;
  const command = quoteArgv(argv.slice(0, 2));
  let stderr = '';
  const channel = await openChannel(connection, connection.wire(argv), undefined, command, 'while starting the sandbox agent', (ch) => {
    ch.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  });
  return {
    write: (data) => { channel.write(data); },
    onData: (listener) => { channel.on('data', listener); },
    // ssh2 gives 'close' the exit status as a child process's: (code) or (null, signal name, …)
    onClose: (listener) => { channel.once('close', (code: unknown) => { listener(`its ssh channel closed ${stderr.trim()}`, typeof code === 'number' ? code : null); }); },
    close: () => { channel.end(); },
  };
}
