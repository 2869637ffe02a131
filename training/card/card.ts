/**
 * The model card: what a shipped model is (run, config, seed, how much
 * self-play and training made it, on what machine time) and what it was
 * measured to do (solver matches, error rates), built only from files on
 * disk. Rendered as JSON, Markdown and an SVG of the training curves.
 */
import { createHash } from 'node:crypto';
import type { EvalRecord } from '../records/eval.js';
import type { MatchRecord } from '../records/match.js';
import { machinesOf, timeToPerfect, type MetricsLine } from '../records/metrics.js';

/** One line of a run's metrics.jsonl: the loop's own record type (older runs lack some fields). */
export type Metrics = MetricsLine;

/** One stage of a run trained in stages (config `continues`): the config file and the generations it made. */
export interface Stage {
  config: string;
  first: number;
  last: number;
}

/**
 * The stages that made generation `generation` of a run whose config is
 * `config` at `path`: the runs it continues (config `continues`, followed
 * through `readConfig` until a config continues nothing), then itself.
 */
export function stagesOf(
  path: string,
  config: { continues?: { config: string; generation: number } },
  generation: number,
  readConfig: (path: string) => { continues?: { config: string; generation: number } },
): Stage[] {
  const chain: { config: string; last: number }[] = [{ config: path, last: generation }];
  let c = config.continues;
  const seen = new Set([path]);
  while (c && generation > c.generation) {
    if (seen.has(c.config)) throw new Error(`config ${c.config} continues itself`);
    seen.add(c.config);
    chain.unshift({ config: c.config, last: c.generation });
    generation = c.generation;
    c = readConfig(c.config).continues;
  }
  return chain.map((s, i) => ({ config: s.config, first: i === 0 ? 1 : chain[i - 1].last + 1, last: s.last }));
}

export interface CardInput {
  name: string;
  runDir: string;
  source: string;
  /** The stages that trained the shipped generation (stagesOf); absent: one stage, or an older card. */
  stages?: Stage[];
  config: { name: string; seed: number; generations: number; train: { batchSize: number } } & Record<string, unknown>;
  metrics: Metrics[];
  matches: { file: string; result: MatchRecord }[];
  evaluations: { file: string; result: EvalRecord }[];
  modelBytes: Uint8Array;
}

export function buildCard(input: CardInput) {
  return { ...trainingPart(input), ...resultsPart(input) };
}

/**
 * The card again with fresh results and file facts, its training part kept:
 * for `npm run card` without --run, once the run directory is gone.
 */
export function refreshCard(previous: Card, input: Pick<CardInput, 'name' | 'matches' | 'evaluations' | 'modelBytes'>): Card {
  const { name, file, training, lastGeneration } = previous;
  return { name, file, ...fileFacts(input.modelBytes), training, lastGeneration, ...resultsPart(input) };
}

/** The model file's size and sha256 (the hash records are checked against). */
export function fileFacts(modelBytes: Uint8Array) {
  return { bytes: modelBytes.length, sha256: createHash('sha256').update(modelBytes).digest('hex') };
}

/**
 * Generations after which the run went on with an empty replay buffer
 * (`npm run train --from`, which carries weights, optimizer and metrics but
 * not the buffer): the buffer size drops from one generation to the next.
 */
export function restartsFromEmptyBuffer(metrics: readonly Metrics[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < metrics.length; i++) {
    const before = metrics[i - 1].train.replaySize;
    const after = metrics[i].train.replaySize;
    if (before !== undefined && after !== undefined && after < before) out.push(metrics[i - 1].generation);
  }
  return out;
}

function trainingPart(input: CardInput) {
  const { metrics, config } = input;
  const last = metrics[metrics.length - 1];
  const sum = (f: (m: Metrics) => number) => metrics.reduce((a, m) => a + f(m), 0);
  const cpuKnown = metrics.every((m) => typeof m.cpuSeconds === 'number');
  return {
    name: input.name,
    file: `models/${input.name}.onnx`,
    ...fileFacts(input.modelBytes),
    training: {
      run: config.name,
      runDirectory: input.runDir,
      source: input.source,
      seed: config.seed,
      generation: last.generation,
      generationsPlanned: config.generations,
      selfPlayGames: sum((m) => m.selfplay.games),
      selfPlayPositions: sum((m) => m.selfplay.samples),
      gradientSteps: sum((m) => m.train.steps),
      trainingSamples: sum((m) => m.train.steps) * config.train.batchSize,
      wallSeconds: Math.round(sum((m) => m.seconds)),
      /** Process CPU time (all threads); null when the run predates the field. */
      cpuSeconds: cpuKnown ? Math.round(sum((m) => m.cpuSeconds!)) : null,
      /** The machines the generations ran on, from the metrics; null when the run predates the field. */
      machine: machinesOf(metrics),
      finished: last.time,
      /** Generations after which the run continued from a portable checkpoint, its replay buffer refilled from empty. */
      continuedWithEmptyBufferAfter: restartsFromEmptyBuffer(metrics),
      ...(input.stages && input.stages.length > 1 ? { stages: input.stages } : {}),
      timeToPerfect: timeToPerfectOf(config.name, metrics),
      config,
    },
    lastGeneration: { loss: last.loss, probes: last.probes ?? null, errors: last.errors ?? null, matches: last.matches ?? null },
  };
}

