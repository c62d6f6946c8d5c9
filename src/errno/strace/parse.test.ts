import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStrace } from './parse.ts';
import { StraceCutShortError, type SyscallRecord } from './trace.ts';
import { decodeStraceString, splitArgs } from './args.ts';
import { callsOf, failures, lastFailure } from './calls.ts';

// Fixtures: real strace 6.1 output captured on Linux 6.18 (x86_64), copied verbatim.

// unshare --mount --propagation private strace -f -qq -e signal=none -e trace=<TRACED_SYSCALLS> -o a.trace sh -c '
//   mkdir -p /tmp/mlx/q "/tmp/mlx/with space" /tmp/mlx/t; mount --bind /tmp/mlx/q /tmp/mlx/q; rmdir /tmp/mlx/q
//   umount /tmp/mlx/t; umount /tmp/mlx/nope; mount -t tmpfs none "/tmp/mlx/with space"
//   mount -t tmpfs -o size=1m "we)ird = -1 \"x\"" /tmp/mlx/t; mount --make-rshared /tmp/mlx/t
//   mount --move /tmp/mlx/t /tmp/mlx/t/sub; mount -t tmpfs none /tmp/mlx/LLLL…; umount -l "/tmp/mlx/with space"
//   mv /tmp/mlx/t /tmp/mlx/t2; unshare -m true; exit 3'

const SCENARIO = String.raw`
4634  mkdir("/tmp", 0777)               = -1 EEXIST (File exists)
4634  mkdir("mlx", 0777)                = -1 EEXIST (File exists)
4634  mkdir("q", 0777)                  = 0
4634  mkdir("/tmp", 0777)               = -1 EEXIST (File exists)
4634  mkdir("mlx", 0777)                = -1 EEXIST (File exists)
4634  mkdir("with space", 0777)         = 0
4634  mkdir("/tmp", 0777)               = -1 EEXIST (File exists)
4634  mkdir("mlx", 0777)                = -1 EEXIST (File exists)
4634  mkdir("t", 0777)                  = 0
4635  mkdir("/run/mount", 0755)         = -1 EEXIST (File exists)
4635  mount("/tmp/mlx/q", "/tmp/mlx/q", 0x55b784bf5fd0, MS_BIND, NULL) = 0
4636  rmdir("/tmp/mlx/q")               = -1 EBUSY (Device or resource busy)
4637  mkdir("/run/mount", 0755)         = -1 EEXIST (File exists)
4637  umount2("/tmp/mlx/t", 0)          = -1 EINVAL (Invalid argument)
4638  mkdir("/run/mount", 0755)         = -1 EEXIST (File exists)
4638  umount2("/tmp/mlx/nope", 0)       = -1 ENOENT (No such file or directory)
4639  mkdir("/run/mount", 0755)         = -1 EEXIST (File exists)
4639  mount("none", "/tmp/mlx/with space", "tmpfs", 0, NULL) = 0
4640  mkdir("/run/mount", 0755)         = -1 EEXIST (File exists)
4640  mount("we)ird = -1 \"x\"", "/tmp/mlx/t", "tmpfs", 0, "size=1m") = 0
4641  mount("none", "/tmp/mlx/t", NULL, MS_REC|MS_SHARED, NULL) = 0
4642  mkdir("/run/mount", 0755)         = -1 EEXIST (File exists)
4642  mount("/tmp/mlx/t", "/tmp/mlx/t/sub", 0x556d665e5fd0, MS_MOVE, NULL) = -1 ENOENT (No such file or directory)
4643  mkdir("/run/mount", 0755)         = -1 EEXIST (File exists)
4643  mount("none", "/tmp/mlx/LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL", "tmpfs", 0, NULL) = -1 ENOENT (No such file or directory)
4644  mkdir("/run/mount", 0755)         = -1 EEXIST (File exists)
4644  umount2("/tmp/mlx/with space", MNT_DETACH) = 0
4645  renameat2(AT_FDCWD, "/tmp/mlx/t", AT_FDCWD, "/tmp/mlx/t2", RENAME_NOREPLACE) = -1 EBUSY (Device or resource busy)
4646  unshare(CLONE_NEWNS)              = 0
4646  mount("none", "/", NULL, MS_REC|MS_PRIVATE, NULL) = 0
`;

