import type { BuildResult } from './index-build.ts';
import type { ColdStartResult } from './cold-start.ts';
import type { DiscordBurstResult } from './discord-burst.ts';
import type { MachineInfo } from './machine.ts';
import type { ModelInfo } from './model.ts';
import type { ScaleResult } from './scale.ts';
import type { Summary } from './stats.ts';
import { STAGES, type Stage, type WarmResult } from './warm.ts';
import type { WorstInputResult } from './worst-inputs.ts';

/** A section that could not run says why instead of showing numbers. */
export interface Skipped {
  skipped: string;
}
export type Section<T> = T | Skipped;

export function isSkipped<T>(section: Section<T>): section is Skipped {
  return typeof section === 'object' && section !== null && 'skipped' in section;
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  /** null: not measured in this run. */
  met: boolean | null;
}

export interface BenchReport {
  date: string;
  quick: boolean;
  durationSeconds: number;
  machine: MachineInfo;
  model: ModelInfo;
  notes: string[];
  questions: { count: number; byOrigin: Record<string, number>; byLang: Record<string, number> };
  build: Section<BuildResult>;
  coldStart: Section<ColdStartResult>;
  warm: Section<WarmResult>;
  lexicalOnly: Section<{ questions: number; ask: Summary }>;
  memory: { servingPeakRssMb: number | null; servingSettledRssMb: number | null; benchProcessPeakRssMbBeforeScale: number };
  scale: Section<ScaleResult[]>;
  /** Inputs that used to cost super-linear time, at the limits' sizes. Absent from reports saved before 2026-12-02. */
  worstInputs?: Section<WorstInputResult[]>;
  /** A burst of /ask through the fake Discord to the bot as `npm start` runs it. Absent from reports saved before 2026-12-07. */
  discordBurst?: Section<DiscordBurstResult>;
  targets: TargetCheck[];
}

/** The product's targets, in one place so that the table, the JSON and the docs agree. */
export const TARGETS = {
  overheadRatio: 1.3,
  unchangedRebuildMs: 2000,
  peakRssMb: 600,
  recallAt10: 0.99,
  hnswSearchP50Ms: 2,
  lexicalAskP50Ms: 5,
  /** Discord's deadline for the first response to an interaction: its token is useless after. */
  discordAckMs: 3_000,
  /** The recall and search targets are stated for this corpus size. */
  scaleSize: 100_000,
  /** Issue 14's targets per synthetic corpus size (keyword-only ask, keyword build, load, one article added, RSS). */
  bySize: {
    10_000: { askP50Ms: 3, askP95Ms: 10, buildMs: 5_000, loadMs: 500, addArticleMs: 2_000, rssMb: 700 },
    100_000: { askP50Ms: 10, askP95Ms: 40, buildMs: 30_000, loadMs: 1_500, addArticleMs: 5_000, rssMb: 1_200 },
  },
} as const;

/** Costs followed across corpus sizes, with the function that reads each off a scale point. */
export const GROWTH_COSTS: readonly { name: string; value: (s: ScaleResult) => number | undefined; unit: 'ms' | 'MB' }[] = [
  { name: 'keyword ask p50', value: (s) => s.lexical?.ask.p50, unit: 'ms' },
  { name: 'keyword ask p95', value: (s) => s.lexical?.ask.p95, unit: 'ms' },
  { name: 'keyword ask p95, warm-up questions (not judged)', value: (s) => s.lexical?.warmUpAsk?.p95, unit: 'ms' },
  { name: 'keyword build (lexical + sentences)', value: (s) => s.lexical?.buildMs, unit: 'ms' },
  { name: 'index load (no model)', value: (s) => s.lexical?.loadMs, unit: 'ms' },
  { name: 'add one article → new generation', value: (s) => s.lexical?.addArticleMs, unit: 'ms' },
  { name: 'HNSW build', value: (s) => s.hnsw.buildMs, unit: 'ms' },
  { name: 'HNSW search p50 (k = pool)', value: (s) => s.hnsw.searchPool.p50, unit: 'ms' },
  { name: 'bench process RSS', value: (s) => s.rssMbAfter, unit: 'MB' },
  { name: 'serving process peak RSS', value: (s) => s.lexical?.serving?.peakRssMb, unit: 'MB' },
  { name: 'serving process index load', value: (s) => s.lexical?.serving?.indexLoadMs, unit: 'ms' },
];

