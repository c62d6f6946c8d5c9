import type { Transport } from '../transport/types.ts';
import { parseStrace, straceArgv, TRACED_SYSCALLS, type SyscallRecord } from '../errno/strace/index.ts';
import { quoteArgv, quoteWord } from '../shell/quote.ts';

/** A running process to trace: its PID as the machine sees it, and what to call it in errors. */
export interface TraceTarget {
  readonly pid: number;
  /** For errors, e.g. `the shell of window "other"`, "containerd.service". */
  readonly what: string;
  /** Traced on top of TRACED_SYSCALLS. */
  readonly alsoTrace?: readonly string[];
  /**
   * Its descendants already running are traced too (strace -f follows only the children started
   * after it attached): the shell inside a terminal proxy (`script -c bash`) a window shows.
   */
  readonly withDescendants?: boolean;
}

/**
 * Starts `strace -f` on a running process: every thread of it, and every child it starts from
 * then on. Resolves with strace's PID (as the machine sees it) once the kernel shows the tracer, so
 * that nothing the process does afterwards goes untraced. strace runs on until the process ends
 * or it is told to let go (SIGINT, as traceWhile does).
 */
export async function attachTracer(transport: Transport, target: TraceTarget, traceFile: string): Promise<number> {
  const { pid, what } = target;
  const syscalls = [...TRACED_SYSCALLS, ...(target.alsoTrace ?? [])];
  // sh (dash on Debian): $pids is the process and, with withDescendants, every process below it,
  // from the children files of each of its threads
  const descendants = target.withDescendants === true
    ? `todo=$pids
while [ -n "$todo" ]; do
  next=
  for p in $todo; do for f in /proc/$p/task/*/children; do kids=; read -r kids 2>/dev/null < "$f"; next="$next $kids"; done; done
  pids="$pids $next"; todo=; for k in $next; do todo="$todo $k"; done
done
`
    : '';
  const attach = `pids=${pid}
log=${quoteWord(`${traceFile}.log`)}
${descendants}set -- ${quoteArgv(straceArgv(traceFile, [], syscalls))}
for p in $pids; do set -- "$@" -p "$p"; done
"$@" </dev/null >/dev/null 2>"$log" &
tracer=$!
# the process itself must be there; a descendant may have ended meanwhile
for p in $pids; do
  until grep -q '^TracerPid:[[:space:]]*[1-9]' /proc/$p/status 2>/dev/null || { [ "$p" != ${pid} ] && ! [ -e /proc/$p ]; }; do
    kill -0 "$tracer" 2>/dev/null || { echo "strace could not attach to PID $p: $(cat "$log")" >&2; exit 1; }
    sleep 0.01
  done
done
echo "$tracer"`;
  const started = await transport.exec(['sh', '-c', attach], { timeoutMs: 15_000 });
  const tracer = Number(started.stdout.trim());
  if (started.failed || !Number.isInteger(tracer) || tracer <= 1) {
    throw new Error(`could not trace ${what} (PID ${pid}): ${started.stderr.trim()}`);
  }
  return tracer;
}

/**
 * Traces a running process (a daemon such as containerd) and the children it starts while `body`
 * runs: attachTracer, then `body`, then strace is detached with SIGINT and what it wrote is read.
 */
export async function traceWhile<T>(transport: Transport, target: TraceTarget, traceFile: string, body: () => Promise<T>): Promise<{ value: T; syscalls: SyscallRecord[] }> {
  const tracer = await attachTracer(transport, target, traceFile);
  try {
    const value = await body();
    // the traced process goes on after strace lets go: a call of it may still be running then
    return { value, syscalls: [...parseStrace(await detach(transport, tracer, traceFile), { detached: true }).calls] };
  } catch (e) {
    await detach(transport, tracer, traceFile).catch(() => '');
    throw e;
  }
}

async function detach(transport: Transport, tracer: number, traceFile: string): Promise<string> {
  // strace's parent (the shell that started it) is gone, so once it exits it stays a zombie until
  // PID 1 reaps it: wait for "gone or zombie", not for kill -0 to fail. The trace comes back in
  // the same exchange.
  const gone = `kill -INT ${tracer} 2>/dev/null
while [ -e /proc/${tracer} ] && ! grep -q '^State:[[:space:]]*Z' /proc/${tracer}/status 2>/dev/null; do sleep 0.01; done
cat -- ${quoteWord(traceFile)} 2>/dev/null || true`;
  const r = await transport.exec(['sh', '-c', gone], { timeoutMs: 15_000 });
  // strace did not let go in time: what it wrote so far, as the file holds it
  return r.failed ? transport.readFile(traceFile).catch(() => '') : r.stdout;
}
