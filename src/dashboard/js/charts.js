// Line charts as inline SVG, drawn from the rolling history; no chart library.

const NS = 'http://www.w3.org/2000/svg';
export const PALETTE = ['#2458c6', '#d0342c', '#1f9d55', '#d98b00', '#7b3fc4', '#0b8a8a', '#c4417b', '#5d6678'];

function el(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v);
}

/**
 * series: [{ name, points: [{ t: ms, v: number }] }] → an <svg> with one polyline per series, a y axis
 * from 0 to a rounded maximum, and the time span on the x axis.
 */
export function lineChart(series, { title, width = 640, height = 200, unit = '' } = {}) {
  const pad = { l: 48, r: 12, t: 10, b: 24 };
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title || 'chart' });
  const all = series.flatMap((s) => s.points);
  if (all.length < 2) {
    svg.append(
      el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', fill: '#5d6678', 'font-size': 12 }, 'collecting samples…'),
    );
    return svg;
  }
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t));
  const vmax = niceMax(Math.max(...all.map((p) => p.v)));
  const x = (t) => pad.l + ((t - t0) / Math.max(1, t1 - t0)) * (width - pad.l - pad.r);
  const y = (v) => height - pad.b - (v / vmax) * (height - pad.t - pad.b);
  for (const f of [0, 0.5, 1]) {
    const yy = y(vmax * f);
    svg.append(el('line', { x1: pad.l, x2: width - pad.r, y1: yy, y2: yy, stroke: '#dde1e8' }));
    svg.append(
      el('text', { x: pad.l - 6, y: yy + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#5d6678' }, `${+(vmax * f).toFixed(2)}${unit}`),
    );
  }
  const fmt = (t) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  svg.append(el('text', { x: pad.l, y: height - 6, 'font-size': 11, fill: '#5d6678' }, fmt(t0)));
  svg.append(el('text', { x: width - pad.r, y: height - 6, 'font-size': 11, fill: '#5d6678', 'text-anchor': 'end' }, fmt(t1)));
  series.forEach((s, i) => {
    if (s.points.length === 0) return;
    const pts = s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
    const line = el('polyline', {
      points: pts,
      fill: 'none',
      stroke: PALETTE[i % PALETTE.length],
      'stroke-width': 2,
      'data-series': s.name,
    });
    line.append(el('title', {}, s.name));
    svg.append(line);
  });
  return svg;
}

export function legend(series) {
  const div = document.createElement('div');
  div.className = 'legend';
  series.forEach((s, i) => {
    const span = document.createElement('span');
    const mark = document.createElement('i');
    mark.style.background = PALETTE[i % PALETTE.length];
    span.append(mark, document.createTextNode(s.name));
    div.append(span);
  });
  return div;
}
