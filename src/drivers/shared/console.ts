/** The serial console log of a lab VM: its last lines, for messages about a VM that died. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** The last `count` non-empty lines of `text`, without terminal escapes and carriage returns. */
export function lastLines(text: string, count: number): string[] {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .split(/\r?\n|\r/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-count);
}

/** Reads at most the file's last 16 KiB (synchronously: also used while the process exits). */
export function consoleTail(file: string, count = 8): string[] {
  let fd: number | undefined;
  try {
    const size = statSync(file).size;
    const length = Math.min(size, 16 * 1024);
    const buf = Buffer.alloc(length);
    fd = openSync(file, 'r');
    readSync(fd, buf, 0, length, size - length);
    return lastLines(buf.toString('utf8'), count);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** "last console lines: a | b | c", or a note that the console printed nothing. */
export function describeConsole(file: string, count = 8): string {
  const lines = consoleTail(file, count);
  return lines.length === 0 ? `the console (${file}) printed nothing` : `last console lines:\n    ${lines.join('\n    ')}`;
}
