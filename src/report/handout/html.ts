import { escapeLines, escapeXml } from '../tree/xml.ts';
import type { HandoutFeature, HandoutScenario, HandoutStep } from './read.ts';
import { HANDOUT_CSS } from './style.ts';

const esc = escapeXml;


/**
 * One self-contained page (no external files) for a feature: its description, then each scenario
 * as numbered steps, each with its command, what it printed and the tree picture after it. The SVG
 * attachments are inlined, so they scale, print and can be searched like the text around them.
 */
export function handoutHtml(feature: HandoutFeature): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(feature.name)}</title>
<style>${HANDOUT_CSS}</style>
</head>
<body>
<header>
<h1>${esc(feature.name)}</h1>
<p class="source">${esc(feature.uri)}</p>
${paragraph(feature.description)}
</header>
${feature.scenarios.map(scenario).join('\n')}
</body>
</html>
`;
}

/** A Gherkin description as paragraphs: blank lines separate them, the source's line breaks and indents do not count. */
function paragraph(text: string): string {
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.split('\n').map((line) => line.trim()).join(' ').trim());
  return paragraphs.filter((p) => p !== '').map((p) => `<p class="description">${esc(p)}</p>`).join('\n');
}

function scenario(s: HandoutScenario): string {
  return `<section class="scenario">
<h2>${esc(s.name)}</h2>
${paragraph(s.description)}
<ol class="steps">
${s.steps.map(step).join('\n')}
</ol>
</section>`;
}

function step(s: HandoutStep): string {
  const status = s.status === 'PASSED' ? '' : `<span class="status status-${esc(s.status)}">${esc(s.status.toLowerCase())}</span>`;
  const parts = [
    `<p><span class="keyword">${esc(s.keyword)}</span> ${esc(s.text)}${status}</p>`,
    s.docString === null ? '' : `<pre class="command">${escapeLines(s.docString)}</pre>`,
    s.error === null ? '' : `<pre class="error">${escapeLines(s.error)}</pre>`,
    ...s.printed.map((p) => `<pre class="printed">${escapeLines(p)}</pre>`),
    ...s.pictures.map((svg) => `<figure class="tree">${inlineSvg(svg)}</figure>`),
  ];
  return `<li class="step">${parts.filter((p) => p !== '').join('\n')}</li>`;
}

/** An SVG document as HTML content: the XML declaration and doctype, which HTML does not allow there, dropped. */
function inlineSvg(svg: string): string {
  return svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').replace(/^\s*<!DOCTYPE[^>]*>\s*/i, '');
}
