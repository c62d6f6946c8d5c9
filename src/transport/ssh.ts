/**
 * The ssh transport, as the rest of mountlab imports it: connectSsh() (ssh-connect.ts) opens one
 * ssh2 connection and hands back an SshTransport (ssh-transport.ts) over which every command runs.
 */
export type { ConnectOptions, HostKeyPolicy, SshEndpoint } from './ssh-endpoint.ts';
export { SshConnectError } from './ssh-connect-error.ts';
export type { SshConnectFailure } from './ssh-connect-error.ts';
export { connectSsh } from './ssh-connect.ts';
export { SshTransport } from './ssh-transport.ts';
