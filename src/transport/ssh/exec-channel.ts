/** Running one command over its own exec channel: exact, concurrent, with stdin and timeouts. */
import type { CommandResult } from '../../command/result.ts';
import { quoteArgv } from '../../shell/quote.ts';
import { ChannelOutput } from './channel-output.ts';
import type { SshConnection } from './connection.ts';
import { openChannel } from './open-channel.ts';
import { execOutputCap, type ExecOptions } from '../types.ts';

export async function execViaChannel(
  connection: SshConnection,
  argv: readonly string[],
  options: ExecOptions = {},
): Promise<CommandResult> {
  const command = quoteArgv(argv);
  if (argv.length === 0) throw new Error('exec: empty argv');
  const started = performance.now();
  const timeoutMs = options.timeoutMs;
  // With a timeout, the login shell first tells us its pid on stderr: sshd made it a session
  // leader, so that is the command's process group, which we can then kill even behind sudo.
  const wire = timeoutMs === undefined ? connection.wire(argv) : `echo $$ >&2; exec ${connection.wire(argv)}`;
  const output = new ChannelOutput(timeoutMs !== undefined, execOutputCap(options));
  const channel = await openChannel(connection, wire, undefined, command, 'while running', (ch) => {
    output.attach(ch);
  });
  return new Promise<CommandResult>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const settle = connection.settleOnce(command, reject, () => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
    });
    if (settle === null) return;
    void output.closed.then(() => {
      settle(() => {
        const exitCode = timedOut ? null : output.exitCode;
        const signal = timedOut ? 'SIGKILL' : output.signal;
        resolve({
          command,
          exitCode,
          signal,
          stdout: Buffer.concat(output.stdout).toString('utf8'),
          stderr: Buffer.concat(output.stderr).toString('utf8'),
          durationMs: performance.now() - started,
          failed: timedOut || signal !== null || exitCode !== 0,
          timedOut,
        });
      });
    });
    if (options.stdin !== undefined) channel.end(options.stdin);
    else channel.end();
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        // sshd (OpenSSH >= 7.9) kills the session's process group as the login user...
        channel.signal('KILL');
        // ...which cannot reach root processes behind sudo: kill the group from a second channel.
        if (output.pid !== null) killGroup(connection, output.pid);
        channel.close();
        // Resolve even if sshd never confirms the close.
        graceTimer = setTimeout(() => {
          output.markClosed();
        }, 2000);
      }, timeoutMs);
    }
  });
}

/** Best effort: SIGKILL a timed-out command's process group (as root through sudo if need be). */
function killGroup(connection: SshConnection, pgid: number): void {
  const argv = ['kill', '-KILL', '--', `-${pgid}`];
  openChannel(connection, connection.wire(argv), undefined, quoteArgv(argv), 'while running', (ch) => {
    ch.on('data', () => undefined);
    ch.stderr.on('data', () => undefined);
  }).then(
    (ch) => {
      ch.end();
    },
    () => undefined,
  );
}
