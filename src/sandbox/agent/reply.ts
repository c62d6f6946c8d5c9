import { MADE_HEADER, SECTIONS } from './script.ts';
import { WORK_DIR } from '../launch.ts';

/** One reply of the agent, cut into its parts (script.ts describes the framing). */
export interface AgentReply {
  readonly id: number;
  /** What bash's `wait` returned: the exit code, or 128+N for a signal death (status.ts tells which). */
  readonly waitStatus: number;
  /** 9 when the helper killed the command at its timeout, else 0 (script.ts). */
  readonly watchdogStatus: number;
  readonly stdout: string;
  readonly stderr: string;
  /** strace's lines since the previous reply: the markers of this command are among them. */
  readonly trace: string;
  /** The sandbox's /proc/self/mountinfo, read by the agent right after the command. */
  readonly mountinfo: string;
}

/** Where an agent runs, as its start script says before its first reply (script.ts, MADE_HEADER). */
export interface AgentHome {
  /** The work directory the start script made. */
  readonly workDir: string;
  /** A process in the agent's namespaces (a sandbox's init, or PID 1), as the machine sees it. */
  readonly pid: number;
  /** That process's /proc/PID/stat line, for its start time. */
  readonly stat: string;
}

/**
 * Takes whole replies off the front of the agent's output as it arrives. Bytes are kept as bytes
 * until a reply is complete, so a UTF-8 character split across chunks is decoded whole.
 */
export class ReplyReader {
  private buffered = Buffer.alloc(0);
  private readonly end: Buffer;

  /** `home`: called once with where the agent runs, which its start script says first. */
  constructor(private readonly nonce: string, private home?: (home: AgentHome) => void) {
    this.end = Buffer.from(`\n${nonce}:end\n`);
  }

  /** Adds a chunk; returns the replies it completed. */
  push(chunk: Buffer): AgentReply[] {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    if (this.home !== undefined && !this.takeHeader(this.home)) return [];
    const replies: AgentReply[] = [];
    for (;;) {
      const at = this.buffered.indexOf(this.end);
      if (at === -1) return replies;
      replies.push(this.parse(this.buffered.subarray(0, at + this.end.length)));
      this.buffered = this.buffered.subarray(at + this.end.length);
    }
  }

  /** Takes the header naming the agent's home off the front once it is whole; false until then. */
  private takeHeader(home: (home: AgentHome) => void): boolean {
    const head = Buffer.from(`${this.nonce}:${MADE_HEADER}\n`);
    const seen = this.buffered.subarray(0, head.length);
    if (!head.subarray(0, seen.length).equals(seen)) {
      throw new Error(`the sandbox agent answered before it said where it runs: ${JSON.stringify(this.buffered.subarray(0, 200).toString('utf8'))}`);
    }
    let at = head.length;
    const lines: string[] = [];
    for (let i = 0; i < 3; i++) {
      const nl = this.buffered.indexOf('\n', at);
      if (nl === -1) return false;
      lines.push(this.buffered.subarray(at, nl).toString('utf8'));
      at = nl + 1;
    }
    const [workDir = '', pidText = '', stat = ''] = lines;
    const pid = Number(pidText);
    if (!WORK_DIR.test(workDir) || !Number.isInteger(pid) || pid < 1) {
      throw new Error(`the sandbox agent said it runs somewhere unexpected: ${JSON.stringify(lines)}`);
    }
    this.buffered = this.buffered.subarray(at);
    this.home = undefined;
    home({ workDir, pid, stat });
    return true;
  }

  private parse(whole: Buffer): AgentReply {
    const headEnd = whole.indexOf('\n');
    const head = whole.subarray(0, headEnd).toString('utf8');
    const match = new RegExp(`^${this.nonce}:reply (\\d+) (\\d+) (\\d+)$`).exec(head);
    if (match === null) throw new Error(`the sandbox agent answered something unexpected: ${JSON.stringify(head.slice(0, 200))}`);
    const parts: string[] = [];
    let rest = whole.subarray(headEnd + 1);
    for (const section of SECTIONS) {
      const sep = Buffer.from(`\n${this.nonce}:${section}\n`);
      const at = rest.indexOf(sep);
      if (at === -1) throw new Error(`the sandbox agent's reply lacks its ${section} part`);
      parts.push(rest.subarray(0, at).toString('utf8'));
      rest = rest.subarray(at + sep.length);
    }
    const [stdout = '', stderr = '', trace = '', mountinfo = ''] = parts;
    return { id: Number(match[1]), waitStatus: Number(match[2]), watchdogStatus: Number(match[3]), stdout, stderr, trace, mountinfo };
  }
}