// Excerpt of 16 subshells each running mount -t tmpfs -o size=1m,mode=0755,... src-N /tmp/mlx/p/N & (same flags as above):
// strace interleaves them as <unfinished ...> / <... resumed> pairs. The 4987 resumed line lost its start to the cut.
const RACING_MOUNTS = String.raw`
4989  mount("source-name-that-is-rather-long-11", "/tmp/mlx/p/11", "tmpfs", 0, "size=1m,mode=0755,uid=0,gid=0,nr"... <unfinished ...>
4992  mkdir("/run/mount", 0755 <unfinished ...>
4989  <... mount resumed>)              = 0
4992  <... mkdir resumed>)              = -1 EEXIST (File exists)
4987  <... mkdir resumed>)              = -1 EEXIST (File exists)
4977  mount("source-name-that-is-rather-long-5", "/tmp/mlx/p/5", "tmpfs", 0, "size=1m,mode=0755,uid=0,gid=0,nr"... <unfinished ...>
4985  mkdir("/run/mount", 0755 <unfinished ...>
4981  mount("source-name-that-is-rather-long-7", "/tmp/mlx/p/7", "tmpfs", 0, "size=1m,mode=0755,uid=0,gid=0,nr"... <unfinished ...>
4985  <... mkdir resumed>)              = -1 EEXIST (File exists)
4977  <... mount resumed>)              = 0
4990  mount("source-name-that-is-rather-long-12", "/tmp/mlx/p/12", "tmpfs", 0, "size=1m,mode=0755,uid=0,gid=0,nr"... <unfinished ...>
4981  <... mount resumed>)              = 0
4990  <... mount resumed>)              = 0
`;

// Same run, later: each subshell ran rmdir /tmp/mlx/p/N /tmp/mlx/p/N (the second one fails). 4967 is cut mid-call.
const RACING_RMDIRS = String.raw`
4983  rmdir("/tmp/mlx/p/14" <unfinished ...>
4968  rmdir("/tmp/mlx/p/6" <unfinished ...>
4963  rmdir("/tmp/mlx/p/1" <unfinished ...>
4983  <... rmdir resumed>)              = 0
4983  rmdir("/tmp/mlx/p/14" <unfinished ...>
4968  <... rmdir resumed>)              = 0
4968  rmdir("/tmp/mlx/p/6" <unfinished ...>
4963  <... rmdir resumed>)              = 0
4983  <... rmdir resumed>)              = -1 ENOENT (No such file or directory)
4968  <... rmdir resumed>)              = -1 ENOENT (No such file or directory)
4963  rmdir("/tmp/mlx/p/1")             = -1 ENOENT (No such file or directory)
4967  rmdir("/tmp/mlx/p/5" <unfinished ...>
`;

// No -qq, no signal=none: strace -f -e trace=mount,rmdir,wait4,exit_group,kill -o c.trace
//   sh -c 'sleep 3 & (sleep 0.3; kill -9 $$) & rmdir /nonexistent-x; wait'
const WITH_EVENTS = String.raw`
5742  wait4(-1,  <unfinished ...>
5744  wait4(-1,  <unfinished ...>
5745  rmdir("/nonexistent-x")           = -1 ENOENT (No such file or directory)
5745  exit_group(1)                     = ?
5745  +++ exited with 1 +++
5742  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 1}], 0, NULL) = 5745
5742  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=5745, si_uid=0, si_status=1, si_utime=0, si_stime=0} ---
5742  wait4(-1, 0x7ffe6c6dc85c, WNOHANG, NULL) = 0
5742  wait4(-1, 0x7ffe6c6dc7bc, WNOHANG, NULL) = 0
5746  exit_group(0)                     = ?
5746  +++ exited with 0 +++
5744  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 5746
5744  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=5746, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
5744  wait4(-1, 0x7ffe6c6dc6bc, WNOHANG, NULL) = -1 ECHILD (No child processes)
5744  kill(5742, SIGKILL)               = 0
5744  exit_group(0 <unfinished ...>
5742  +++ killed by SIGKILL +++
5744  <... exit_group resumed>)         = ?
5744  +++ exited with 0 +++
5743  exit_group(0)                     = ?
5743  +++ exited with 0 +++
`;

