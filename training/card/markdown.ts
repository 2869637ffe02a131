/**
 * The model card in Markdown (models/<name>.md): how the shipped generation
 * was trained, its last generation's figures, its matches against the
 * perfect solver and its error rates, from the card's data (./data.ts).
 */
import { stagesOf, type Card } from './data.js';

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
    return `Trained from scratch by \`npm run train -- --config seeds/${t.run}.json --seed ${t.seed}\`, generation ${t.generation} of ${t.generationsPlanned} planned;`;
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
  // `?? 20`: cards written before the gate's size was recorded here had 20-game gates.
  const n = ('games' in p ? p.games : undefined) ?? 20;
  return [`| time to perfect play | generation ${p.generation}: ${p.wallHours.toFixed(2)} h wall, ${p.cpuHours.toFixed(2)} h CPU (\`${p.config}\`; first gate with ${n} wins at ply 41 first and ${n} losses at ply 41 second) |`];
}

/** The run's last gates: whether the first perfect one stayed perfect. */
function lastGatesLines(t: Card['training']): string[] {
  const gates = 'lastGates' in t ? (t.lastGates ?? []) : [];
  if (gates.length === 0) return [];
  const colour = (c: { games: number; wins: number; draws: number; losses: number }) => `${c.wins}-${c.draws}-${c.losses} of ${c.games}`;
  return [
    `Last ${gates.length} gate${gates.length > 1 ? 's' : ''} against the solver (wins-draws-losses; perfect: every game at ply 41; a failing gate stops at its first imperfect game):`,
    '',
    '| generation | wall hours | agent second | agent first | perfect |',
    '|---|---|---|---|---|',
    ...gates.map((g) => `| ${g.generation} | ${g.wallHours.toFixed(2)} | ${colour(g.second)} | ${colour(g.first)} | ${g.perfect ? 'yes' : 'no'} |`),
    '',
  ];
}

/** The run's last broad measure (training/eval/broad.ts): outcome and exact misses per set and in all. */
function broadLines(t: Card['training']): string[] {
  const b = 'lastBroad' in t ? (t.lastBroad ?? null) : null;
  if (b === null) return [];
  const cell = (e: { exact: number[]; outcome: number[] }, k: number) => `${e.outcome[k]} / ${e.exact[k]}`;
  return [
    `Broad measure at generation ${b.generation} (the first ${b.positions[0]} positions of each set; outcome / exact misses, the agent's mirror-averaged evaluations):`,
    '',
    `| set | positions | raw | ${b.search.map((s) => `${s.simulations} simulations`).join(' | ')} |`,
    `|---|---|---|${b.search.map(() => '---|').join('')}`,
    ...b.sets.map((set, k) => `| ${set} | ${b.positions[k]} | ${cell(b.raw, k)} | ${b.search.map((s) => cell(s, k)).join(' | ')} |`),
    `| all | ${b.total.positions} | ${b.total.raw.outcome} / ${b.total.raw.exact} | ${b.total.search.map((s) => `${s.outcome} / ${s.exact}`).join(' | ')} |`,
    '',
  ];
}

export function renderCardMarkdown(card: Card, curveFile: string): string {
  const lines = [...trainingSection(card, curveFile), ...lastGenerationSection(card), ...matchesSection(card), ...errorRatesSection(card)];
  return `${lines.join('\n')}\n`;
}

/** The title, how the model was trained, the training table and the curves. */
function trainingSection(card: Card, curveFile: string): string[] {
  const t = card.training;
  return [
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
    ...lastGatesLines(t),
    ...broadLines(t),
  ];
}

