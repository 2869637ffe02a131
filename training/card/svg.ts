/**
 * The training curves of a run as one SVG (models/<name>.curve.svg): losses,
 * move errors on seeds/positions, the broad measure's outcome and exact
 * errors (when the run measured it) and the ladder's match scores, one chart
 * each, against the generation.
 */
import type { Metrics } from './data.js';

interface Series {
  label: string;
  colour: string;
  points: [number, number][];
}

interface Chart {
  title: string;
  yMax: number;
  series: Series[];
  percent: boolean;
}

/** The figure's size: width, height of one chart, and the padding around each plot. */
const W = 720;
const H = 200;
const pad = { l: 48, r: 150, t: 28, b: 26 };
const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

/** Three stacked charts: losses, error rates on seeds/positions, ladder scores. */
export function renderCurveSvg(metrics: readonly Metrics[], title: string): string {
  const xMax = Math.max(1, ...metrics.map((m) => m.generation));
  const charts = chartsOf(metrics);
  const total = H * charts.length + 30;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${total}" width="${W}" height="${total}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="${W}" height="${total}" fill="#fff"/>`,
    `<text x="${pad.l}" y="18" font-size="14" font-weight="600">${esc(title)}</text>`,
  ];
  charts.forEach((c, k) => out.push(...drawChart(c, 30 + k * H, xMax)));
  out.push(`<text x="${W / 2}" y="${total - 4}" text-anchor="middle" fill="#555">generation</text>`, '</svg>');
  return `${out.join('\n')}\n`;
}

/** The charts that the metrics have data for: losses always, errors and ladder scores when recorded. */
function chartsOf(metrics: readonly Metrics[]): Chart[] {
  const charts: Chart[] = [];
  const series = (label: string, i: number, f: (m: Metrics) => number | undefined): Series => ({
    label,
    colour: palette[i % palette.length],
    points: metrics.flatMap((m) => {
      const v = f(m);
      return v === undefined || !Number.isFinite(v) ? [] : [[m.generation, v] as [number, number]];
    }),
  });
  const losses = [series('policy loss', 0, (m) => m.loss.policy), series('value loss', 1, (m) => m.loss.value)];
  // The opponent-reply head's loss, in runs that train one (train.opponentReplyWeight > 0).
  const reply = series('reply loss', 2, (m) => m.loss.reply);
  if (reply.points.length > 0) losses.push(reply);
  charts.push({ title: 'training losses', yMax: Math.max(0.5, ...losses.flatMap((s) => s.points.map((p) => p[1]))), series: losses, percent: false });
  // The moves-left head's error (train.movesLeftWeight > 0), in plies: its loss is the mean squared error on plies / 42.
  const left = series('moves-left RMS error', 0, (m) => (m.loss.movesLeft === undefined ? undefined : 42 * Math.sqrt(m.loss.movesLeft)));
  if (left.points.length > 0) charts.push({ title: 'moves-left head error (plies)', yMax: Math.max(10, ...left.points.map((p) => p[1])), series: [left], percent: false });
  const sets = [...new Set(metrics.flatMap((m) => Object.keys(m.errors ?? {})))];
  const errors = sets.flatMap((set, i) => [
    series(`${set} raw`, 2 * i, (m) => m.errors?.[set]?.raw),
    series(`${set} search`, 2 * i + 1, (m) => m.errors?.[set]?.search),
  ]);
  if (errors.length > 0) charts.push({ title: 'move errors on seeds/positions', yMax: 1, series: errors, percent: true });
  const broad = broadCharts(metrics);
  charts.push(...broad);
  const opponents = [...new Set(metrics.flatMap((m) => Object.keys(m.matches ?? {})))];
  const ladder = opponents.map((o, i) => series(`vs ${o}`, i, (m) => m.matches?.[o]?.score));
  if (ladder.length > 0) charts.push({ title: 'match score (1 = all won)', yMax: 1, series: ladder, percent: false });
  return charts;
}

/**
 * The broad measure (training/eval/broad.ts) as two charts, outcome and exact
 * error rates over all its positions: the raw policy and each search budget.
 */
function broadCharts(metrics: readonly Metrics[]): Chart[] {
  const measured = metrics.filter((m) => m.broad);
  if (measured.length === 0) return [];
  const budgets = [...new Set(measured.flatMap((m) => m.broad!.search.map((s) => s.simulations)))];
  const positions = measured[measured.length - 1].broad!.positions.reduce((a, b) => a + b, 0);
  const rate = (m: Metrics, kind: 'exact' | 'outcome', sims: number | null) => {
    const b = m.broad;
    if (!b) return undefined;
    const e = sims === null ? b.raw : b.search.find((s) => s.simulations === sims);
    if (!e) return undefined;
    return e[kind].reduce((a, x) => a + x, 0) / b.positions.reduce((a, x) => a + x, 0);
  };
  const chart = (kind: 'exact' | 'outcome'): Chart => {
    const series: Series[] = [null, ...budgets].map((sims, i) => ({
      label: sims === null ? 'raw' : `${sims} simulations`,
      colour: palette[i % palette.length],
      points: measured.flatMap((m) => {
        const v = rate(m, kind, sims);
        return v === undefined ? [] : [[m.generation, v] as [number, number]];
      }),
    }));
    const yMax = Math.max(0.05, ...series.flatMap((s) => s.points.map((p) => p[1])));
    return { title: `${kind} move errors, broad measure (${positions} positions of ${measured[measured.length - 1].broad!.sets.length} sets)`, yMax, series, percent: true };
  };
  return [chart('outcome'), chart('exact')];
}

/** One chart at `top`: frame, grid, axis labels, a polyline per series and its legend. */
function drawChart(c: Chart, top: number, xMax: number): string[] {
  const out: string[] = [];
  const pw = W - pad.l - pad.r;
  const ph = H - pad.t - pad.b;
  const x = (g: number) => pad.l + (pw * g) / xMax;
  const y = (v: number) => top + pad.t + ph - (ph * Math.min(v, c.yMax)) / c.yMax;
  out.push(`<text x="${pad.l}" y="${top + 16}" font-weight="600">${esc(c.title)}</text>`);
  out.push(`<rect x="${pad.l}" y="${top + pad.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  for (let i = 0; i <= 4; i++) {
    const v = (c.yMax * i) / 4;
    out.push(`<line x1="${pad.l}" x2="${pad.l + pw}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
    out.push(`<text x="${pad.l - 4}" y="${y(v) + 4}" text-anchor="end">${c.percent ? `${Math.round(v * 100)}%` : v.toFixed(2)}</text>`);
  }
  for (let i = 0; i <= 4; i++) {
    const g = Math.round((xMax * i) / 4);
    out.push(`<text x="${x(g)}" y="${top + H - 10}" text-anchor="middle">${g}</text>`);
  }
  c.series.forEach((s, i) => {
    if (s.points.length > 0) {
      const d = s.points.map(([g, v]) => `${x(g).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      out.push(`<polyline points="${d}" fill="none" stroke="${s.colour}" stroke-width="1.5"${s.label.endsWith('raw') ? ' stroke-dasharray="4 3"' : ''}/>`);
    }
    const ly = top + pad.t + 10 + i * 15;
    out.push(`<line x1="${W - pad.r + 10}" x2="${W - pad.r + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.colour}" stroke-width="2"/>`);
    out.push(`<text x="${W - pad.r + 32}" y="${ly}">${esc(s.label)}</text>`);
  });
  return out;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