/**
 * The first generation whose in-loop gate was perfect (20 wins at ply 41 moving
 * first, 20 losses at ply 41 moving second) and the run's hours up to it; null
 * when no gate of the run was perfect or the run had no gate.
 */
function timeToPerfectOf(name: string, metrics: readonly Metrics[]) {
  const g = timeToPerfect(metrics);
  return g === null ? null : { config: `seeds/${name}.json`, generation: g.generation, wallHours: g.wallHours, cpuHours: g.cpuHours };
}

/** Whether a record's search pruned moves that lose at once: null without search; records made before the option existed did not prune. */
const pruningOf = (rec: EvalRecord): boolean | null => (rec.simulations === null ? null : (rec.pruneLosing ?? false));
/** Whether a record's evaluations were mirror-averaged; records made before the option existed were not. */
const averagingOf = (rec: { mirrorAverage?: boolean }): boolean => rec.mirrorAverage ?? false;

/** A set measured in several records (a long set run in parts), combined into one line. */
export interface CombinedSet {
  set: string;
  records: number;
  positions: number;
  judged: number;
  simulations: number | null;
  pruneLosing: boolean | null;
  mirrorAverage: boolean;
  raw: number;
  rawOutcome: number;
  search: number | null;
  searchOutcome: number | null;
}

/**
 * Combines the records of each set measured in more than one record, as
 * error counts over the judged positions. Refuses records of one set
 * measured with different search settings, or that lack the error counts.
 */
export function combineSets(evaluations: CardInput['evaluations']): CombinedSet[] {
  const bySet = new Map<string, { file: string; rec: EvalRecord; s: EvalRecord['sets'][number] }[]>();
  for (const { file, result } of evaluations) for (const s of result.sets) bySet.set(s.set, [...(bySet.get(s.set) ?? []), { file, rec: result, s }]);
  const out: CombinedSet[] = [];
  for (const [set, parts] of bySet) {
    if (parts.length < 2) continue;
    const settings = (p: (typeof parts)[number]) => `${p.rec.simulations ?? 'no search'} simulations, pruning ${pruningOf(p.rec) ?? false}, mirror averaging ${averagingOf(p.rec)}`;
    const mixed = parts.find((p) => settings(p) !== settings(parts[0]));
    if (mixed) throw new Error(`set ${set}: ${mixed.file} (${settings(mixed)}) and ${parts[0].file} (${settings(parts[0])}) were measured with different search settings; run one again or remove it`);
    const uncounted = parts.find((p) => p.s.rawErrors === undefined || p.s.rawOutcomeErrors === undefined);
    if (uncounted) throw new Error(`set ${set}: ${uncounted.file} has no error counts, so it cannot be combined with the other records of the set; run it again`);
    const total = (f: (s: EvalRecord['sets'][number]) => number | null | undefined) => parts.reduce((a, p) => a + (f(p.s) ?? 0), 0);
    const judged = total((s) => s.positions - s.unjudged);
    const searched = parts[0].rec.simulations !== null;
    const rate = (n: number) => (judged > 0 ? n / judged : 0);
    out.push({
      set,
      records: parts.length,
      positions: total((s) => s.positions),
      judged,
      simulations: parts[0].rec.simulations,
      pruneLosing: pruningOf(parts[0].rec),
      mirrorAverage: averagingOf(parts[0].rec),
      raw: rate(total((s) => s.rawErrors)),
      rawOutcome: rate(total((s) => s.rawOutcomeErrors)),
      search: searched ? rate(total((s) => s.searchErrors)) : null,
      searchOutcome: searched ? rate(total((s) => s.searchOutcomeErrors)) : null,
    });
  }
  return out;
}