// strace -f -qq -e signal=none -e trace=clock_nanosleep,rmdir -o g.trace
//   sh -c 'sleep 3 & p=$!; rmdir /nonexistent-z; sleep 0.3; kill -9 $p; wait'
const KILLED_IN_SYSCALL = String.raw`
6430  rmdir("/nonexistent-z")           = -1 ENOENT (No such file or directory)
6431  clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=300000000},  <unfinished ...>
6429  clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=3, tv_nsec=0},  <unfinished ...>
6431  <... clock_nanosleep resumed>0x7fffc5119030) = 0
6429  <... clock_nanosleep resumed> <unfinished ...>) = ?
`;

// Without -f (no pid column), in a private namespace: strace -qq -e trace=mount -o h1.trace
//   mount -t tmpfs "$(printf 'a\tb\nc\\\\d"e\033f\303\251 = -1 EBUSY (x))')" /tmp/mlx/h
const NO_PID_ESCAPES = String.raw`
mount("a\tb\nc\\d\"e\33f\303\251 = -1 EBUSY (x))", "/tmp/mlx/h", "tmpfs", 0, NULL) = 0
`;

// strace -qq -e trace=mount -o h2.trace mount -t tmpfs -o xxxx…(50 x) none /tmp/mlx/h
const NO_PID_TRUNCATED = String.raw`
mount("none", "/tmp/mlx/h", "tmpfs", 0, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"...) = -1 EINVAL (Invalid argument)
`;

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1, `expected exactly one, got ${items.length}`);
  return items[0] as T;
}

function nth(records: readonly SyscallRecord[], i: number): SyscallRecord {
  const r = records[i];
  assert.ok(r !== undefined, `no record #${i}`);
  return r;
}

function summary(r: SyscallRecord): string {
  return `${String(r.pid)} ${r.name} ${r.returned} ${String(r.errno)}`;
}

test('plain lines: name, args, returned value, errno and its message', () => {
  const records = parseStrace(SCENARIO).calls;
  assert.equal(records.length, 30);
  const bind = only(callsOf(records, 'mount').filter((r) => r.args.includes('MS_BIND')));
  assert.deepEqual(bind, {
    pid: 4635,
    name: 'mount',
    args: '"/tmp/mlx/q", "/tmp/mlx/q", 0x55b784bf5fd0, MS_BIND, NULL',
    decodedArgs: [
      { raw: '"/tmp/mlx/q"', text: '/tmp/mlx/q', truncated: false },
      { raw: '"/tmp/mlx/q"', text: '/tmp/mlx/q', truncated: false },
      { raw: '0x55b784bf5fd0' },
      { raw: 'MS_BIND' },
      { raw: 'NULL' },
    ],
    returned: '0',
    errno: null,
    errnoMessage: null,
    failed: false,
    line: '4635  mount("/tmp/mlx/q", "/tmp/mlx/q", 0x55b784bf5fd0, MS_BIND, NULL) = 0',
  });
  const busy = only(callsOf(records, 'rmdir'));
  assert.deepEqual(
    [busy.pid, busy.args, busy.returned, busy.errno, busy.errnoMessage, busy.failed],
    [4636, '"/tmp/mlx/q"', '-1', 'EBUSY', 'Device or resource busy', true],
  );
  assert.equal(busy.line, '4636  rmdir("/tmp/mlx/q")               = -1 EBUSY (Device or resource busy)');
});

test('umount2 of a directory that is not a mount point is EINVAL; of a missing path ENOENT', () => {
  const umounts = callsOf(parseStrace(SCENARIO).calls, 'umount2');
  assert.deepEqual(umounts.map(summary), [
    '4637 umount2 -1 EINVAL',
    '4638 umount2 -1 ENOENT',
    '4644 umount2 0 null',
  ]);
  assert.equal(nth(umounts, 2).args, '"/tmp/mlx/with space", MNT_DETACH');
});

