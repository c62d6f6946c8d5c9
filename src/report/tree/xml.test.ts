import { test } from 'node:test';
import assert from 'node:assert/strict';
import { element, escapeLines, escapeXml, text } from './xml.ts';

test('escapes the five XML specials and makes control characters visible', () => {
  assert.equal(escapeXml(`/tmp/x <&y> "q" 'a'`), '/tmp/x &lt;&amp;y&gt; &quot;q&quot; &apos;a&apos;');
  assert.equal(escapeXml('/tmp/a\nb\tc\u0001\u007f'), '/tmp/a\u240ab\u2409c\u2401\u2421');
  assert.equal(escapeXml('/tmp/ünï cødé'), '/tmp/ünï cødé');
});

test('elements escape attribute values and leave out missing ones', () => {
  assert.equal(element('g', { 'data-mount-point': '/tmp/"a" <b>', 'data-group': undefined, n: 3, x: null }), '<g data-mount-point="/tmp/&quot;a&quot; &lt;b&gt;" n="3"/>');
  assert.equal(text({ x: 1 }, 'a & b'), '<text x="1">a &amp; b</text>');
});

test('text kept in lines keeps tab, newline and CR, and still escapes the rest', () => {
  assert.equal(escapeLines('a <b>\n\tc & d\r\n\u001b[0m'), 'a &lt;b&gt;\n\tc &amp; d\r\n\u241b[0m');
});