function resultsPart(input: Pick<CardInput, 'matches' | 'evaluations'>) {
  return {
    matches: input.matches.map(({ file, result }) => ({
      file: `models/${file}`,
      date: result.date,
      opponent: result.config.opponent,
      budget: result.config.budget,
      // Records made before the option existed were made without pruning.
      pruneLosing: result.config.pruneLosing ?? false,
      mirrorAverage: averagingOf(result.config),
      book: result.config.book,
      seeds: `${result.config.seed}..${result.config.seed + result.config.games - 1}`,
      byColour: result.byColour.map((c) => ({
        agent: c.agentFirst ? 'first' : 'second',
        games: c.games,
        wins: c.wins,
        draws: c.draws,
        losses: c.losses,
        plies: c.plies,
      })),
      firstMistakes: result.games.map((g) => ({ seed: g.seed, agentFirst: g.agentFirst, result: g.result, plies: g.plies, firstMistake: g.agentFirstMistake })),
      msPerMove: { agent: result.timing.agentMsPerMove.median, opponent: result.timing.opponentMsPerMove.median },
    })),
    errorRates: input.evaluations.flatMap(({ file, result }) =>
      result.sets.map((s) => ({
        file: `models/${file}`,
        set: s.set,
        positions: s.positions,
        unjudged: s.unjudged,
        simulations: result.simulations,
        pruneLosing: pruningOf(result),
        mirrorAverage: averagingOf(result),
        raw: s.rawRate,
        search: s.searchRate,
        rawOutcome: s.rawOutcomeRate ?? null,
        searchOutcome: s.searchOutcomeRate ?? null,
      })),
    ),
    errorRatesCombined: combineSets(input.evaluations),
  };
}

export type Card = ReturnType<typeof buildCard>;

const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
/**
 * "16000" for a search, with ", pruning" when moves that lose at once were
 * pruned and ", mirror-averaged" when evaluations were averaged with their
 * mirror images; "off" without search ("off, mirror-averaged" when the raw
 * policy was averaged).
 */
const searchLabel = (s: { simulations: number | null; pruneLosing?: boolean | null; mirrorAverage?: boolean }) =>
  [
    s.simulations === null ? 'off' : String(s.simulations),
    ...(s.simulations !== null && s.pruneLosing ? ['pruning'] : []),
    ...(s.mirrorAverage ? ['mirror-averaged'] : []),
  ].join(', ');
const hours = (s: number) => `${(s / 3600).toFixed(2)} h`;

/** The run this one continues (config `continues`), if any. */
const continuesOf = (t: Card['training']) => (t.config as { continues?: { config: string; generation: number } }).continues;

/** ", 50% of games opened with 1-12 random moves" when the (last stage's) self-play opened games with random moves, else "". */
function openingsOf(t: Card['training']): string {
  const sp = (t.config as { selfplay?: { randomOpeningFraction?: number; randomOpeningPlies?: number } }).selfplay;
  if (!sp?.randomOpeningFraction || !sp.randomOpeningPlies) return '';
  return `, ${Math.round(sp.randomOpeningFraction * 100)}% of games opened with 1-${sp.randomOpeningPlies} random moves`;
}

/** How the shipped generation was trained: one run, or runs that each went on from the one before's checkpoint (config `continues`). */
function trainedBy(t: Card['training']): string {
  // Cards written before `stages` existed know only the run this one continues.
  const stages = 'stages' in t && t.stages ? t.stages : stagesOf(`seeds/${t.run}.json`, t.config as Parameters<typeof stagesOf>[1], t.generation, () => ({}));
  if (stages.length < 2) {
    return `Trained from scratch by \`npm run train -- --config seeds/${t.run}.json\` (seed ${t.seed}), generation ${t.generation} of ${t.generationsPlanned} planned;`;
  }
  const words = ['', '', 'two', 'three', 'four', 'five'];
  const parts = stages.map((s, i) => `${i === 0 ? '' : 'then '}${s.first}-${s.last} by \`npm run train -- --config ${s.config}${i === 0 ? '' : ' --from'}\`${i === 0 ? '' : " the previous stage's checkpoint"}`);
  return (
    `Trained from scratch in ${words[stages.length] ?? stages.length} stages: generations ${parts.join(', ')} ` +
    `(the last with seed ${t.seed}; ${t.generationsPlanned} planned; the totals below cover all stages);`
  );
}