test('a string argument with ")", "=", and escaped quotes does not end the call early', () => {
  const weird = only(parseStrace(SCENARIO).calls.filter((r) => r.args.startsWith('"we)ird')));
  assert.equal(weird.args, String.raw`"we)ird = -1 \"x\"", "/tmp/mlx/t", "tmpfs", 0, "size=1m"`);
  assert.equal(weird.returned, '0');
  assert.equal(weird.errno, null);
  assert.deepEqual(splitArgs(weird.args), [String.raw`"we)ird = -1 \"x\""`, '"/tmp/mlx/t"', '"tmpfs"', '0', '"size=1m"']);
  assert.equal(decodeStraceString(splitArgs(weird.args)[0] ?? '')?.value, 'we)ird = -1 "x"');
});

test('a fake result inside a string is not taken for the real one (no -f: no pid column)', () => {
  const r = only(parseStrace(NO_PID_ESCAPES).calls);
  assert.equal(r.pid, null);
  assert.equal(r.name, 'mount');
  assert.equal(r.returned, '0');
  assert.equal(r.errno, null);
  assert.equal(r.failed, false);
  assert.equal(decodeStraceString(splitArgs(r.args)[0] ?? '')?.value, 'a\tb\nc\\d"e\x1bfé = -1 EBUSY (x))');
});

test('strings truncated by strace ("..."...) parse, and say they were truncated', () => {
  const r = only(parseStrace(NO_PID_TRUNCATED).calls);
  assert.deepEqual([r.pid, r.name, r.returned, r.errno, r.errnoMessage, r.failed], [null, 'mount', '-1', 'EINVAL', 'Invalid argument', true]);
  const data = splitArgs(r.args)[4] ?? '';
  assert.equal(data, '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"...');
  assert.deepEqual(decodeStraceString(data), { value: 'x'.repeat(32), truncated: true });
  assert.deepEqual(decodeStraceString('"/tmp/mlx/q"'), { value: '/tmp/mlx/q', truncated: false });
  assert.equal(decodeStraceString('NULL'), undefined);
  assert.equal(decodeStraceString('0x55b784bf5fd0'), undefined);
});

test('failures, lastFailure and callsOf filter by syscall, in trace order', () => {
  const records = parseStrace(SCENARIO).calls;
  assert.equal(failures(records).length, 20);
  assert.deepEqual(failures(records, 'mount').map(summary), ['4642 mount -1 ENOENT', '4643 mount -1 ENOENT']);
  assert.equal(lastFailure(records)?.name, 'renameat2');
  assert.equal(lastFailure(records)?.errno, 'EBUSY');
  assert.equal(lastFailure(records, 'umount2')?.errno, 'ENOENT');
  assert.equal(lastFailure(records, 'rmdir')?.errno, 'EBUSY');
  assert.equal(lastFailure(records, 'pivot_root'), undefined);
  assert.equal(callsOf(records, 'unshare').length, 1);
  assert.equal(callsOf(records, 'mkdir').length, 17);
  // util-linux mount/umount always try to create their lock directory first: EEXIST noise to keep in mind.
  assert.equal(failures(records, 'mkdir').filter((r) => r.args === '"/run/mount", 0755').length, 8);
});

test('unfinished/resumed pairs of racing processes are joined by pid', () => {
  const records = parseStrace(RACING_MOUNTS).calls;
  // Records stay in order of entry; the orphan resumed mkdir of 4987 (its start was before this excerpt) is kept.
  assert.deepEqual(records.map(summary), [
    '4989 mount 0 null',
    '4992 mkdir -1 EEXIST',
    '4987 mkdir -1 EEXIST',
    '4977 mount 0 null',
    '4985 mkdir -1 EEXIST',
    '4981 mount 0 null',
    '4990 mount 0 null',
  ]);
  const m = nth(records, 0);
  assert.equal(m.args, '"source-name-that-is-rather-long-11", "/tmp/mlx/p/11", "tmpfs", 0, "size=1m,mode=0755,uid=0,gid=0,nr"...');
  assert.equal(m.line, '4989  mount("source-name-that-is-rather-long-11", "/tmp/mlx/p/11", "tmpfs", 0, "size=1m,mode=0755,uid=0,gid=0,nr"...)              = 0');
  assert.equal(nth(records, 1).line, '4992  mkdir("/run/mount", 0755)              = -1 EEXIST (File exists)');
  assert.equal(nth(records, 2).args, '');
  assert.equal(nth(records, 2).line, '4987  <... mkdir resumed>)              = -1 EEXIST (File exists)');
});

