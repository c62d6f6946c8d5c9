/**
 * Reading strace's argument text: one lexer (strings with backslash escapes, nested (), [], {})
 * that finds where a call's arguments end and splits them at top-level commas, and the decoder
 * of string arguments. The parser uses both, so every SyscallRecord carries its arguments decoded.
 */

/** One argument as strace printed it; for a string argument, also its decoded text. */
export interface StraceArg {
  /** Exactly as printed: `"/tmp/a b"`, `NULL`, `MS_REC|MS_BIND`, `{tv_sec=3, tv_nsec=0}`. */
  readonly raw: string;
  /** The string's bytes as UTF-8 text; undefined when the argument is not a string. */
  readonly text?: string;
  /** strace cut the string (`"abc"...`, default -s 32): `text` is only its start. */
  readonly truncated?: boolean;
}

export interface LexedArgs {
  /** The top-level arguments, trimmed, as printed. */
  readonly args: readonly string[];
  /** Index of the `)` that closes the call, or -1 when the text ends first (an unfinished call). */
  readonly end: number;
}

/**
 * Lexes a call's arguments from `from` (just after its `(`): up to the closing `)`, or to the end
 * of the text. Undefined when a `]` or `}` closes nothing (not strace's argument syntax).
 */
export function lexArgs(text: string, from = 0): LexedArgs | undefined {
  const args: string[] = [];
  let depth = 0;
  let start = from;
  const take = (i: number): void => {
    const last = text.slice(start, i).trim();
    if (last !== '' || args.length > 0) args.push(last);
  };
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (c !== ')') return undefined;
      take(i);
      return { args, end: i };
    } else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  take(text.length);
  return { args, end: -1 };
}

/** The argument text split at top-level commas: `"a, b", [1, 2], NULL` → three arguments. */
export function splitArgs(args: string): string[] {
  return [...(lexArgs(args)?.args ?? [args])];
}

/** Each argument of the text between a call's parentheses, strings decoded. */
export function decodeArgs(args: string): StraceArg[] {
  return splitArgs(args).map((raw) => {
    const s = decodeStraceString(raw);
    return s === undefined ? { raw } : { raw, text: s.value, truncated: s.truncated };
  });
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * The bytes of one strace string argument (`"a\tb\303\251"`, possibly truncated: `"abc"...`) as UTF-8
 * text, or undefined when the argument is not a string (NULL, 0x55..., a flag set).
 */
export function decodeStraceString(arg: string): { readonly value: string; readonly truncated: boolean } | undefined {
  const m = /^"((?:[^"\\]|\\.)*)"(\.\.\.)?$/s.exec(arg.trim());
  if (m === null) return undefined;
  const body = m[1] ?? '';
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c !== '\\') {
      const code = body.codePointAt(i) ?? 0;
      if (code > 0xffff) i++;
      bytes.push(...Buffer.from(String.fromCodePoint(code), 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      bytes.push(simple);
      i++;
    } else if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 2))?.[0] ?? '';
      bytes.push(parseInt(hex || '0', 16));
      i += 1 + hex.length;
    } else {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0];
      if (octal === undefined) {
        bytes.push(...Buffer.from(next, 'utf8'));
        i++;
      } else {
        bytes.push(parseInt(octal, 8) & 0xff);
        i += octal.length;
      }
    }
  }
  return { value: Buffer.from(bytes).toString('utf8'), truncated: m[2] !== undefined };
}
