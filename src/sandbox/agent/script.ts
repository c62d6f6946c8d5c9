import { TRACED_SYSCALLS } from '../../errno/strace/index.ts';
import { quoteArgv } from '../../shell/quote.ts';
import { envArgv } from '../environment.ts';
import { END_SANDBOX_FUNCTION, LAUNCH_STEPS, WORK_DIR_TEMPLATE } from '../launch.ts';
import { START_TIME_FUNCTION } from '../identity.ts';

/**
 * The resident agent: two bash processes inside the sandbox, started once, that run the
 * scenario's commands one by one. Kept as shell text so it runs on any machine with bash (the lab
 * image, this computer) and can be read and run by hand.
 *
 * - The runner (RUNNER), traced once by `strace -f`, starts each command and waits for it. It
 *   forks nothing else, so the trace holds the commands and little of mountlab's own.
 * - The helper (HELPER), not traced, speaks to mountlab over stdin/stdout, hands the runner each
 *   command, ends a command that runs too long, and writes the reply, reading the files with
 *   bash's `read` builtin (a process costs ~50 ms on the lab VM under TCG). Nothing it does
 *   costs strace stops; a traced fork and exec costs several milliseconds.
 *
 * Protocol with mountlab, on the helper's stdin/stdout (LC_ALL=C, so bash counts bytes):
 *   request: `RUN <id> <timeout seconds> <script length>\n<script>`
 *   reply:   `<nonce>:reply <id> <bash wait status> <watchdog status>\n` then, read by bash's
 *            `read` builtin (`cat` for a file with a NUL or over 1 MiB), no process started:
 *            stdout, `\n<nonce>:err\n`, stderr, `\n<nonce>:trace\n`, the trace written since the
 *            last reply, `\n<nonce>:mounts\n`, the sandbox's mountinfo, `\n<nonce>:end\n`.
 *   The watchdog status is 9 when the helper killed the command for its timeout, else 0.
 *   Once the runner is up, the helper sends reply 0 (no command; the mount table as it starts).
 *   A timeout that fires while the runner's DONE line is half read keeps the half (bash's read -t
 *   does), and the rest is read after the kill.
 *
 * Between helper and runner, two FIFOs of the work directory: `run` (helper to runner: `RUN <id>
 * <length>`, the script itself in the file `script`) and `done` (runner to helper: `STARTED <id>
 * <pid>`, then `DONE <id> <wait status>`). The runner exits at end-of-file when the helper ends.
 * A runner that ends gives the helper end-of-file (the helper reads `done` only, once the runner
 * is up); one that does not start within RUNNER_UP_TIMEOUT_S (no strace, say) is given up on.
 * Either way the helper exits with the end of the runner's log, which mountlab shows.
 *
 * Around each command the runner calls chdir("/mountlab-agent/begin-<id>") and ".../end-<id>"
 * (they fail: no such directory); strace records them, so the calls between are that command's.
 * Each command is a job of its own (`set -m`: its own process group) with stdin from /dev/null,
 * stdout and stderr in files it opens in the work directory (fd 7, reached through /proc/self/fd/7 from
 * inside the sandbox's mount namespace). When it runs too long, the helper kills its process
 * group with SIGKILL. fd 8 of the helper reads the trace file from where the last reply stopped.
 */
/**
 * The runner's loop. Each command runs in a subshell of the runner (a fork, no exec) that
 * evaluates it: a traced exec of bash costs ~12 ms here and ~100 ms on the lab VM under TCG. It
 * reads as `bash -c` would run it: $0 is bash, SHLVL 1, no positional parameters, the runner's
 * own variables gone but one, job control off (so its background jobs share its process group),
 * and bash's messages name the same lines, since the loop is all on line 1 of the runner
 * (`bash: line 2: nosuch: command not found`). What a subshell cannot fake goes to `bash -c`:
 * `$$` and `$PPID` (the subshell's would be the runner's). Left different: a syntax error says
 * `bash: eval: line 1:` where bash -c says `bash: -c: line 1:`, and BASH_SUBSHELL is 1.
 */
