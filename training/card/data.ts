/**
 * The model card: what a shipped model is (run, config, seed, how much
 * self-play and training made it, on what machine time) and what it was
 * measured to do (solver matches, error rates), built only from files on
 * disk: the data behind models/<name>.card.json, rendered as Markdown by
 * ./markdown.ts and its training curves as SVG by ./svg.ts.
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
      lastGates: lastGatesOf(metrics),
      lastBroad: lastBroadOf(metrics),
      config,
    },
    lastGeneration: { loss: last.loss, probes: last.probes ?? null, errors: last.errors ?? null, matches: last.matches ?? null },
  };
}

/**
 * The first generation whose in-loop gate was perfect (every game moving
 * first won at ply 41, every game moving second lost at ply 41) and the
 * run's hours up to it; null when no gate of the run was perfect or the run
 * had no gate.
 */
function timeToPerfectOf(name: string, metrics: readonly Metrics[]) {
  const g = timeToPerfect(metrics);
  return g === null ? null : { config: `seeds/${name}.json`, generation: g.generation, games: g.second.games, wallHours: g.wallHours, cpuHours: g.cpuHours };
}

/** How many of the last gates the card lists. */
export const LAST_GATES = 5;

/** The run's last gates (a perfect first gate may be followed by failing ones: the card says so). */
export function lastGatesOf(metrics: readonly Metrics[]) {
  return metrics
    .filter((m) => m.gate)
    .slice(-LAST_GATES)
    .map(({ gate: g }) => ({
      generation: g!.generation,
      perfect: g!.perfect,
      first: { games: g!.first.games, wins: g!.first.wins, draws: g!.first.draws, losses: g!.first.losses },
      second: { games: g!.second.games, wins: g!.second.wins, draws: g!.second.draws, losses: g!.second.losses },
      wallHours: g!.wallHours,
    }));
}

/** The last broad measure of the run, with totals over its sets; null when the run had none. */
export function lastBroadOf(metrics: readonly Metrics[]) {
  const m = [...metrics].reverse().find((x) => x.broad);
  if (!m) return null;
  const b = m.broad!;
  const sum = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0);
  const totals = (e: { exact: number[]; outcome: number[] }) => ({ exact: sum(e.exact), outcome: sum(e.outcome) });
  return { generation: m.generation, ...b, total: { positions: sum(b.positions), raw: totals(b.raw), search: b.search.map((s) => ({ simulations: s.simulations, ...totals(s) })) } };
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
