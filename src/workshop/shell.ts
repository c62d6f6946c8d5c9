import { envArgv } from '../sandbox/environment.ts';
import { quoteWord } from '../shell/quote.ts';
import type { WorkshopSession } from './session.ts';
import { attach, terminalSize } from './terminal.ts';

/** What the learner asked for by leaving a shell: a prompt command, or just `exit` (undefined). */
export interface ShellExit {
  readonly request: string | undefined;
  /** The directory the shell was in when a prompt command ran, to start the next one there. */
  readonly cwd: string | undefined;
}

/**
 * Prompt commands of an exercise shell: each prints a request for mountlab (terminal.ts's REQUEST)
 * with the shell's directory, and leaves the shell; mountlab answers and starts a new shell in
 * the place asked for, in the same directory. Mounts live in the namespaces, not in the shell,
 * so nothing the learner mounted is lost.
 */
const PROMPT_COMMANDS = ['check', 'solution', 'sandbox', 'quit', 'window', 'help'];
const DEFINE = PROMPT_COMMANDS.map((c) => `${c}() { printf '\\033]5379;mountlab:%s;%s\\007' "${c} $*" "$PWD"; exec 2>/dev/null; exit 0; }`).join('\n');

/**
 * Opens an interactive bash (a real PTY over the target's transport) in the sandbox or in the
 * namespaces of a window's shell, and hands it this computer's terminal until it ends. A new
 * shell, not the window's own PTY: that one is typed into by the scenario's steps, with echo off
 * and markers around each command.
 */
export async function openShell(session: WorkshopSession, window: string | undefined, options: { promptCommands: boolean; cwd?: string }): Promise<ShellExit> {
  const name = window ?? 'sandbox';
  const start = [
    options.promptCommands ? `${DEFINE}\nexport -f ${PROMPT_COMMANDS.join(' ')}` : '',
    options.cwd === undefined ? '' : `cd ${quoteWord(options.cwd)} 2>/dev/null`,
    // a non-interactive bash (this -c) unsets PS1, so it is given to the interactive one here
    `exec env PS1=${quoteWord(`${name}# `)} bash --norc --noprofile -i`,
  ].join('\n');
  const shell = ['bash', '-c', start, 'bash'];
  const env = envArgv([`TERM=${process.env.TERM ?? 'xterm'}`]);
  const pty = await session.openPty([...env, ...(await session.shellArgv(window, shell))], terminalSize());
  const request = await attach(pty);
  if (request === undefined) return { request: undefined, cwd: undefined };
  const at = request.lastIndexOf(';');
  return { request: request.slice(0, at).trim(), cwd: request.slice(at + 1) };
}
