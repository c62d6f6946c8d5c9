/**
 * The file reader's side of the wire (file-reader.ts): the bash loop on the machine, and the
 * parser of what it prints. A reply is `F <bytes>\n` and that many bytes of the file, or `E NUL\n`
 * for a file with a NUL byte, which a shell variable cannot hold, or `E UNREAD\n` for a path
 * that could not be opened or is a directory. For both the transport asks `cat` instead, whose
 * message says exactly why (bash's own is printed on stderr, and catching it would take a fork).
 */

/**
 * Reads one path per line and prints each file with no process started: `read -d ''` reads up
 * to a NUL, that is the whole of a text file, and under LC_ALL=C `${#c}` counts bytes. A read
 * that ends on a NUL returns 0 (the file has one); at the end of the file it returns 1.
 */
export const FILE_READER_SCRIPT = `export LC_ALL=C
while IFS= read -r p; do
  if [ -d "$p" ]; then echo 'E UNREAD'; continue; fi
  c= ok= nul=
  { IFS= read -r -d '' c && nul=1; ok=1; } 2>/dev/null <"$p"
  if [ -n "$nul" ]; then echo 'E NUL'
  elif [ -n "$ok" ]; then printf 'F %d\\n%s' "\${#c}" "$c"
  else echo 'E UNREAD'; fi
done
`;

export type FileReply =
  | { readonly kind: 'file'; readonly text: string }
  | { readonly kind: 'unread'; readonly why: 'NUL' | 'UNREAD' };

/** Cuts the reader's output into replies; chunks may split a reply anywhere, even inside a UTF-8 character. */
export class FileReplyParser {
  #buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): FileReply[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const replies: FileReply[] = [];
    for (;;) {
      const eol = this.#buffer.indexOf(0x0a);
      if (eol < 0) break;
      const header = this.#buffer.subarray(0, eol).toString('latin1');
      const file = /^F (\d+)$/.exec(header);
      if (file !== null) {
        const end = eol + 1 + Number(file[1]);
        if (this.#buffer.length < end) break;
        replies.push({ kind: 'file', text: this.#buffer.subarray(eol + 1, end).toString('utf8') });
        this.#buffer = this.#buffer.subarray(end);
        continue;
      }
      const unread = /^E (NUL|UNREAD)$/.exec(header)?.[1];
      if (unread !== 'NUL' && unread !== 'UNREAD') throw new Error(`the file reader printed ${JSON.stringify(header.slice(0, 200))}, not a reply`);
      replies.push({ kind: 'unread', why: unread });
      this.#buffer = this.#buffer.subarray(eol + 1);
    }
    return replies;
  }
}