/**
 * The log-log slope of cost against size (least squares over the points): 1 = linear, 0 = flat, 2 = quadratic.
 * null with fewer than two usable points.
 */
export function growthExponent(points: readonly { size: number; value: number }[]): number | null {
  const usable = points.filter((p) => p.size > 0 && p.value > 0);
  if (usable.length < 2) return null;
  const xs = usable.map((p) => Math.log(p.size));
  const ys = usable.map((p) => Math.log(p.value));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? null : num / den;
}

export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function checkTargets(report: Omit<BenchReport, 'targets'>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const add = (name: string, target: string, value: number | null, format: (v: number) => string, met: (v: number) => boolean) =>
    checks.push({ name, target, measured: value === null ? 'not measured' : format(value), met: value === null ? null : met(value) });

  const warm = isSkipped(report.warm) ? null : report.warm;
  add('ask p50 ÷ bare model p50', `≤ ${TARGETS.overheadRatio}×`, warm?.overheadRatio ?? null, (v) => `${v.toFixed(2)}×`, (v) => v <= TARGETS.overheadRatio);
  const build = isSkipped(report.build) ? null : report.build;
  add('rebuild of unchanged corpus', `≤ ${formatMs(TARGETS.unchangedRebuildMs)}`, build?.unchangedRebuildMs ?? null, formatMs, (v) => v <= TARGETS.unchangedRebuildMs);
  const hybridServing = !isSkipped(report.coldStart) && report.coldStart.mode === 'hybrid' ? report.memory.servingPeakRssMb : null;
  add('peak RSS, serving with the model', `≤ ${TARGETS.peakRssMb} MB`, hybridServing, (v) => `${v} MB`, (v) => v <= TARGETS.peakRssMb);
  const big = isSkipped(report.scale) ? undefined : report.scale.find((s) => s.passages === TARGETS.scaleSize && s.vectors === 'structured');
  add(
    `HNSW search p50 at ${TARGETS.scaleSize / 1000}k (k = retrieval's pool)`,
    `≤ ${formatMs(TARGETS.hnswSearchP50Ms)}`,
    big?.hnsw.searchPool.p50 ?? null,
    formatMs,
    (v) => v <= TARGETS.hnswSearchP50Ms,
  );
  const lexical = isSkipped(report.lexicalOnly) ? null : report.lexicalOnly.ask.p50;
  add('lexical-only ask p50', `≤ ${formatMs(TARGETS.lexicalAskP50Ms)}`, lexical, formatMs, (v) => v <= TARGETS.lexicalAskP50Ms);
  const burst = report.discordBurst === undefined || isSkipped(report.discordBurst) ? null : report.discordBurst;
  add(
    `last deferral of a burst of ${burst?.burst ?? 'n'} /ask (Discord's deadline)`,
    `≤ ${formatMs(TARGETS.discordAckMs)}`,
    burst && burst.lost === 0 ? burst.lastDeferMs : null,
    formatMs,
    (v) => v <= TARGETS.discordAckMs,
  );
  for (const [sizeKey, t] of Object.entries(TARGETS.bySize)) {
    const size = Number(sizeKey);
    const at = isSkipped(report.scale) ? undefined : report.scale.find((s) => s.passages === size && s.vectors === 'structured');
    const k = `${size / 1000}k`;
    const lex = at?.lexical ?? null;
    add(`keyword-only ask p50 at ${k}`, `≤ ${formatMs(t.askP50Ms)}`, lex?.ask.p50 ?? null, formatMs, (v) => v <= t.askP50Ms);
    add(`keyword-only ask p95 at ${k}`, `≤ ${formatMs(t.askP95Ms)}`, lex?.ask.p95 ?? null, formatMs, (v) => v <= t.askP95Ms);
    add(`keyword index build at ${k}`, `≤ ${formatMs(t.buildMs)}`, lex?.buildMs ?? null, formatMs, (v) => v <= t.buildMs);
    add(`index load (no model) at ${k}`, `≤ ${formatMs(t.loadMs)}`, lex?.loadMs ?? null, formatMs, (v) => v <= t.loadMs);
    add(`one article added, new generation at ${k}`, `≤ ${formatMs(t.addArticleMs)}`, lex?.addArticleMs ?? null, formatMs, (v) => v <= t.addArticleMs);
    add(`HNSW recall@10 at ${k}`, `≥ ${TARGETS.recallAt10}`, at?.hnsw.recallAt10 ?? null, (v) => v.toFixed(4), (v) => v >= TARGETS.recallAt10);
    // A serving process on the generation (model loaded, index opened, one answer) when one was measured; else the
    // bench process, which also holds the bench's own structures: an upper bound.
    const serving = lex?.serving;
    add(
      `RSS with the model + index at ${k} (${serving ? 'serving process, peak' : 'bench process'})`,
      `≤ ${t.rssMb} MB`,
      serving?.peakRssMb ?? at?.rssMbAfter ?? null,
      (v) => `${v} MB`,
      (v) => v <= t.rssMb,
    );
  }
  return checks;
}

