/**
 * The ssh transport, as the rest of mountlab imports it: connectSsh() (connect.ts) opens one
 * ssh2 connection and hands back an SshTransport (transport.ts) over which every command runs.
 */
export type { ConnectOptions, HostKeyPolicy, SshEndpoint } from './endpoint.ts';
export { SshConnectError } from './connect-error.ts';
export type { SshConnectFailure } from './connect-error.ts';
export { connectSsh } from './connect.ts';
export { SshTransport } from './transport.ts';
