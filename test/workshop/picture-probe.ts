/** One tree picture as the browser shows it. */
export interface ShownPicture {
  /** "img" in cucumber.html (a base64 image attachment), "inline" in the handout. */
  readonly kind: 'img' | 'inline';
  /** Width in CSS pixels the browser laid it out at; 0 when it did not render. */
  readonly width: number;
  readonly columns: readonly { label: string; mounts: readonly { path: string; group: string | null; change: string | null }[] }[];
  readonly legend: readonly string[];
}

/**
 * Runs in the page: opens every collapsed part (cucumber.html folds features and attachments), waits for
 * the images, then reads each tree picture: the inline <svg>s, and the <img>s holding an SVG
 * (decoded and parsed, since an image's inside is not part of the page). Writes JSON to
 * <pre id="probe">. Plain browser JavaScript, kept as text.
 */
export const PICTURE_PROBE = String.raw`
(() => {
  const read = (svg, kind, width) => ({
    kind, width,
    columns: [...svg.querySelectorAll('g.namespace')].map((ns) => ({
      label: ns.dataset ? ns.dataset.namespace : ns.getAttribute('data-namespace'),
      mounts: [...ns.querySelectorAll('g.mount')].map((m) => ({ path: m.getAttribute('data-mount-point'), group: m.getAttribute('data-group'), change: m.getAttribute('data-change') })),
    })),
    legend: [...svg.querySelectorAll('g.legend')].map((g) => g.textContent.trim()),
  });
  const decode = (src) => new TextDecoder().decode(Uint8Array.from(atob(src.slice(src.indexOf(',') + 1)), (c) => c.charCodeAt(0)));
  let round = 0;
  const step = () => {
    document.querySelectorAll('[aria-expanded="false"]').forEach((b) => b.click());
    document.querySelectorAll('details:not([open])').forEach((d) => { d.open = true; });
    if (++round < 8) { setTimeout(step, 250); return; }
    const inline = [...document.querySelectorAll('svg')].filter((s) => s.querySelector('g.namespace')).map((s) => read(s, 'inline', Math.round(s.getBoundingClientRect().width)));
    const imgs = [...document.querySelectorAll('img[src^="data:image/svg+xml;base64,"]')].map((i) => {
      const svg = new DOMParser().parseFromString(decode(i.src), 'image/svg+xml').documentElement;
      return read(svg, 'img', i.complete && i.naturalWidth > 0 ? Math.round(i.getBoundingClientRect().width) : 0);
    });
    const pre = document.createElement('pre');
    pre.id = 'probe';
    pre.textContent = JSON.stringify([...inline, ...imgs]);
    pre.style.display = 'none';
    document.body.append(pre);
  };
  setTimeout(step, 300);
})();
`;
