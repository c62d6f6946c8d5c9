import { quoteWord } from '../shell/quote.ts';
import { START_TIME_FUNCTION, type ProcessIdentity } from './identity.ts';

/**
 * The shell text that starts a scenario's sandbox on the target machine. Kept apart from the
 * Sandbox class so the exact commands are easy to read and to run by hand.
 */

/** Directories that get a fresh tmpfs in every sandbox, when the machine has them. */
export const SANDBOX_TMPFS_DIRS = ['/tmp', '/mnt', '/srv', '/var/tmp'] as const;

/** Marks every sandbox process ($0 of its init), so leftovers can be found and named. */
export const SANDBOX_MARKER = 'mountlab-sandbox';

/** mktemp's template for a work directory on the machine (a sandbox's, or the root namespace's agent's). */
export const WORK_DIR_TEMPLATE = '/tmp/mountlab.XXXXXXXX';

/** The names WORK_DIR_TEMPLATE gives. */
export const WORK_DIR = /^\/tmp\/mountlab\.[A-Za-z0-9]{8}$/;

/**
 * Runs as PID 1 of the sandbox's new PID namespace, in its new mount namespace ($1: work dir).
 *
 * - It learns its PID as the machine sees it by reading the machine's /proc before mounting the
 *   namespace's own: /proc/self/stat opened by the shell itself names the shell in the PID
 *   namespace of that proc mount.
 * - `unshare --propagation private` cut every copy from the machine's mounts; `--make-rshared /`
 *   then gives the sandbox fresh peer groups of its own, like a systemd host where / is shared
 *   (the documents assume that), without any path back to the machine's mounts.
 * - The tmpfs mounts are made by one `mount --all` from a table of their own ($1/fstab, read
 *   whole before /tmp is covered): one process instead of one per directory (a process costs
 *   ~5 ms here, ~50 ms on the lab VM under TCG). /proc is not in it: `mount --all` skips an entry
 *   whose source and target are already mounted, and the machine's proc is, at /proc. (So would a
 *   tmpfs of source mountlab-sandbox in the machine's own namespace: only a leak, which the leak
 *   check fails the scenario for, puts one there.)
 * - It writes its PID to $1/ready through a descriptor opened before /tmp is covered by tmpfs.
 */
const INIT_SCRIPT = `set -e
exec 3>"$1/ready"
read -r outer _ < /proc/self/stat
mount --make-rshared /
mount -t proc proc /proc
for d in ${SANDBOX_TMPFS_DIRS.join(' ')}; do
  if [ -d "$d" ]; then echo "${SANDBOX_MARKER} $d tmpfs defaults 0 0"; fi
done > "$1/fstab"
mount --all --fstab "$1/fstab"
echo "$outer" >&3
exec 3>&-
exec sleep infinity`;

/**
 * Starts the sandbox in the background (setsid, so it outlives the script that started it, be
 * that a local shell or an ssh exec channel) and waits until its init is ready, leaving in shell
 * variables the work directory ($dir), the init's PID as the machine sees it ($outer) and its
 * /proc/PID/stat line ($stat, for its start time). $owner: "PID STARTTIME" of the mountlab process
 * on this computer (identity.ts), kept in $dir/owner: the local target's reaper ends a sandbox
 * only when its owner is gone. The launcher (unshare, the init's parent) keeps the marker and the
 * work directory in its command line; the init itself becomes `sleep infinity`. Bash: it polls the
 * ready file every 2 ms with `read -t` on a FIFO nobody writes to (no line can arrive, so none
 * can be half read when the time is up), for at most 30 s, and reads the stat line with `read`:
 * no process per poll; an init not ready by then is killed and its directory removed. (Waiting
 * on the ready file as a FIFO with bash's `read -t 0.1` loop instead hung one launch on the
 * vagrant target until the 30 s limit, likely a timeout firing after the line was consumed;
 * polling the file never did.) The agent's start script (agent/script.ts) begins with these
 * lines, so one process on the machine makes the sandbox and runs its agent.
 */
export const LAUNCH_STEPS = `# ends a launch whose init is not ready: the init (the launcher's child, if it got that far; the
# launcher is stopped first, so it cannot fork one after its children were read), then the
# launcher, then the work directory; once done, no launcher is left to end
abandon_launch() {
  local init=
  kill -STOP "$launcher" 2>/dev/null || :
  { read -r init _ < "/proc/$launcher/task/$launcher/children"; } 2>/dev/null || : # no newline at its end
  kill -KILL $init "$launcher" 2>/dev/null || :
  rm -rf "$dir"
  launcher=
}
dir=$(mktemp -d ${WORK_DIR_TEMPLATE})
printf '%s\\n' "$owner" >"$dir/owner"
setsid unshare --mount --pid --fork --propagation private -- /bin/sh -c ${quoteWord(INIT_SCRIPT)} ${SANDBOX_MARKER} "$dir" </dev/null >"$dir/init.log" 2>&1 &
launcher=$!
mkfifo "$dir/tick"
exec 9<>"$dir/tick"
while [ ! -s "$dir/ready" ]; do
  if ! kill -0 "$launcher" 2>/dev/null; then
    echo "the sandbox's init exited before it was ready:" >&2
    cat "$dir/init.log" >&2
    rm -rf "$dir"
    launcher= # reaped: its PID may be another process's by now
    exit 1
  fi
  if [ "$SECONDS" -ge 30 ]; then
    echo "the sandbox's init was not ready within 30 s; ended it:" >&2
    cat "$dir/init.log" >&2 || :
    abandon_launch
    exit 1
  fi
  read -r -t 0.002 -u 9 _ || :
done
exec 9<&-
read -r outer < "$dir/ready"
IFS= read -r stat < "/proc/$outer/stat"`;

/**
 * The sandbox alone, without an agent (MOUNTLAB_AGENT=0, a machine mountlab cannot stream to):
 * LAUNCH_STEPS, then $dir, $outer and $stat printed one per line.
 */
const LAUNCH_SCRIPT = `set -e
owner=$1
${LAUNCH_STEPS}
printf '%s\\n' "$dir" "$outer" "$stat"`;

/** argv that runs LAUNCH_SCRIPT; `owner` as described at LAUNCH_STEPS. */
export function launchArgv(owner: string): string[] {
  return ['bash', '--norc', '--noprofile', '-c', LAUNCH_SCRIPT, 'mountlab-launch', owner];
}

/**
 * Shell text defining `end_sandbox PID START_TIME WORK_DIR`: killing PID 1 of a PID namespace
 * kills every process in it. By identity, not bare PID: the init is killed only while its PID
 * still has the start time it had at launch, so a teardown replayed late (after a reconnect)
 * cannot hit a process that reused the PID. Needs START_TIME_FUNCTION.
 */
export const END_SANDBOX_FUNCTION = `end_sandbox() {
  if [ "$(start_time "$1")" = "$2" ]; then kill -KILL "$1" 2>/dev/null || true; fi
  while [ "$(start_time "$1")" = "$2" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; do sleep 0.02; done
  rm -rf "$3"
}`;

/** Ends the sandbox `init` leads (END_SANDBOX_FUNCTION) and removes its work directory. */
export function teardownScript(init: ProcessIdentity, workDir: string): string {
  return `${START_TIME_FUNCTION}
${END_SANDBOX_FUNCTION}
end_sandbox ${init.pid} ${init.startTime} ${quoteWord(workDir)}`;
}
