/**
 * strace, as the rest of mountlab uses it: how it is run (command.ts), how its trace is read
 * (parse.ts, with args.ts decoding the arguments), and picking calls out of it (calls.ts).
 */
export { TRACED_SYSCALLS, straceArgv } from './command.ts';
export { parseStrace } from './parse.ts';
export type { ParseOptions } from './parse.ts';
export { StraceCutShortError } from './trace.ts';
export type { StraceErrno, StraceEvent, StraceTrace, SyscallRecord } from './trace.ts';
export type { StraceArg } from './args.ts';
export { callsOf, callsOn, failures, lastFailure, namesPath } from './calls.ts';