test('one pid resuming and starting again, failures inside resumed halves, a call never resumed', () => {
  // The excerpt ends inside 4967's call: parsed only when told a cut-short trace is expected.
  const log = parseStrace(RACING_RMDIRS, { allowCutShort: true });
  assert.deepEqual(log.unrecognised, []);
  assert.deepEqual(log.cutShort, ['line 13: a call left <unfinished ...> that no later line resumes: 4967  rmdir("/tmp/mlx/p/5" <unfinished ...>']);
  assert.deepEqual(log.calls.map((r) => `${summary(r)} ${r.args}`), [
    '4983 rmdir 0 null "/tmp/mlx/p/14"',
    '4968 rmdir 0 null "/tmp/mlx/p/6"',
    '4963 rmdir 0 null "/tmp/mlx/p/1"',
    '4983 rmdir -1 ENOENT "/tmp/mlx/p/14"',
    '4968 rmdir -1 ENOENT "/tmp/mlx/p/6"',
    '4963 rmdir -1 ENOENT "/tmp/mlx/p/1"',
    '4967 rmdir ? null "/tmp/mlx/p/5"',
  ]);
  assert.equal(nth(log.calls, 3).failed, true);
  assert.equal(nth(log.calls, 3).errnoMessage, 'No such file or directory');
  assert.equal(nth(log.calls, 6).failed, false);
  assert.equal(nth(log.calls, 6).line, '4967  rmdir("/tmp/mlx/p/5" <unfinished ...>');
});

test('exit and signal lines become events, never syscall records; "= ?" results are not failures', () => {
  const log = parseStrace(WITH_EVENTS);
  assert.deepEqual(log.unrecognised, []);
  assert.deepEqual(log.calls.map(summary), [
    '5742 wait4 5745 null',
    '5744 wait4 5746 null',
    '5745 rmdir -1 ENOENT',
    '5745 exit_group ? null',
    '5742 wait4 0 null',
    '5742 wait4 0 null',
    '5746 exit_group ? null',
    '5744 wait4 -1 ECHILD',
    '5744 kill 0 null',
    '5744 exit_group ? null',
    '5743 exit_group ? null',
  ]);
  const waited = nth(log.calls, 0);
  assert.equal(waited.args, '-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 1}], 0, NULL');
  assert.equal(waited.line, '5742  wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 1}], 0, NULL) = 5745');
  assert.deepEqual(splitArgs(waited.args), ['-1', '[{WIFEXITED(s) && WEXITSTATUS(s) == 1}]', '0', 'NULL']);
  assert.equal(nth(log.calls, 9).args, '0');
  assert.ok(log.calls.every((r) => r.returned !== '?' || !r.failed));
  assert.deepEqual(
    log.events.map((e) => `${String(e.pid)} ${e.kind} ${e.detail}`),
    [
      '5745 exited 1',
      '5742 signal SIGCHLD',
      '5746 exited 0',
      '5744 signal SIGCHLD',
      '5742 killed SIGKILL',
      '5744 exited 0',
      '5743 exited 0',
    ],
  );
  assert.deepEqual(failures(log.calls).map(summary), ['5745 rmdir -1 ENOENT', '5744 wait4 -1 ECHILD']);
});

test('a process killed inside a syscall: "<... resumed> <unfinished ...>) = ?"', () => {
  const log = parseStrace(KILLED_IN_SYSCALL);
  assert.deepEqual(log.unrecognised, []);
  assert.deepEqual(log.calls.map(summary), [
    '6430 rmdir -1 ENOENT',
    '6431 clock_nanosleep 0 null',
    '6429 clock_nanosleep ? null',
  ]);
  assert.equal(nth(log.calls, 1).args, 'CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=300000000}, 0x7fffc5119030');
  assert.equal(nth(log.calls, 2).args, 'CLOCK_REALTIME, 0, {tv_sec=3, tv_nsec=0}, <unfinished ...>');
  assert.equal(nth(log.calls, 2).line, '6429  clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=3, tv_nsec=0}, <unfinished ...>) = ?');
  assert.equal(nth(log.calls, 2).failed, false);
});