const RUNNER_STATEMENTS = [
  'set -m;',
  'unset SHLVL;',
  'd=/proc/self/fd/7;',
  // fd 5 reads `run`, stdout writes `done`, stderr goes nowhere (the markers' and bash's job
  // notices), fd 9 to agent.log. Opened here, inside the sandbox: see agentStart.
  'exec 5<"$d/run" >"$d/done" 9>&2 2>/dev/null;',
  'echo UP;',
  "while IFS=' ' read -r -u 5 verb id len; do",
  '[ "$verb" = RUN ] || exit 0;',
  'script=();',
  'mapfile -d \'\' -t script < "$d/script" || { echo "command $id: could not read its script $d/script" >&9; exit 3; };',
  'if [ "${#script[0]}" != "$len" ]; then echo "command $id: read ${#script[0]} of $len bytes of its script" >&9; exit 3; fi;',
  'cd "/mountlab-agent/begin-$id";',
  "if [[ ${script[0]-} == *'$$'* || ${script[0]-} == *'${$}'* || ${script[0]-} == *PPID* ]]; then",
  'bash -c "${script[0]-}" </dev/null >"$d/out" 2>"$d/err" 5<&- 7<&- 9>&- &',
  'else',
  '( set +m; mountlab_script=${script[0]-}; unset verb id len script status d; export SHLVL=1; eval "$mountlab_script" ) </dev/null >"$d/out" 2>"$d/err" 5<&- 7<&- 9>&- &',
  'fi;',
  'echo "STARTED $id $!";',
  'wait "$!"; status=$?;',
  'cd "/mountlab-agent/end-$id";',
  'echo "DONE $id $status";',
  'done',
];
const RUNNER = RUNNER_STATEMENTS.join(' ');

/** How long the helper waits for the runner's first line (strace, nsenter and bash starting). */
const RUNNER_UP_TIMEOUT_S = 45;

const HELPER = `unset SHLVL
trap '' PIPE
nonce=$1
d=/proc/self/fd/7
fail() { echo "$1" >&2; exit 3; }
gone() { fail "its traced runner ended: $(tail -n 5 "$d/agent.log" 2>/dev/null)"; }
# A file's bytes with no process started (read -d '' stops at a NUL, -n at 1 MiB: both go to cat).
emit() { local c; if IFS= read -r -d '' -n 1048576 c < "$1"; then cat -- "$1"; else printf '%s' "$c"; fi; }
# The trace written since the last reply (fd 8 keeps its place; strace writes no NUL).
emit_trace() { local c; if IFS= read -r -d '' -n 1048576 c <&8; then printf '%s' "$c"; cat <&8; else printf '%s' "$c"; fi; }
reply() { # ID WAIT_STATUS WATCHDOG_STATUS
  printf '%s:reply %s %s %s\\n' "$nonce" "$1" "$2" "$3"
  emit "$d/out"; printf '\\n%s:err\\n' "$nonce"; emit "$d/err"; printf '\\n%s:trace\\n' "$nonce"; emit_trace
  printf '\\n%s:mounts\\n' "$nonce"; emit /proc/self/mountinfo; printf '\\n%s:end\\n' "$nonce"
}
# Read and write, so neither open waits for the runner (agentStart); once the runner is up, \`done\`
# is opened again for reading only, so that the runner's end gives end-of-file.
exec 5<>"$d/run" 6<>"$d/done" || fail "could not open the FIFOs in $d"
IFS= read -r -t ${RUNNER_UP_TIMEOUT_S} -u 6 _ || fail "its traced runner did not start within ${RUNNER_UP_TIMEOUT_S} s: $(tail -n 5 "$d/agent.log" 2>/dev/null)"
exec 6<"$d/done"
reply 0 0 0
while IFS=' ' read -r verb id secs len; do
  [ "$verb" = RUN ] || exit 0
  IFS= read -r -N "$len" script || exit 0
  printf '%s' "$script" > "$d/script" || fail "could not write command $id to $d/script"
  echo "RUN $id $len" >&5 || gone
  IFS=' ' read -r -u 6 _ _ pid || gone
  watched=0
  IFS= read -r -t "$secs" -u 6 line; waited=$?
  if [ "$waited" -gt 128 ]; then
    kill -KILL -- "-$pid" 2>/dev/null
    IFS= read -r -t 10 -u 6 rest || fail "command $id (PID $pid) did not end within 10 s of SIGKILL at its timeout"
    line=$line$rest
    watched=9
  elif [ "$waited" -ne 0 ]; then
    gone
  fi
  reply "$id" "\${line##* }" "$watched"
done
# end-of-file: mountlab is done with the sandbox (or gone), and the start script may end it
exit 0`;

