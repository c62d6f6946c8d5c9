/** Opening a session channel on the connection, within OpenSSH's MaxSessions. */
import type { ClientChannel, ExecOptions as ExecChannelOptions } from 'ssh2';
import type { LossHandler, SshConnection } from './connection.ts';

/**
 * Opens a session channel running `wire`, within OpenSSH's MaxSessions: waits for a free slot,
 * and retries while sshd still refuses ("open failed") because it has not yet let go of
 * channels we already saw close. The slot is given back when the channel closes.
 */
export async function openChannel(
  connection: SshConnection,
  wire: string,
  options: ExecChannelOptions | undefined,
  command: string,
  when: string,
  attach: (channel: ClientChannel) => void,
): Promise<ClientChannel> {
  for (let attempt = 1; ; attempt++) {
    await connection.acquireSlot(command, when);
    try {
      return await openChannelOnce(connection, wire, options, command, when, (channel) => {
        channel.once('close', () => {
          connection.releaseSlot();
        });
        attach(channel);
      });
    } catch (err) {
      connection.releaseSlot();
      // OpenSSH answers "open failed" (reason CONNECT_FAILED) when its session table is full.
      const refused = (err as { sessionsFull?: boolean }).sessionsFull === true;
      if (!refused || attempt >= 200) throw err;
      await new Promise((r) => setTimeout(r, Math.min(2 * attempt, 50)));
    }
  }
}

/**
 * `attach` runs inside ssh2's callback, before anything else: ssh2 parses every packet of a
 * socket read in one go, so a quick command's exit status and close can be emitted before a
 * listener added after an await would exist.
 */
function openChannelOnce(
  connection: SshConnection,
  wire: string,
  options: ExecChannelOptions | undefined,
  command: string,
  when: string,
  attach: (channel: ClientChannel) => void,
): Promise<ClientChannel> {
  return new Promise<ClientChannel>((resolve, reject) => {
    let settled = false;
    const onLoss: LossHandler = (reason) => {
      settled = true;
      reject(connection.lostError(reason, command, when));
    };
    if (!connection.watch(onLoss)) return;
    const callback = (err: (Error & { reason?: unknown }) | undefined, channel: ClientChannel): void => {
      connection.unwatch(onLoss);
      if (settled) {
        if (!err) channel.close();
        return;
      }
      settled = true;
      if (!err) {
        attach(channel);
        resolve(channel);
        return;
      }
      if (connection.downReason !== null) {
        reject(connection.lostError(connection.downReason, command, when));
        return;
      }
      const e = new Error(`ssh ${connection.hostPort}: cannot open a channel for \`${command}\`: ${err.message}`);
      reject(Object.assign(e, { sessionsFull: /: open failed$/.test(err.message) }));
    };
    try {
      if (options === undefined) connection.client.exec(wire, callback);
      else connection.client.exec(wire, options, callback);
    } catch (err) {
      // ssh2 throws at once when the socket is already gone.
      queueMicrotask(() => {
        callback(err instanceof Error ? err : new Error(String(err)), undefined as unknown as ClientChannel);
      });
    }
  });
}