// Crafted in strace's formats for cases the captures above do not show.
test('without -f: events and calls have no pid; unfinished calls are still joined', () => {
  const log = parseStrace(
    [
      '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=6042, si_uid=0, si_status=1, si_utime=0, si_stime=0} ---',
      'umount2("/tmp/b", MNT_DETACH <unfinished ...>',
      '<... umount2 resumed>)            = -1 EBUSY (Device or resource busy)',
      'exit_group(1)                           = ?',
      '+++ exited with 1 +++',
    ].join('\n') + '\n',
  );
  assert.deepEqual(log.calls.map(summary), ['null umount2 -1 EBUSY', 'null exit_group ? null']);
  assert.equal(nth(log.calls, 0).args, '"/tmp/b", MNT_DETACH');
  assert.deepEqual(log.events.map((e) => `${String(e.pid)} ${e.kind} ${e.detail}`), ['null signal SIGCHLD', 'null exited 1']);
});

test('-f output on stderr ("[pid N]" prefix), strace messages and kernel-internal errnos', () => {
  const log = parseStrace(
    [
      'strace: Process 7427 attached',
      '[pid  7427] rmdir("/nope")              = -1 ENOENT (No such file or directory)',
      '[pid  7427] +++ exited with 1 +++',
      '7500  mount("none", "/tmp/x", "tmpfs", 0, NULL <unfinished ...>',
      '7500  <... mount resumed>)              = ? ERESTARTSYS (To be restarted if SA_RESTART is set)',
      '7501  +++ killed by SIGSEGV (core dumped) +++',
      '7502  --- stopped by SIGSTOP ---',
      '7503  mount("none", "/tmp/y", "tmpfs", 0, NULL) = -1 ENOENT (No such file or directory) (INJECTED)',
      'this is not strace output',
      '7504  rmdir("/tmp/cut-off',
    ].join('\n') + '\n',
  );
  assert.deepEqual(log.calls.map(summary), ['7427 rmdir -1 ENOENT', '7500 mount ? ERESTARTSYS', '7503 mount -1 ENOENT']);
  assert.equal(nth(log.calls, 1).failed, false);
  assert.equal(nth(log.calls, 1).errnoMessage, 'To be restarted if SA_RESTART is set');
  assert.equal(nth(log.calls, 2).errnoMessage, 'No such file or directory');
  assert.deepEqual(
    log.events.map((e) => `${String(e.pid)} ${e.kind} ${e.detail}`),
    ['null message Process 7427 attached', '7427 exited 1', '7501 killed SIGSEGV', '7502 signal SIGSTOP'],
  );
  assert.deepEqual(log.unrecognised, ['this is not strace output', '7504  rmdir("/tmp/cut-off']);
});

test('blank input, CRLF and trailing spaces', () => {
  assert.deepEqual(parseStrace('').calls, []);
  assert.deepEqual(parseStrace('\n\n').calls, []);
  const r = only(parseStrace('12  rmdir("/x")   = -1 ENOTEMPTY (Directory not empty)  \r\n').calls);
  assert.deepEqual([r.errno, r.errnoMessage, r.line], ['ENOTEMPTY', 'Directory not empty', '12  rmdir("/x")   = -1 ENOTEMPTY (Directory not empty)']);
});

// Real strace 6.1 lines (Linux 6.18): strace -f -qq -e signal=none -e trace=mkdir,rmdir -o FILE sh -c '
//   mkdir "/tmp/mlp/with space" …; rmdir "/tmp/mlp/with space" /tmp/mlp/mnt2 /tmp/mlp/nope'
const RMDIRS = String.raw`3368  rmdir("/tmp/mlp/with space")      = 0
3368  rmdir("/tmp/mlp/mnt2")            = 0
3368  rmdir("/tmp/mlp/nope")            = -1 ENOENT (No such file or directory)
`;

