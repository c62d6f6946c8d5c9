/**
 * POSIX shell quoting: the word reaches the remote shell as exactly these bytes. Words made only of
 * characters no shell treats specially stay bare, so transcripts read like what a person typed.
 */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteWord(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}
