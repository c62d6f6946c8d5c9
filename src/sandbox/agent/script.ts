import { TRACED_SYSCALLS } from '../../errno/strace/index.ts';
import { quoteArgv, quoteWord } from '../../shell/quote.ts';
import { envArgv } from '../environment.ts';

/**
 * The resident agent: one bash inside the sandbox, traced once by `strace -f`, that runs the
 * scenario's commands one by one. Kept as shell text so it runs on any machine with bash (the lab
 * image, this computer) and can be read and run by hand.
 *
 * Protocol, on the agent's stdin/stdout (LC_ALL=C, so bash counts bytes):
 *   request: `RUN <id> <timeout seconds> <script length>\n<script>`
 *   reply:   `<nonce>:reply <id> <bash wait status> <watchdog status>\n` then, in one `cat`:
 *            stdout, `\n<nonce>:err\n`, stderr, `\n<nonce>:trace\n`, the trace written since the
 *            last reply, `\n<nonce>:mounts\n`, the sandbox's mountinfo, `\n<nonce>:end\n`.
 *
 * Around each command the agent calls chdir("/mountlab-agent/begin-<id>") and ".../end-<id>"
 * (they fail: no such directory); strace records them, so the calls between are that command's.
 * Each command is a job of its own (`set -m`: its own process group) with stdin from /dev/null,
 * stdout and stderr in files of the work directory (fd 7, reached through /proc/self/fd/7 from
 * inside the sandbox's mount namespace). A watchdog subshell, sleeping on `read -t` from a FIFO
 * nobody writes (fd 9), kills the command's process group with SIGKILL when it runs too long and
 * exits 9 to say so. fd 8 reads the trace file from where the last reply stopped.
 */
const AGENT = `set -m
unset SHLVL
nonce=$1
d=/proc/self/fd/7
while IFS=' ' read -r verb id secs len; do
  [ "$verb" = RUN ] || exit 0
  IFS= read -r -N "$len" script || exit 0
  exec 3>"$d/out" 4>"$d/err"
  cd "/mountlab-agent/begin-$id" 2>/dev/null
  bash -c "$script" </dev/null >&3 2>&4 3>&- 4>&- 7<&- 8<&- 9<&- &
  pid=$!
  ( if ! read -r -t "$secs" -u 9 _; then trap '' TERM; kill -KILL -- "-$pid"; exit 9; fi ) 3>&- 4>&- 7<&- 8<&- &
  watchdog=$!
  wait "$pid"; status=$?
  cd "/mountlab-agent/end-$id" 2>/dev/null
  kill "$watchdog" 2>/dev/null; wait "$watchdog"; watched=$?
  exec 3>&- 4>&-
  printf '%s:reply %s %s %s\\n' "$nonce" "$id" "$status" "$watched"
  cat "$d/out" "$d/sep.err" "$d/err" "$d/sep.trace" - "$d/sep.mounts" /proc/self/mountinfo "$d/sep.end" <&8
done`;

/** The syscall the agent's markers use; traced on top of TRACED_SYSCALLS, dropped from results. */
export const MARKER_SYSCALL = 'chdir';
export const MARKER_DIR = '/mountlab-agent';

/** The separators of a reply, in order (each preceded and followed by a newline). */
export const SECTIONS = ['err', 'trace', 'mounts', 'end'] as const;

/**
 * argv that starts the agent on the machine (run through the transport's streaming channel):
 * in `workDir`, make the separator files and the FIFO, then `env -i … strace -f … <enter> bash`.
 * `enter` puts it in the sandbox (nsenter …), or is empty for the root namespace.
 */
export function agentArgv(workDir: string, enter: readonly string[], nonce: string): string[] {
  const seps = SECTIONS.map((s) => `printf '\\n%s:${s}\\n' "$1" > sep.${s}`).join('\n');
  // No --seccomp-bpf: with it strace stops only through a seccomp filter of its own, and a
  // container's filter that answers SCMP_ACT_ERRNO takes precedence over strace's TRACE action
  // (seccomp(2), "action precedence"), so the very mount call a seccomp scenario judges is never
  // seen (lsm-denials' errnoRet scenario failed that way on the lab VM).
  const strace = ['strace', '-f', '-q', '-e', `trace=${[...TRACED_SYSCALLS, MARKER_SYSCALL].join(',')}`, '-o', 'agent.trace'];
  const start = `set -e
cd ${quoteWord(workDir)}
${seps}
rm -f never; mkfifo never
: > agent.trace
exec ${quoteArgv([...envArgv(), ...strace, ...enter, 'bash', '--norc', '--noprofile', '-c', AGENT, 'mountlab-agent'])} "$1" 7<. 8<agent.trace 9<>never 2>agent.log`;
  return ['sh', '-c', start, 'mountlab-agent-start', nonce];
}

/** The request that runs `script` with a timeout (bash's read -t takes fractional seconds). */
export function agentRequest(id: number, script: string, timeoutMs: number): Buffer {
  const body = Buffer.from(script, 'utf8');
  return Buffer.concat([Buffer.from(`RUN ${id} ${(timeoutMs / 1000).toFixed(3)} ${body.length}\n`), body]);
}