/** The syscall the agent's markers use; traced on top of TRACED_SYSCALLS, dropped from results. */
export const MARKER_SYSCALL = 'chdir';
export const MARKER_DIR = '/mountlab-agent';

/** The separators of a reply, in order (each preceded and followed by a newline). */
export const SECTIONS = ['err', 'trace', 'mounts', 'end'] as const;

/**
 * The agent's start, as bash text run by sandboxAgentArgv and rootAgentArgv once they have set
 * `dir` (a work directory they just made), `nonce`, the array `enter` (nsenter … into the sandbox,
 * or empty for the root namespace) and the function `teardown`: in $dir, make the separator files
 * and the FIFOs, start the runner (`env -i … strace -f … <enter> bash`) and run the helper
 * (`env -i … <enter> bash`). Once the helper has ended at end-of-file on its stdin, run
 * `teardown`: ending a sandbox costs no process of its own (a spawn blocks the Node process
 * ~17 ms on this project's machine).
 * Runner and helper open the FIFOs themselves, inside the sandbox, and only the runner's opens
 * wait (the helper opens both for reading and writing): an open of a FIFO waits for its other
 * end, and one made before entering the sandbox, by a process whose partner was gone (a Ctrl-C
 * between the two starts), waited for good outside it, where ending the sandbox cannot reach.
 * A helper that failed (its runner died, a command outlived its SIGKILL) leaves the sandbox as it
 * is, for the scenario's report to read and for mountlab's own teardown. The script exits 0 only
 * when the helper ended at end-of-file and the teardown succeeded (set -e ends it with a failing
 * teardown's status).
 */
function agentStart(): string {
  // No --seccomp-bpf: with it strace stops only through a seccomp filter of its own, and a
  // container's filter that answers SCMP_ACT_ERRNO takes precedence over strace's TRACE action
  // (seccomp(2), "action precedence"), so the very mount call a seccomp scenario judges is never
  // seen (lsm-denials' errnoRet scenario failed that way on the lab VM).
  const strace = ['strace', '-f', '-q', '-e', `trace=${[...TRACED_SYSCALLS, MARKER_SYSCALL].join(',')}`, '-o', 'agent.trace'];
  const bash = (script: string, name: string): string => quoteArgv(['bash', '--norc', '--noprofile', '-c', script, name]);
  return `cd "$dir"
mkfifo run done
: > out; : > err
: > agent.trace
${quoteArgv([...envArgv(), ...strace])} "\${enter[@]}" ${bash(RUNNER, 'bash')} 7<. >/dev/null 2>agent.log &
status=0
${quoteArgv(envArgv())} "\${enter[@]}" ${bash(HELPER, 'mountlab-agent')} "$nonce" 7<. 8<agent.trace || status=$?
[ "$status" -eq 0 ] || exit "$status"
cd /
teardown`;
}

/** The line before the agent's first reply, naming where it runs (sandboxAgentArgv, rootAgentArgv). */
export const MADE_HEADER = 'made';