function timeToPerfectRows(t: Card['training']): string[] {
  // `in`: cards written before the field existed say nothing about it.
  if (!('timeToPerfect' in t) || t.timeToPerfect === undefined) return [];
  const p = t.timeToPerfect;
  if (p === null) return ['| time to perfect play | not reached: no gate of this run was perfect |'];
  return [`| time to perfect play | generation ${p.generation}: ${p.wallHours.toFixed(2)} h wall, ${p.cpuHours.toFixed(2)} h CPU (\`${p.config}\`; first gate with 20 wins at ply 41 first and 20 losses at ply 41 second) |`];
}

export function renderCardMarkdown(card: Card, curveFile: string): string {
  const t = card.training;
  const lines = [
    `# Model card: \`${card.file}\``,
    '',
    trainedBy(t),
    `shipped with \`npm run card -- --run ${t.runDirectory} --generation ${t.generation}\`. ${card.bytes} bytes, sha256 \`${card.sha256.slice(0, 16)}…\`.`,
    '',
    '## Training',
    '',
    '| | |',
    '|---|---|',
    `| self-play games | ${t.selfPlayGames.toLocaleString('en')} |`,
    `| self-play positions | ${t.selfPlayPositions.toLocaleString('en')} |`,
    `| gradient steps | ${t.gradientSteps.toLocaleString('en')} (${t.trainingSamples.toLocaleString('en')} samples) |`,
    `| wall time | ${hours(t.wallSeconds)} |`,
    `| CPU time | ${t.cpuSeconds === null ? 'not recorded by this run' : hours(t.cpuSeconds)} |`,
    // `?? null`: a card refreshed without --run keeps a training part that may predate this field.
    `| machine | ${(t.machine ?? null) === null ? 'not recorded by this run (metrics before schema 3)' : t.machine} |`,
    ...timeToPerfectRows(t),
    '',
    // `?.`: a card refreshed without --run keeps a training part that may predate this field.
    ...(t.continuedWithEmptyBufferAfter?.length
      ? [
          `The run went on with \`npm run train -- --from portable.bin\` (weights, optimizer state and metrics kept, replay buffer refilled from empty) after generation${t.continuedWithEmptyBufferAfter.length > 1 ? 's' : ''} ${t.continuedWithEmptyBufferAfter.join(', ')}.`,
          '',
        ]
      : []),
    `Net and search: \`${JSON.stringify((t.config as Record<string, unknown>).net)}\`, self-play${continuesOf(t) ? ' (of the last stage)' : ''} \`${JSON.stringify((t.config as { selfplay?: { search?: unknown } }).selfplay?.search)}\`${openingsOf(t)}.`,
    '',
    `![training curves](${curveFile})`,
    '',
  ];
  const lg = card.lastGeneration;
  // The ladder's size and budget as the run's config set them (older cards: the defaults of the time, 20 games at 50).
  const ev = (t.config as { eval?: { games?: number; simulations?: number } }).eval;
  const ladderGames = ev?.games ?? 20;
  const ladderSims = ev?.simulations ?? 50;
  lines.push('## Last generation', '', `Losses: policy ${lg.loss.policy}, value ${lg.loss.value}.`);
  if (lg.matches) {
    lines.push(`Ladder (${ladderGames} games, ${ladderSims} simulations): ${Object.entries(lg.matches).map(([k, m]) => `${k} ${m.w}-${m.d}-${m.l}`).join(', ')}.`);
  }
  if (lg.errors) {
    lines.push(`Errors on seeds/positions (raw / ${ladderSims}-simulation search): ${Object.entries(lg.errors).map(([k, e]) => `${k} ${pct(e.raw)} / ${pct(e.search)}`).join(', ')}.`);
  }
  lines.push('');
  lines.push('## Against the perfect solver', '');
  if (card.matches.length === 0) lines.push('No match has been run on this file yet (`npm run match`).', '');
  for (const m of card.matches) {
    const budget = ('sims' in m.budget ? `${m.budget.sims} simulations` : `${m.budget.ms} ms`) + (m.pruneLosing ? ' (pruning moves that lose at once)' : '') + (m.mirrorAverage ? ' (evaluations mirror-averaged)' : '');
    lines.push(`\`${m.file}\`: opponent ${m.opponent}, ${budget} per move, seeds ${m.seeds}, median ms per move: agent ${m.msPerMove.agent}, opponent ${m.msPerMove.opponent}.`, '');
    lines.push('| agent | games | wins | draws | losses | game lengths (plies) |', '|---|---|---|---|---|---|');
    for (const c of m.byColour) lines.push(`| ${c.agent} | ${c.games} | ${c.wins} | ${c.draws} | ${c.losses} | ${c.plies.join(' ')} |`);
    const mistakes = m.firstMistakes.filter((g) => g.firstMistake !== null).map((g) => `seed ${g.seed} (${g.agentFirst ? 'first' : 'second'}): ply ${g.firstMistake}`);
    lines.push('', `First mistakes: ${mistakes.length === 0 ? 'none' : mistakes.join('; ')}.`, '');
  }
  lines.push('## Error rates (`npm run eval`)', '');
  const e = card.errorRates;
  if (e.length === 0) lines.push('Not measured on this file yet.', '');
  else {
    lines.push(
      'Exact: a move is an error when its exact score is below the best available (a slower win counts).',
      'Outcome: a move is an error when it changes win/draw/loss, the criterion of AlphaZero.jl\'s Pons benchmark, whose published rates compare with this column.',
      '',
    );
    lines.push(
      '| set | positions | unjudged | raw: exact | raw: outcome | search: exact | search: outcome | simulations | record |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const s of e) {
      lines.push(
        `| ${s.set} | ${s.positions} | ${s.unjudged} | ${pct(s.raw)} | ${pct(s.rawOutcome)} | ${pct(s.search)} | ${pct(s.searchOutcome)} | ${searchLabel(s)} | \`${s.file}\` |`,
      );
    }
    lines.push('');
    // `?? []`: a card written before the field existed.
    const combined = card.errorRatesCombined ?? [];
    if (combined.length > 0) {
      lines.push(
        'Sets measured in several records, combined (error counts over the judged positions):',
        '',
        '| set | records | positions | judged | raw: exact | raw: outcome | search: exact | search: outcome | simulations |',
        '|---|---|---|---|---|---|---|---|---|',
        ...combined.map(
          (c) =>
            `| ${c.set} | ${c.records} | ${c.positions} | ${c.judged} | ${pct(c.raw)} | ${pct(c.rawOutcome)} | ${pct(c.search)} | ${pct(c.searchOutcome)} | ${searchLabel(c)} |`,
        ),
        '',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

interface Series {
  label: string;
  colour: string;
  points: [number, number][];
}

/** Three stacked charts: losses, error rates on seeds/positions, ladder scores. */
export function renderCurveSvg(metrics: readonly Metrics[], title: string): string {
  const W = 720;
  const H = 200;
  const pad = { l: 48, r: 150, t: 28, b: 26 };
  const gens = metrics.map((m) => m.generation);
  const xMax = Math.max(1, ...gens);
  const charts: { title: string; yMax: number; series: Series[]; percent: boolean }[] = [];
  const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
  const series = (label: string, i: number, f: (m: Metrics) => number | undefined): Series => ({
    label,
    colour: palette[i % palette.length],
    points: metrics.flatMap((m) => {
      const v = f(m);
      return v === undefined || !Number.isFinite(v) ? [] : [[m.generation, v] as [number, number]];
    }),
  });
  const losses = [series('policy loss', 0, (m) => m.loss.policy), series('value loss', 1, (m) => m.loss.value)];
  charts.push({ title: 'training losses', yMax: Math.max(0.5, ...losses.flatMap((s) => s.points.map((p) => p[1]))), series: losses, percent: false });
  const sets = [...new Set(metrics.flatMap((m) => Object.keys(m.errors ?? {})))];
  const errors = sets.flatMap((set, i) => [
    series(`${set} raw`, 2 * i, (m) => m.errors?.[set]?.raw),
    series(`${set} search`, 2 * i + 1, (m) => m.errors?.[set]?.search),
  ]);
  if (errors.length > 0) charts.push({ title: 'move errors on seeds/positions', yMax: 1, series: errors, percent: true });
  const opponents = [...new Set(metrics.flatMap((m) => Object.keys(m.matches ?? {})))];
  const ladder = opponents.map((o, i) => series(`vs ${o}`, i, (m) => m.matches?.[o]?.score));
  if (ladder.length > 0) charts.push({ title: 'match score (1 = all won)', yMax: 1, series: ladder, percent: false });

  const total = H * charts.length + 30;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${total}" width="${W}" height="${total}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="${W}" height="${total}" fill="#fff"/>`,
    `<text x="${pad.l}" y="18" font-size="14" font-weight="600">${esc(title)}</text>`,
  ];
  charts.forEach((c, k) => {
    const top = 30 + k * H;
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
  });
  out.push(`<text x="${W / 2}" y="${total - 4}" text-anchor="middle" fill="#555">generation</text>`, '</svg>');
  return `${out.join('\n')}\n`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
