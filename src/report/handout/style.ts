/** The handout's stylesheet: plain on screen, and on paper no step split across pages. */
export const HANDOUT_CSS = `
body { font: 16px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 2px solid #ddd; padding-bottom: .2rem; }
.description { color: #333; }
ol.steps { padding-left: 1.5rem; }
li.step { margin: .8rem 0; }
.keyword { font-weight: bold; }
pre { font: 14px/1.4 'DejaVu Sans Mono', Menlo, Consolas, monospace; background: #f5f5f5; padding: .5rem .7rem; border-radius: 4px; overflow-x: auto; white-space: pre-wrap; }
pre.command { border-left: 4px solid #0072B2; }
pre.printed { border-left: 4px solid #999; background: #fafafa; }
pre.error { border-left: 4px solid #c62828; background: #fdecec; }
.status { font-size: .8rem; padding: 0 .4rem; border-radius: 3px; margin-left: .4rem; }
.status-FAILED { background: #fdecec; color: #c62828; }
.status-SKIPPED, .status-UNDEFINED, .status-PENDING { background: #eee; color: #555; }
figure.tree { margin: .6rem 0; overflow-x: auto; }
figure.tree svg { max-width: 100%; height: auto; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; }
  h2 { break-before: page; break-after: avoid; }
  section.scenario:first-of-type h2 { break-before: auto; }
  li.step, figure.tree { break-inside: avoid; }
  pre { white-space: pre-wrap; background: none; border: 1px solid #ccc; }
  .status { display: none; }
  figure.tree { overflow: visible; }
}
`;