/** Says where the agent will run, before its first reply: `<nonce>:made\n<work directory>\n<PID>\n<its /proc/PID/stat>\n`. */
const PRINT_MADE = `printf '%s:${MADE_HEADER}\\n%s\\n%s\\n%s\\n' "$nonce" "$dir" "$outer" "$stat"`;

/**
 * Until the header names the sandbox, mountlab cannot end it. So a start that stops before then
 * ends what it made itself (an EXIT trap, removed with the others once the header is out). Ctrl-C, SIGTERM and a hangup are caught meanwhile (on
 * this computer the script is in mountlab's process group, so Ctrl-C reaches both), not
 * ignored, so the commands it starts get them as usual. A caught signal lets the launch go on:
 * the sandbox is named as usual and ended by mountlab, or, when mountlab is gone, by the agent at
 * end-of-file on its stdin; a header that cannot be written (mountlab gone: EPIPE) makes the trap
 * end the ready init by identity (END_SANDBOX_FUNCTION); when one of the launch's own commands
 * died of the signal (set -e), the trap undoes the launch (launch.ts's abandon_launch). The trap
 * itself ignores further signals and runs without set -e, so a second Ctrl-C cannot cut it short.
 */
const ABANDON_UNNAMED = `abandon_unnamed() {
  if [ -n "\${started-}" ]; then end_sandbox "$outer" "$started" "$dir"
  elif [ -n "\${launcher-}" ]; then abandon_launch
  elif [ -n "\${dir-}" ]; then rm -rf "$dir"
  fi
}
trap 'trap "" INT TERM HUP PIPE; set +e; abandon_unnamed' EXIT
trap : INT TERM HUP PIPE`;

/**
 * argv that makes a sandbox (launch.ts's LAUNCH_STEPS) and starts its agent in it, in one process
 * on the machine: one spawn and one channel where a launch and an agent took two. Before its
 * first reply it names the sandbox (work directory, init PID, the init's stat line), so a start
 * that fails or hangs after that can be ended by mountlab. Its teardown ends the init by identity
 * (END_SANDBOX_FUNCTION), as mountlab's own would.
 */
export function sandboxAgentArgv(owner: string, nonce: string): string[] {
  const start = `set -e
nonce=$1
owner=$2
${START_TIME_FUNCTION}
${END_SANDBOX_FUNCTION}
${ABANDON_UNNAMED}
${LAUNCH_STEPS}
# field 22 of the stat line, the init's start time (identity.ts): fields from the last ')' on
read -r -a fields <<< "\${stat##*) }"
started=\${fields[19]}
${PRINT_MADE}
trap - EXIT INT TERM HUP PIPE
teardown() { end_sandbox "$outer" "$started" "$dir"; }
enter=(nsenter "--target=$outer" --mount --pid --)
${agentStart()}`;
  return ['bash', '--norc', '--noprofile', '-c', start, 'mountlab-sandbox-start', nonce, owner];
}

/**
 * argv that starts an agent in the machine's own root namespaces (a disposable VM's, for
 * @root-namespace scenarios) with a work directory of its own, which it names before its first
 * reply (PID 1 as the process there) and removes at the end.
 */
export function rootAgentArgv(nonce: string): string[] {
  const start = `set -e
nonce=$1
dir=$(mktemp -d ${WORK_DIR_TEMPLATE})
outer=1
IFS= read -r stat < /proc/1/stat
${PRINT_MADE}
teardown() { rm -rf "$dir"; }
enter=()
${agentStart()}`;
  return ['bash', '--norc', '--noprofile', '-c', start, 'mountlab-agent-start', nonce];
}

/** The request that runs `script` with a timeout (bash's read -t takes fractional seconds). */
export function agentRequest(id: number, script: string, timeoutMs: number): Buffer {
  const body = Buffer.from(script, 'utf8');
  // at least 1 ms: `read -t 0.000` polls and answers "nothing yet" (1), not a timeout (>128)
  return Buffer.concat([Buffer.from(`RUN ${id} ${(Math.max(timeoutMs, 1) / 1000).toFixed(3)} ${body.length}\n`), body]);
}
