// Hand-drawn SVG charts: no library, keyboard-focusable points with titles for screen readers.

const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Points that nothing beats on both axes (lower x and lower y are better), sorted by x. */
export function paretoFrontier(points) {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  const frontier = [];
  let best = Infinity;
  for (const p of sorted) {
    if (p.y < best) { frontier.push(p); best = p.y; }
  }
  return frontier;
}

function niceTicks(min, max, count = 5) {
  const span = max - min || Math.abs(max) || 1;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) || 10 * mag;
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(+v.toPrecision(12));
  return ticks;
}

function logTicks(min, max) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= min && v <= max) ticks.push(v);
    }
  }
  return ticks.length >= 2 ? ticks : [min, max];
}

/**
 * Draws a scatter chart into container.
 * points: [{x, y, label, detail, highlight}]; options: {xLabel, yLabel, xFormat, yFormat, frontier, logY, xLimit, onSelect}.
 */
export function scatterChart(container, points, options = {}) {
  container.replaceChildren();
  const W = 720; const H = 420; const m = { l: 78, r: 24, t: 20, b: 52 };
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'group', 'aria-label': options.title || 'chart' });
  container.append(svg);
  if (!points.length) {
    svg.append(el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'lbl' }, 'No data yet'));
    return svg;
  }
  const xs = points.map((p) => p.x).concat(options.xLimit ? [options.xLimit] : []);
  const ys = points.map((p) => p.y);
  let x0 = 0; let x1 = Math.max(...xs) * 1.08;
  const logY = options.logY ?? (Math.min(...ys) > 0 && Math.max(...ys) / Math.min(...ys) > 8);
  let y0; let y1;
  if (logY) { y0 = Math.min(...ys) / 1.3; y1 = Math.max(...ys) * 1.3; } else { y0 = 0; y1 = Math.max(...ys) * 1.1 || 1; }
  if (x1 <= x0) x1 = x0 + 1;
  const px = (x) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = logY
    ? (y) => H - m.b - ((Math.log(y) - Math.log(y0)) / (Math.log(y1) - Math.log(y0))) * (H - m.t - m.b)
    : (y) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const fx = options.xFormat || ((v) => String(v));
  const fy = options.yFormat || ((v) => String(v));

  const grid = el('g', { class: 'grid' });
  const axis = el('g', { class: 'axis' });
  for (const t of niceTicks(x0, x1)) {
    grid.append(el('line', { x1: px(t), x2: px(t), y1: m.t, y2: H - m.b }));
    axis.append(el('text', { x: px(t), y: H - m.b + 16, 'text-anchor': 'middle' }, fx(t)));
  }
  for (const t of logY ? logTicks(y0, y1) : niceTicks(y0, y1)) {
    grid.append(el('line', { x1: m.l, x2: W - m.r, y1: py(t), y2: py(t) }));
    axis.append(el('text', { x: m.l - 6, y: py(t) + 4, 'text-anchor': 'end' }, fy(t)));
  }
  axis.append(el('line', { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, stroke: '#888' }));
  axis.append(el('line', { x1: m.l, x2: m.l, y1: m.t, y2: H - m.b, stroke: '#888' }));
  axis.append(el('text', { x: (m.l + W - m.r) / 2, y: H - 10, 'text-anchor': 'middle' }, options.xLabel || ''));
  axis.append(el('text', { x: 14, y: (m.t + H - m.b) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${(m.t + H - m.b) / 2})` },
    (options.yLabel || '') + (logY ? ' (log scale)' : '')));
  svg.append(grid, axis);

  if (options.xLimit) {
    svg.append(el('line', { x1: px(options.xLimit), x2: px(options.xLimit), y1: m.t, y2: H - m.b, stroke: '#b3261e', 'stroke-dasharray': '2 3', class: 'slo-line' }));
    svg.append(el('text', { x: px(options.xLimit) - 4, y: m.t + 12, 'text-anchor': 'end', class: 'lbl' }, `SLO ${fx(options.xLimit)}`));
  }

  if (options.frontier !== false) {
    const front = paretoFrontier(points);
    if (front.length) {
      svg.append(el('polyline', {
        class: 'frontier', 'data-testid': 'pareto-line',
        points: front.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' '),
        'aria-label': `Pareto frontier through ${front.length} point(s)`,
      }));
    }
  }

  const tip = el('text', { class: 'tip', x: m.l + 8, y: m.t + 14 });
  const layer = el('g');
  points.forEach((p, i) => {
    const c = el('circle', {
      class: 'pt', cx: px(p.x).toFixed(1), cy: py(p.y).toFixed(1), r: p.highlight ? 7 : 5.5,
      fill: p.color || (p.highlight ? '#d9480f' : '#2457c5'), 'fill-opacity': 0.85, stroke: '#fff', 'stroke-width': 1.5,
      tabindex: 0, 'data-index': i, role: 'img', 'aria-label': `${p.label}: ${fx(p.x)}, ${fy(p.y)}`,
    });
    c.append(el('title', {}, `${p.label}\n${options.xLabel}: ${fx(p.x)}\n${options.yLabel}: ${fy(p.y)}${p.detail ? `\n${p.detail}` : ''}`));
    const show = () => { tip.textContent = `${p.label} — ${fx(p.x)}, ${fy(p.y)}`; };
    c.addEventListener('mouseenter', show);
    c.addEventListener('focus', show);
    c.addEventListener('click', () => options.onSelect?.(p, i));
    c.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); options.onSelect?.(p, i); } });
    layer.append(c);
    if (p.short) layer.append(el('text', { class: 'lbl', x: px(p.x) + 8, y: py(p.y) - 6 }, p.short));
  });
  svg.append(layer, tip);
  return svg;
}

/** A small line chart of one or more series: [{name, color, values:[{x,y}]}]. */
export function lineChart(container, series, options = {}) {
  container.replaceChildren();
  const W = 720; const H = 220; const m = { l: 56, r: 16, t: 14, b: 34 };
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': options.title || 'chart' });
  container.append(svg);
  const all = series.flatMap((s) => s.values);
  if (!all.length) {
    svg.append(el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'lbl' }, 'No data yet'));
    return;
  }
  const x1 = Math.max(...all.map((v) => v.x), 1);
  const y1 = Math.max(...all.map((v) => v.y), ...(options.limits || []).map((l) => l.y), 1) * 1.1;
  const px = (x) => m.l + (x / x1) * (W - m.l - m.r);
  const py = (y) => H - m.b - (y / y1) * (H - m.t - m.b);
  const axis = el('g', { class: 'axis' });
  for (const t of niceTicks(0, y1, 4)) {
    axis.append(el('text', { x: m.l - 6, y: py(t) + 4, 'text-anchor': 'end' }, `${t}`));
    axis.append(el('line', { x1: m.l, x2: W - m.r, y1: py(t), y2: py(t), stroke: '#eceef2' }));
  }
  axis.append(el('text', { x: (m.l + W - m.r) / 2, y: H - 8, 'text-anchor': 'middle' }, options.xLabel || ''));
  axis.append(el('text', { x: 12, y: H / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${H / 2})` }, options.yLabel || ''));
  svg.append(axis);
  for (const l of options.limits || []) {
    svg.append(el('line', { x1: m.l, x2: W - m.r, y1: py(l.y), y2: py(l.y), stroke: l.color, 'stroke-dasharray': '4 3' }));
    svg.append(el('text', { class: 'lbl', x: W - m.r - 4, y: py(l.y) - 4, 'text-anchor': 'end' }, l.name));
  }
  series.forEach((s, i) => {
    svg.append(el('polyline', {
      fill: 'none', stroke: s.color, 'stroke-width': 2,
      points: s.values.map((v) => `${px(v.x).toFixed(1)},${py(v.y).toFixed(1)}`).join(' '),
    }));
    for (const v of s.values) svg.append(el('circle', { cx: px(v.x).toFixed(1), cy: py(v.y).toFixed(1), r: 3, fill: s.color }));
    svg.append(el('text', { class: 'lbl', x: m.l + 8 + i * 120, y: m.t + 10, fill: s.color }, `— ${s.name}`));
  });
}
