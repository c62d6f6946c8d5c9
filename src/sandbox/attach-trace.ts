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
}

/**
 * Traces a running process (a window's shell, a daemon such as containerd) and the children it
 * starts while `body` runs: strace -f attaches with -p (to every thread), mountlab waits until the
 * kernel shows the tracer, runs `body`, then detaches strace with SIGINT and reads what it wrote.
 */
export async function traceWhile<T>(transport: Transport, target: TraceTarget, traceFile: string, body: () => Promise<T>): Promise<{ value: T; syscalls: SyscallRecord[] }> {
  const { pid, what } = target;
  const syscalls = [...TRACED_SYSCALLS, ...(target.alsoTrace ?? [])];
  const attach = `${quoteArgv(straceArgv(traceFile, ['-p', String(pid)], syscalls))} </dev/null >/dev/null 2>&1 &
tracer=$!
until grep -q '^TracerPid:[[:space:]]*[1-9]' /proc/${pid}/status 2>/dev/null; do
  kill -0 "$tracer" 2>/dev/null || { echo "strace could not attach to PID ${pid}" >&2; exit 1; }
  sleep 0.01
done
echo "$tracer"`;
  const started = await transport.exec(['sh', '-c', attach], { timeoutMs: 15_000 });
  const tracer = Number(started.stdout.trim());
  if (started.failed || !Number.isInteger(tracer) || tracer <= 1) {
    throw new Error(`could not trace ${what} (PID ${pid}): ${started.stderr.trim()}`);
  }
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
