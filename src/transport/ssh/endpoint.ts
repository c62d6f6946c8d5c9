/** What connectSsh() connects to, and how. */

export type HostKeyPolicy =
  /** "SHA256:base64", as `ssh-keygen -lf` prints it (the trailing '=' and the prefix are optional). */
  | { readonly pinnedSha256: string }
  /** Strict: the host must be listed (as `host`, or `[host]:port` off port 22) with this very key. */
  | { readonly knownHostsFile: string };

export interface SshEndpoint {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly privateKey: string | Buffer;
  readonly hostKey: HostKeyPolicy;
  /** wrap every command in `sudo -n --` (the login user is not root) */
  readonly sudo?: boolean;
  /** How to name the key in messages, e.g. its path. */
  readonly privateKeyName?: string;
}

export interface ConnectOptions {
  /** How long the TCP connect plus SSH handshake may take (default 20 s). */
  readonly readyTimeoutMs?: number;
  /** keep retrying refused/reset connections until this deadline (a VM still booting) */
  readonly retryForMs?: number;
  readonly onProgress?: (line: string) => void;
  /**
   * SSH keepalive period (default 5000 ms); the connection counts as lost after keepaliveCountMax
   * (default 6) unanswered. A VM that dies closes the socket and is noticed at once; keepalives
   * only catch a hung machine, and a TCG guest on a loaded 2-core host can stall for seconds.
   */
  readonly keepaliveIntervalMs?: number;
  /** default 6: a hung machine is noticed within about interval × (count + 1). */
  readonly keepaliveCountMax?: number;
}
