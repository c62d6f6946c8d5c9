/**
 * Linux errno values by NAME, as strace prints them and as scenarios spell them ("fails with EBUSY").
 * Numbers are the x86_64/generic ones from asm-generic/errno-base.h and asm-generic/errno.h; messages
 * are glibc's strerror texts. table.test.ts checks every entry against python3's errno module and
 * os.strerror on the machine running the tests, so the table cannot drift.
 *
 * Aliases (EWOULDBLOCK = EAGAIN, EDEADLOCK = EDEADLK, ENOTSUP = EOPNOTSUPP) are left out on purpose:
 * each number has exactly one name here, the one strace prints.
 */
export const ERRNO_TABLE = {
  EPERM: { number: 1, message: 'Operation not permitted' },
  ENOENT: { number: 2, message: 'No such file or directory' },
  ESRCH: { number: 3, message: 'No such process' },
  EINTR: { number: 4, message: 'Interrupted system call' },
  EIO: { number: 5, message: 'Input/output error' },
  ENXIO: { number: 6, message: 'No such device or address' },
  E2BIG: { number: 7, message: 'Argument list too long' },
  ENOEXEC: { number: 8, message: 'Exec format error' },
  EBADF: { number: 9, message: 'Bad file descriptor' },
  ECHILD: { number: 10, message: 'No child processes' },
  EAGAIN: { number: 11, message: 'Resource temporarily unavailable' },
  ENOMEM: { number: 12, message: 'Cannot allocate memory' },
  EACCES: { number: 13, message: 'Permission denied' },
  EFAULT: { number: 14, message: 'Bad address' },
  ENOTBLK: { number: 15, message: 'Block device required' },
  EBUSY: { number: 16, message: 'Device or resource busy' },
  EEXIST: { number: 17, message: 'File exists' },
  EXDEV: { number: 18, message: 'Invalid cross-device link' },
  ENODEV: { number: 19, message: 'No such device' },
  ENOTDIR: { number: 20, message: 'Not a directory' },
  EISDIR: { number: 21, message: 'Is a directory' },
  EINVAL: { number: 22, message: 'Invalid argument' },
  ENFILE: { number: 23, message: 'Too many open files in system' },
  EMFILE: { number: 24, message: 'Too many open files' },
  ENOTTY: { number: 25, message: 'Inappropriate ioctl for device' },
  ETXTBSY: { number: 26, message: 'Text file busy' },
  EFBIG: { number: 27, message: 'File too large' },
  ENOSPC: { number: 28, message: 'No space left on device' },
  ESPIPE: { number: 29, message: 'Illegal seek' },
  EROFS: { number: 30, message: 'Read-only file system' },
  EMLINK: { number: 31, message: 'Too many links' },
  EPIPE: { number: 32, message: 'Broken pipe' },
  EDOM: { number: 33, message: 'Numerical argument out of domain' },
  ERANGE: { number: 34, message: 'Numerical result out of range' },
  EDEADLK: { number: 35, message: 'Resource deadlock avoided' },
  ENAMETOOLONG: { number: 36, message: 'File name too long' },
  ENOLCK: { number: 37, message: 'No locks available' },
  ENOSYS: { number: 38, message: 'Function not implemented' },
  ENOTEMPTY: { number: 39, message: 'Directory not empty' },
  ELOOP: { number: 40, message: 'Too many levels of symbolic links' },
  EOVERFLOW: { number: 75, message: 'Value too large for defined data type' },
  EUSERS: { number: 87, message: 'Too many users' },
  EOPNOTSUPP: { number: 95, message: 'Operation not supported' },
  ESTALE: { number: 116, message: 'Stale file handle' },
  EUCLEAN: { number: 117, message: 'Structure needs cleaning' },
} as const satisfies { readonly [name: string]: { readonly number: number; readonly message: string } };

export type ErrnoName = keyof typeof ERRNO_TABLE;

/** All names, in errno-number order. */
export const ERRNO_NAMES: readonly ErrnoName[] = Object.freeze(
  (Object.keys(ERRNO_TABLE) as ErrnoName[]).sort((a, b) => ERRNO_TABLE[a].number - ERRNO_TABLE[b].number),
);

export function isErrnoName(text: string): text is ErrnoName {
  return Object.hasOwn(ERRNO_TABLE, text);
}

export class UnknownErrnoError extends Error {
  override readonly name = 'UnknownErrnoError';

  constructor(
    readonly text: string,
    readonly suggestion: ErrnoName | undefined,
  ) {
    const hint = suggestion === undefined ? '' : ` did you mean ${suggestion}?`;
    super(`unknown errno ${JSON.stringify(text)};${hint} valid names: ${ERRNO_NAMES.join(', ')}`);
  }
}

/**
 * The errno named by `text`, exactly as written (EBUSY, not ebusy or 16). Otherwise throws
 * UnknownErrnoError, suggesting the closest name: a near miss ("EBUZY"), another case ("ebusy") or
 * the number of a known errno ("16").
 */
export function parseErrnoName(text: string): ErrnoName {
  if (isErrnoName(text)) return text;
  const byNumber = /^\d+$/.test(text) ? ERRNO_NAMES.find((n) => ERRNO_TABLE[n].number === Number(text)) : undefined;
  const suggestion = byNumber ?? suggest(text, ERRNO_NAMES);
  throw new UnknownErrnoError(text, suggestion as ErrnoName | undefined);
}

/**
 * An alternation of every name, longest first (so a regexp engine never stops at a shorter name
 * that is a prefix of a longer one), for a cucumber parameter type: `new RegExp(errnoRegexpSource())`.
 * Names are only capital letters and digits, so nothing needs escaping.
 */
export function errnoRegexpSource(): string {
  return [...ERRNO_NAMES].sort((a, b) => b.length - a.length || a.localeCompare(b)).join('|');
}

/**
 * The candidate closest to `word` by Damerau-Levenshtein distance (optimal string alignment:
 * insertions, deletions, substitutions and swaps of adjacent letters each cost 1), compared
 * case-insensitively; only when that distance is at most 2. Ties go to the earlier candidate.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = damerauLevenshtein(w, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance over UTF-16 code units. */
export function damerauLevenshtein(a: string, b: string): number {
  // d[i][j] = distance between a[0..i) and b[0..j); rows kept as flat arrays.
  const width = b.length + 1;
  const d = new Array<number>((a.length + 1) * width);
  const at = (i: number, j: number): number => d[i * width + j] ?? 0;
  for (let i = 0; i <= a.length; i++) d[i * width] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i * width + j] = v;
    }
  }
  return at(a.length, b.length);
}