/** The last generation's losses, ladder and errors on seeds/positions. */
function lastGenerationSection(card: Card): string[] {
  const t = card.training;
  const lg = card.lastGeneration;
  // The ladder's size and budget as the run's config set them (older cards: the defaults of the time, 20 games at 50).
  const ev = (t.config as { eval?: { games?: number; simulations?: number } }).eval;
  const ladderGames = ev?.games ?? 20;
  const ladderSims = ev?.simulations ?? 50;
  const lines = ['## Last generation', '', `Losses: policy ${lg.loss.policy}, value ${lg.loss.value}.`];
  if (lg.matches) {
    lines.push(`Ladder (${ladderGames} games, ${ladderSims} simulations): ${Object.entries(lg.matches).map(([k, m]) => `${k} ${m.w}-${m.d}-${m.l}`).join(', ')}.`);
  }
  if (lg.errors) {
    lines.push(`Errors on seeds/positions (raw / ${ladderSims}-simulation search): ${Object.entries(lg.errors).map(([k, e]) => `${k} ${pct(e.raw)} / ${pct(e.search)}`).join(', ')}.`);
  }
  lines.push('');
  return lines;
}

/** The matches: against the perfect solver first, then against the baselines (alpha-beta, one-ply, random), each with settings, W/D/L per colour and first mistakes. */
function matchesSection(card: Card): string[] {
  const lines = ['## Against the perfect solver', ''];
  const solver = card.matches.filter((m) => m.opponent === 'solver');
  const baselines = card.matches.filter((m) => m.opponent !== 'solver');
  if (solver.length === 0) lines.push('No match has been run on this file yet (`npm run match`).', '');
  for (const m of solver) lines.push(...matchLines(m));
  if (baselines.length > 0) {
    lines.push('## Against the baselines', '');
    for (const m of baselines) lines.push(...matchLines(m));
  }
  return lines;
}

/** One match record: its settings, W/D/L per colour, first mistakes. */
function matchLines(m: Card['matches'][number]): string[] {
  const budget = ('sims' in m.budget ? `${m.budget.sims} simulations` : `${m.budget.ms} ms`) + (m.pruneLosing ? ' (pruning moves that lose at once)' : '') + (m.mirrorAverage ? ' (evaluations mirror-averaged)' : '');
  const lines = [`\`${m.file}\`: opponent ${m.opponent}, ${budget} per move, seeds ${m.seeds}, median ms per move: agent ${m.msPerMove.agent}, opponent ${m.msPerMove.opponent}.`, ''];
  lines.push('| agent | games | wins | draws | losses | game lengths (plies) |', '|---|---|---|---|---|---|');
  for (const c of m.byColour) lines.push(`| ${c.agent} | ${c.games} | ${c.wins} | ${c.draws} | ${c.losses} | ${c.plies.join(' ')} |`);
  const mistakes = m.firstMistakes.filter((g) => g.firstMistake !== null).map((g) => `seed ${g.seed} (${g.agentFirst ? 'first' : 'second'}): ply ${g.firstMistake}`);
  lines.push('', `First mistakes: ${mistakes.length === 0 ? 'none' : mistakes.join('; ')}.`, '');
  return lines;
}

/** The error rates of each eval record, then the sets measured in parts, combined. */
function errorRatesSection(card: Card): string[] {
  const lines = ['## Error rates (`npm run eval`)', ''];
  const e = card.errorRates;
  if (e.length === 0) return [...lines, 'Not measured on this file yet.', ''];
  lines.push(
    'Exact: a move is an error when its exact score is below the best available (a slower win counts).',
    'Outcome: a move is an error when it changes win/draw/loss, the criterion of AlphaZero.jl\'s Pons benchmark, whose published rates compare with this column.',
    '',
    '| set | positions | unjudged | raw: exact | raw: outcome | search: exact | search: outcome | simulations | record |',
    '|---|---|---|---|---|---|---|---|---|',
    ...e.map((s) => `| ${s.set} | ${s.positions} | ${s.unjudged} | ${pct(s.raw)} | ${pct(s.rawOutcome)} | ${pct(s.search)} | ${pct(s.searchOutcome)} | ${searchLabel(s)} | \`${s.file}\` |`),
    '',
  );
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
  return lines;
}