/** Left-aligned first column, right-aligned others, two spaces apart. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = ' '.repeat((widths[i] ?? 0) - [...cell].length);
          return i === 0 ? cell + pad : pad + cell;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const STAGE_LABELS: Record<Stage, string> = {
  embedding: '  embedding (model)',
  denseSearch: '  dense search (HNSW)',
  lexicalSearch: '  lexical search (BM25)',
  fusionAndQuote: '  analysis, fusion + quote',
  rendering: '  Discord embed rendering',
};

function summaryRow(label: string, s: Summary): string[] {
  return [label, formatMs(s.p50), formatMs(s.p95), String(s.count)];
}

function heading(title: string): string {
  return `\n${title}\n${'─'.repeat([...title].length)}`;
}

export function renderReport(report: BenchReport): string {
  const out: string[] = [];
  const { machine, model } = report;
  out.push(`Benchmark ${report.quick ? '(quick) ' : ''}— ${report.date}, ${report.durationSeconds.toFixed(0)} s`);
  out.push(
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node} (${machine.platform}); ` +
      `load average ${machine.loadAverageAtStart} at start, ${machine.loadAverageAtEnd ?? '?'} at end` +
      (machine.glibcTunables === undefined ? '' : `; GLIBC_TUNABLES ${machine.glibcTunables === '' ? 'unset (malloc without huge pages)' : machine.glibcTunables}`),
  );
  out.push(
    model.folder
      ? `Model: ${model.modelId} from ${model.folder} — ${model.layers ?? '?'} layers, hidden ${model.hidden ?? '?'}, ` +
          `vocabulary ${model.vocabulary ?? '?'}, dimension ${model.dimension}, ${model.onnxFile} ${model.onnxMegabytes ?? '?'} MB` +
          (model.randomWeights ? ' — RANDOM WEIGHTS' : '')
      : `Model: none loaded (${model.unavailableReason}); hybrid figures are not measured`,
  );
  for (const note of report.notes) out.push(`Note: ${note}`);

  out.push(heading('Index build (real corpus)'));
  if (isSkipped(report.build)) out.push(`skipped: ${report.build.skipped}`);
  else {
    const b = report.build;
    out.push(
      formatTable([
        ['corpus', `${b.documents} articles, ${b.passages} passages`],
        ['first build (embeds every passage)', formatMs(b.firstBuildMs)],
        ['  passages per second', b.passagesPerSecond.toFixed(1)],
        ['rebuild, unchanged corpus', formatMs(b.unchangedRebuildMs)],
        ['  embeddings reused from cache', String(b.reusedEmbeddings)],
        ['lexical-only build', formatMs(b.lexicalOnlyBuildMs)],
      ]),
    );
  }

  out.push(heading('Cold start (child process as `npm start` runs it: node --import tsx → settings → model → index → first answer)'));
  if (isSkipped(report.coldStart)) out.push(`skipped: ${report.coldStart.skipped}`);
  else {
    const c = report.coldStart;
    out.push(
      formatTable([
        ['phase (median of runs)', `${c.runs} runs, ${c.mode}`],
        ['spawn → first answer (wall clock)', formatMs(c.wallToFirstAnswerMs)],
        ['  runtime start (node, tsx loader)', formatMs(c.runtimeStartupMs)],
        ['  loading the code', formatMs(c.codeLoadMs)],
        ['  model load', formatMs(c.modelLoadMs)],
        ['  index load + freshness check', formatMs(c.indexLoadMs)],
        ['  first answer (incl. rendering)', formatMs(c.firstAnswerMs)],
        ['peak RSS of the serving process', `${c.peakRssMb} MB`],
        ['  RSS after first answer + full GC', c.settledRssMb === null ? 'n/a' : `${c.settledRssMb} MB`],
      ]),
    );
  }

  out.push(heading('Warm ask latency (real corpus)'));
  if (isSkipped(report.warm)) out.push(`skipped: ${report.warm.skipped}`);
  else {
    const w = report.warm;
    const rows: string[][] = [['', 'p50', 'p95', 'n'], summaryRow(`ask + render, end to end (${w.mode})`, w.endToEnd)];
    // In lexical mode the model stages did not run; zeros would read as "free".
    const ran = STAGES.filter((stage) => w.mode === 'hybrid' || (stage !== 'embedding' && stage !== 'denseSearch'));
    for (const stage of ran) rows.push(summaryRow(STAGE_LABELS[stage], w.stages[stage]));
    if (w.bareModel) rows.push(summaryRow('bare model: embedQueries([q])', w.bareModel));
    out.push(formatTable(rows));
    if (w.overheadRatio !== null) out.push(`whole path ÷ bare model (p50s, same run): ${w.overheadRatio.toFixed(2)}×`);
    out.push(`${w.abstained} of ${w.questions} questions abstained (answers are not judged here, only timed)`);
  }
  if (!isSkipped(report.lexicalOnly)) {
    out.push(formatTable([summaryRow('lexical-only engine: ask + render', report.lexicalOnly.ask)]));
  } else out.push(`lexical-only: skipped: ${report.lexicalOnly.skipped}`);

  if (report.discordBurst !== undefined) {
    out.push(heading('Burst of simultaneous /ask through Discord (bot as `npm start` runs it, lexical-only, fake Discord)'));
    if (isSkipped(report.discordBurst)) out.push(`skipped: ${report.discordBurst.skipped}`);
    else {
      const d = report.discordBurst;
      out.push(
        formatTable([
          ['from dispatch of the burst to', 'p50', 'p95', 'last'],
          ['  deferral (acknowledgement) received', formatMs(d.defer.p50), formatMs(d.defer.p95), formatMs(d.lastDeferMs)],
          ['  answer received', formatMs(d.answer.p50), formatMs(d.answer.p95), formatMs(d.lastAnswerMs)],
        ]),
      );
      out.push(`${d.burst} interactions, after a warm-up burst; ${d.lost === 0 ? 'none lost' : `${d.lost} LOST (not deferred and answered in time)`}`);
    }
  }

  out.push(heading('Memory'));
  out.push(
    formatTable([
      ['serving process peak RSS (cold-start child)', report.memory.servingPeakRssMb === null ? 'n/a' : `${report.memory.servingPeakRssMb} MB`],
      ['  settled, after a full GC', report.memory.servingSettledRssMb === null ? 'n/a' : `${report.memory.servingSettledRssMb} MB`],
      ['bench process peak RSS before scale tests', `${report.memory.benchProcessPeakRssMbBeforeScale} MB`],
    ]),
  );

  out.push(heading('Scale (synthetic corpora; HNSW on synthetic e5-shaped vectors, see notes)'));
  if (isSkipped(report.scale)) out.push(`skipped: ${report.scale.skipped}`);
  else {
    const rows: string[][] = [['passages', 'vectors', 'HNSW build', 'search p50 k=60', 'k=10', 'recall@10', 'exact p50', 'BM25 build', 'lexical ask p50', 'bench RSS', 'serving RSS (settled)']];
    for (const s of report.scale) {
      rows.push([
        s.passages.toLocaleString('en-US'),
        s.vectors,
        formatMs(s.hnsw.buildMs),
        formatMs(s.hnsw.searchPool.p50),
        formatMs(s.hnsw.searchTop10.p50),
        s.hnsw.recallAt10.toFixed(4),
        formatMs(s.hnsw.bruteForce.p50),
        s.lexical ? formatMs(s.lexical.buildMs) : '—',
        s.lexical ? formatMs(s.lexical.ask.p50) : '—',
        `${s.rssMbAfter} MB`,
        s.lexical?.serving ? `${s.lexical.serving.peakRssMb} MB (${s.lexical.serving.settledRssMb ?? '—'})` : '—',
      ]);
    }
    out.push(formatTable(rows));
    const ef = report.scale[0]?.hnsw.efSearch;
    out.push(`ef (HNSW_EF_SEARCH) = ${ef}; recall over ${report.scale.map((s) => s.hnsw.recallQueries).join(' / ')} query vectors`);
    if (report.scale.some((s) => s.lexical === null)) out.push('— : lexical side not measured at this point of the plan');
    out.push(...renderGrowth(report.scale));
  }

  if (report.worstInputs !== undefined) {
    out.push(heading('Worst inputs at the limits (one article or question each; a jump means super-linear work is back)'));
    if (isSkipped(report.worstInputs)) out.push(`skipped: ${report.worstInputs.skipped}`);
    else {
      const runs = report.worstInputs[0]?.runs ?? 0;
      out.push(formatTable(report.worstInputs.map((w) => [`worst input: ${w.name} →`, formatMs(w.medianMs)])));
      out.push(`median of ${runs} run(s) each; an article is parsed, cleaned, chunked, deduplicated and its dates extracted`);
    }
  }

  out.push(heading('Targets'));
  out.push(
    formatTable([
      ['', 'target', 'measured', ''],
      ...report.targets.map((t) => [t.name, t.target, t.measured, t.met === null ? '—' : t.met ? 'met' : 'MISSED']),
    ]),
  );
  return out.join('\n');
}

/** Each cost at each structured size, with its growth exponent: super-linear growth shows at a glance. */
export function renderGrowth(scale: readonly ScaleResult[]): string[] {
  const points = scale.filter((s) => s.vectors === 'structured').sort((a, b) => a.passages - b.passages);
  if (points.length === 0) return [];
  const rows: string[][] = [['cost', ...points.map((p) => `${p.passages / 1000}k`), 'exponent']];
  for (const cost of GROWTH_COSTS) {
    const values = points.map((p) => cost.value(p));
    if (values.every((v) => v === undefined)) continue;
    const exponent = growthExponent(points.flatMap((p, i) => (values[i] === undefined ? [] : [{ size: p.passages, value: values[i]! }])));
    rows.push([
      cost.name,
      ...values.map((v) => (v === undefined ? '—' : cost.unit === 'MB' ? `${v} MB` : formatMs(v))),
      exponent === null ? '—' : exponent.toFixed(2),
    ]);
  }
  return [heading('Growth with corpus size (exponent: log-log slope; 1 = linear)'), formatTable(rows)];
}
