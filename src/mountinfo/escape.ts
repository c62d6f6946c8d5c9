/**
 * The kernel writes paths into /proc/PID/mountinfo with `mangle()`, which turns space, tab, newline
 * and backslash into three-digit octal escapes (\040 \011 \012 \134) so that a line stays one line
 * of space-separated fields. Every other byte, UTF-8 included, is written as it is.
 */
const ESCAPED_BY_KERNEL = /[ \t\n\\]/g;
const BACKSLASH = 0x5c;

function isOctalDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x37;
}

/**
 * Decodes every `\ooo` (value up to \377) as the byte it names, so an escaped UTF-8 sequence comes
 * back as its character. A backslash not followed by three octal digits is kept as it is.
 */
export function unescapeMountInfoPath(field: string): string {
  if (!field.includes('\\')) return field;
  const bytes = Buffer.from(field, 'utf8');
  const out = Buffer.alloc(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    const digits = bytes.subarray(i + 1, i + 4);
    const value = digits.length === 3 && [...digits].every(isOctalDigit) ? parseInt(digits.toString('latin1'), 8) : NaN;
    if (byte === BACKSLASH && value <= 0o377) {
      out[length++] = value;
      i += 3;
    } else {
      out[length++] = byte;
    }
  }
  return out.subarray(0, length).toString('utf8');
}

/** Escapes a path the way the kernel prints it in mountinfo. */
export function escapeMountInfoPath(path: string): string {
  return path.replace(ESCAPED_BY_KERNEL, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}
