import { createInterface } from 'node:readline/promises';
import type { PtyChannel } from '../transport/types.ts';

/**
 * A request from the learner's shell to mountlab: an OSC sequence (ECMA-48 "operating system
 * command", which terminals that do not know it ignore) printed by the prompt commands of
 * shell.ts, e.g. ESC ] 5379 ; mountlab:check;/tmp BEL.
 */
const REQUEST = new RegExp(`${String.fromCharCode(0x1b)}\\]5379;mountlab:([^${String.fromCharCode(7)}]*)${String.fromCharCode(7)}`);

export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Asks one line of this computer's terminal (cooked mode, with line editing). */
export async function ask(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // readline takes Ctrl-C for itself; pass it on to the handler that ends the sandbox (machine/registry.ts)
  rl.on('SIGINT', () => { process.kill(process.pid, 'SIGINT'); });
  try {
    return await rl.question(prompt);
  } finally {
    rl.close();
  }
}

/**
 * Hands this computer's terminal to a PTY on the machine: keys go to it raw, what it prints comes
 * back, until its shell exits. A request from a prompt command (see REQUEST) hangs the PTY up (a
 * nested shell, `unshare -m bash`, goes with it) and is returned.
 */
export function attach(pty: PtyChannel): Promise<string | undefined> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    let recent = '';
    let request: string | undefined;
    const forward = (data: Buffer) => { pty.write(data.toString('utf8')); };
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.on('data', forward);
    stdin.resume();
    pty.onData((chunk) => {
      process.stdout.write(chunk);
      recent = (recent + chunk).slice(-4096);
      const m = REQUEST.exec(recent);
      if (m !== null && request === undefined) {
        request = m[1];
        pty.close();
      }
    });
    pty.onExit(() => {
      stdin.off('data', forward);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      resolve(request);
    });
  });
}

/** The size of this computer's terminal, for a PTY that fills it. */
export function terminalSize(): { cols: number; rows: number } {
  return process.stdout.isTTY ? { cols: process.stdout.columns, rows: process.stdout.rows } : { cols: 100, rows: 30 };
}