test('lines of another shape are kept in unrecognised, in order, and do not stop the parse', () => {
  // rmdir(1)'s own message, as when a command's stderr ends up in the trace file.
  const mixed = RMDIRS.replace('3368  rmdir("/tmp/mlp/nope")', "rmdir: failed to remove '/tmp/mlp/nope': No such file or directory\n3368  rmdir(\"/tmp/mlp/nope\")");
  const trace = parseStrace(mixed);
  assert.deepEqual(trace.unrecognised, ["rmdir: failed to remove '/tmp/mlp/nope': No such file or directory"]);
  assert.deepEqual(trace.calls.map(summary), ['3368 rmdir 0 null', '3368 rmdir 0 null', '3368 rmdir -1 ENOENT']);
  assert.deepEqual(trace.cutShort, []);
});

test('a last line without its newline is a trace cut short: an error, not a call read wrong', () => {
  // Cut inside the errno: read as a line, it would be a call that returned -1 without failing.
  const cut = RMDIRS.slice(0, RMDIRS.indexOf('ENOENT') + 3);
  assert.throws(() => parseStrace(cut), (err: unknown) => {
    assert.ok(err instanceof StraceCutShortError);
    assert.equal(err.reasons.length, 1);
    assert.match(err.message, /^the strace output was cut short, so the syscalls it shows are not all the command made:\n {2}line 3 has no end \(strace stopped while writing it\): 3368 {2}rmdir\("\/tmp\/mlp\/nope"\) {12}= -1 ENO$/);
    return true;
  });
  const kept = parseStrace(cut, { allowCutShort: true });
  assert.deepEqual(kept.calls.map(summary), ['3368 rmdir 0 null', '3368 rmdir 0 null']);
  assert.deepEqual(kept.unrecognised, ['3368  rmdir("/tmp/mlp/nope")            = -1 ENO']);
  assert.equal(kept.cutShort.length, 1);
});

test('an <unfinished ...> call that no line resumes is a trace cut short', () => {
  // The first two lines of RACING_MOUNTS: strace stopped before either call returned.
  const cut = RACING_MOUNTS.split('\n').slice(0, 3).join('\n') + '\n';
  assert.throws(() => parseStrace(cut), (err: unknown) => {
    assert.ok(err instanceof StraceCutShortError);
    assert.deepEqual(err.reasons, [
      'line 2: a call left <unfinished ...> that no later line resumes: 4989  mount("source-name-that-is-rather-long-11", "/tmp/mlx/p/11", "tmpfs", 0, "size=1m,mode=0755,uid=0,gid=0,nr"... <unfinished ...>',
      'line 3: a call left <unfinished ...> that no later line resumes: 4992  mkdir("/run/mount", 0755 <unfinished ...>',
    ]);
    return true;
  });
  const kept = parseStrace(cut, { allowCutShort: true });
  assert.deepEqual(kept.calls.map(summary), ['4989 mount ? null', '4992 mkdir ? null']);
});

test('detached from processes that go on running, a call still unfinished at the end outlived strace: no error; a cut line still is one', () => {
  // what strace -f -qq -p wrote when SIGINT made it let go of containerd mid-call (CI, lsm-denials)
  const detachedMidCall = '412   mount("tmpfs", "/mnt", "tmpfs", 0, NULL) = 0\n416   unlinkat(AT_FDCWD, "", 0 <unfinished ...>\n';
  const trace = parseStrace(detachedMidCall, { detached: true });
  assert.deepEqual(trace.calls.map(summary), ['412 mount 0 null', '416 unlinkat ? null']);
  assert.deepEqual(trace.cutShort, []);
  assert.throws(() => parseStrace(detachedMidCall), StraceCutShortError);
  assert.throws(() => parseStrace(detachedMidCall.slice(0, -1), { detached: true }), (err: unknown) => {
    assert.ok(err instanceof StraceCutShortError);
    assert.match(err.message, /line 2 has no end/);
    return true;
  });
});

test('a process that died inside a call is not a cut-short trace: strace wrote "= ?"', () => {
  assert.deepEqual(parseStrace(KILLED_IN_SYSCALL).cutShort, []);
  assert.deepEqual(parseStrace(WITH_EVENTS).cutShort, []);
});
