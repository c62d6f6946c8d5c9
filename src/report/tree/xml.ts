/**
 * Text and attribute values for XML (SVG, XHTML): the five predefined entities, and
 * control characters (XML 1.0 forbids most; a mount point may hold a tab or a newline) written as
 * visible U+2400 pictures, so a path like "/tmp/x <&y" or "/tmp/a\nb" stays one well-formed label.
 */
export function escapeXml(text: string): string {
  return escape(text, /[<>&"'\p{Cc}]/gu);
}

/** For text that keeps its lines, such as a <pre>: as escapeXml, but tab, newline and CR are left as they are. */
export function escapeLines(text: string): string {
  return escape(text, /[<>&"']|(?![\t\n\r])\p{Cc}/gu);
}

function escape(text: string, special: RegExp): string {
  return text.replace(special, (c) => {
    switch (c) {
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '&': return '&amp;';
      case '"': return '&quot;';
      case "'": return '&apos;';
      default: return controlPicture(c.charCodeAt(0));
    }
  });
}

type Attributes = Readonly<Record<string, string | number | null | undefined>>;

/** One element; attributes with a null or undefined value are left out, every value is escaped. */
export function element(name: string, attributes: Attributes, ...children: readonly string[]): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
  return children.length === 0 ? `<${name}${attrs}/>` : `<${name}${attrs}>${children.join('')}</${name}>`;
}

/** A text element whose content is escaped. */
export function text(attributes: Attributes, content: string): string {
  return element('text', attributes, escapeXml(content));
}

/** ␀…␟ for C0 controls, ␡ for DEL, U+FFFD for the C1 range. */
function controlPicture(code: number): string {
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  return code === 0x7f ? '\u2421' : '\ufffd';
}
