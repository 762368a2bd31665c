import { describe, expect, it } from 'vitest';
import { checkTargets, formatMs, formatTable, growthExponent, renderGrowth, renderReport, TARGETS, type BenchReport } from '../../src/bench/report.ts';
import { saysRandomWeights } from '../../src/bench/model.ts';
import { summarize } from '../../src/bench/stats.ts';
import type { ScaleResult } from '../../src/bench/scale.ts';

describe('formatTable', () => {
  it('pads the first column on the right and the others on the left, counting characters not bytes', () => {
    const table = formatTable([
      ['stage', 'p50'],
      ['tiếng Việt', '1 ms'],
      ['x', '12.5 ms'],
    ]);
    expect(table.split('\n')).toEqual(['stage           p50', 'tiếng Việt     1 ms', 'x           12.5 ms']);
  });
});

describe('formatMs', () => {
  it('keeps about three significant figures and switches to seconds past 10 s', () => {
    expect(formatMs(0.8412)).toBe('0.84 ms');
    expect(formatMs(57.04)).toBe('57.0 ms');
    expect(formatMs(1833.4)).toBe('1833 ms');
    expect(formatMs(31_420)).toBe('31.4 s');
  });
});

describe('saysRandomWeights', () => {
  it('recognises a note or a flag saying the weights are random or synthetic, and nothing else', () => {
    expect(saysRandomWeights({ note: 'Synthetic e5-small-shaped model with RANDOM weights' })).toBe(true);
    expect(saysRandomWeights({ random_weights: true })).toBe(true);
    expect(saysRandomWeights({ random_weights: false })).toBe(false);
    expect(saysRandomWeights({ model_type: 'bert', hidden_size: 384 })).toBe(false);
    expect(saysRandomWeights(null)).toBe(false);
  });
});

function scalePoint(passages: number, recall: number, searchP50: number): ScaleResult {
  const s = summarize([searchP50]);
  return {
    passages,
    vectors: 'structured',
    hnsw: { buildMs: 1, efSearch: 200, searchPool: s, searchTop10: s, recallAt10: recall, recallQueries: 1, bruteForce: s },
    lexical: null,
    rssMbAfter: 1,
  };
}

function report(overrides: Partial<BenchReport>): Omit<BenchReport, 'targets'> {
  const base = {
    date: '',
    quick: false,
    durationSeconds: 0,
    machine: { cpuModel: '', cores: 2, memoryGiB: 1, node: '', platform: '', loadAverageAtStart: 0 },
    model: {} as BenchReport['model'],
    notes: [],
    questions: { count: 0, byOrigin: {}, byLang: {} },
    build: { skipped: 'x' },
    coldStart: { skipped: 'x' },
    warm: { skipped: 'x' },
    lexicalOnly: { skipped: 'x' },
    memory: { servingPeakRssMb: null, servingSettledRssMb: null, benchProcessPeakRssMbBeforeScale: 1 },
    scale: { skipped: 'x' },
  };
  return { ...base, ...overrides };
}

describe('growth exponent', () => {
  it('is the log-log slope: 1 for linear, 2 for quadratic, 0 for flat; null without two points', () => {
    const at = (f: (n: number) => number) => [1_000, 10_000, 100_000].map((size) => ({ size, value: f(size) }));
    expect(growthExponent(at((n) => 3 * n))).toBeCloseTo(1, 10);
    expect(growthExponent(at((n) => n * n))).toBeCloseTo(2, 10);
    expect(growthExponent(at(() => 5))).toBeCloseTo(0, 10);
    expect(growthExponent([{ size: 1000, value: 1 }])).toBeNull();
  });

  it('prints each cost at each size with its exponent', () => {
    const point = (passages: number, askMs: number): ScaleResult => ({
      ...scalePoint(passages, 1, 1),
      lexical: { buildMs: passages / 10, loadMs: 1, ask: summarize([askMs]), addArticleMs: 100 },
    });
    const text = renderGrowth([point(1_000, 1), point(10_000, 10), point(100_000, 100)]);
    const ask = text.join('\n').split('\n').find((line) => line.startsWith('keyword ask p50'))!;
    expect(ask).toMatch(/1\.00 ms\s+10\.0 ms\s+100 ms\s+1\.00$/u);
  });
});

describe('checkTargets', () => {
  it('judges the keyword ask on the measured questions, and only prints the warm-up pass', () => {
    const point: ScaleResult = {
      ...scalePoint(10_000, 1, 1),
      lexical: { buildMs: 1, loadMs: 1, ask: summarize([4, 4, 4, 4]), warmUpAsk: summarize([30, 30, 30, 30]), addArticleMs: 1 },
    };
    const p95 = checkTargets(report({ scale: [point] })).find((c) => c.name === 'keyword-only ask p95 at 10k')!;
    expect(p95).toMatchObject({ measured: '4.00 ms', met: true });
    const warmUp = renderGrowth([point]).join('\n').split('\n').find((line) => line.startsWith('keyword ask p95, warm-up'))!;
    expect(warmUp).toContain('30.0 ms');
  });

  it('marks every target not measured when every section was skipped', () => {
    const checks = checkTargets(report({}));
    expect(checks.length).toBeGreaterThanOrEqual(6);
    for (const check of checks) expect(check).toMatchObject({ met: null, measured: 'not measured' });
  });

  it('judges recall at each target size, search speed only at the largest', () => {
    const small = checkTargets(report({ scale: [scalePoint(10_000, 0.5, 9)] }));
    expect(small.find((c) => c.name === 'HNSW recall@10 at 10k')).toMatchObject({ met: false, measured: '0.5000' });
    expect(small.filter((c) => c.name.startsWith('HNSW') && !c.name.endsWith('10k')).every((c) => c.met === null)).toBe(true);

    const checks = checkTargets(report({ scale: [scalePoint(10_000, 1, 0.1), scalePoint(TARGETS.scaleSize, 0.985, 1.5)] }));
    expect(checks.find((c) => c.name === 'HNSW recall@10 at 10k')).toMatchObject({ met: true });
    const recall = checks.find((c) => c.name === 'HNSW recall@10 at 100k')!;
    const search = checks.find((c) => c.name.startsWith('HNSW search'))!;
    expect(recall).toMatchObject({ met: false, measured: '0.9850' });
    expect(search).toMatchObject({ met: true, measured: '1.50 ms' });
  });

  it('judges RSS at a scale point on the serving process when one was measured, else on the bench process', () => {
    const lexical = (serving?: NonNullable<ScaleResult['lexical']>['serving']): ScaleResult => ({
      ...scalePoint(100_000, 1, 1),
      rssMbAfter: 1_500,
      lexical: { buildMs: 1, ask: summarize([1]), ...(serving && { serving }) },
    });
    const rss = (point: ScaleResult) => checkTargets(report({ scale: [point] })).find((c) => c.name.startsWith('RSS with the model + index at 100k'))!;
    expect(rss(lexical())).toMatchObject({ measured: '1500 MB', met: false });
    expect(rss(lexical()).name).toContain('bench process');
    const served = rss(lexical({ peakRssMb: 900, settledRssMb: 800, indexLoadMs: 1_000, mode: 'hybrid' }));
    expect(served).toMatchObject({ measured: '900 MB', met: true });
    expect(served.name).toContain('serving process');
  });

  it('counts the serving RSS against the target only when the model was loaded (hybrid)', () => {
    const coldStart = (mode: 'hybrid' | 'lexical') => ({
      runs: 1,
      mode,
      wallToFirstAnswerMs: 1,
      runtimeStartupMs: 1,
      codeLoadMs: 1,
      modelLoadMs: 1,
      indexLoadMs: 1,
      firstAnswerMs: 1,
      peakRssMb: 700,
      settledRssMb: 500,
      samples: [],
    });
    const memory = { servingPeakRssMb: 700, servingSettledRssMb: 500, benchProcessPeakRssMbBeforeScale: 1 };
    const rss = (mode: 'hybrid' | 'lexical') =>
      checkTargets(report({ coldStart: coldStart(mode), memory })).find((c) => c.name.startsWith('peak RSS'))!;
    expect(rss('lexical').met).toBeNull();
    expect(rss('hybrid')).toMatchObject({ met: false, measured: '700 MB' });
  });
});

describe('renderReport', () => {
  const s = (p50: number) => ({ ...summarize([p50]), p95: p50 * 2 });
  const full = (): BenchReport => {
    const partial = report({
      model: {
        modelId: 'bench-e5-small',
        folder: 'models/bench-e5-small',
        dimension: 384,
        layers: 12,
        hidden: 384,
        vocabulary: 250037,
        onnxFile: 'onnx/model_quantized.onnx',
        onnxMegabytes: 118.4,
        randomWeights: true,
        loadMs: 1,
        unavailableReason: null,
      },
      warm: {
        questions: 200,
        mode: 'hybrid',
        endToEnd: s(60),
        stages: { embedding: s(40), denseSearch: s(0.2), lexicalSearch: s(1), fusionAndQuote: s(15), rendering: s(0.5) },
        bareModel: s(40),
        overheadRatio: 1.5,
        abstained: 3,
      },
      scale: [scalePoint(10_000, 1, 0.8)],
    });
    return { ...partial, targets: checkTargets(partial) };
  };

  it('names the model as random-weight, shows every stage, the ratio, and marks a missed target', () => {
    const text = renderReport(full());
    expect(text).toContain('RANDOM WEIGHTS');
    for (const label of ['embedding (model)', 'dense search (HNSW)', 'lexical search (BM25)', 'fusion + quote', 'Discord embed rendering', 'bare model']) {
      expect(text).toContain(label);
    }
    expect(text).toContain('1.50×');
    expect(text).toMatch(/ask p50 ÷ bare model p50 .*MISSED/);
    expect(text).toMatch(/10,000 +structured .*1\.0000/);
  });

  it('leaves the model stages out of a lexical-mode table rather than showing them as free', () => {
    const report = full();
    if (!('mode' in report.warm)) throw new Error('fixture');
    report.warm.mode = 'lexical';
    const text = renderReport(report);
    expect(text).not.toContain('embedding (model)');
    expect(text).toContain('lexical search (BM25)');
  });

  it('prints one "worst input" line per case with its median, and nothing for a report saved before they existed', () => {
    const report = full();
    const withWorst = renderReport({
      ...report,
      worstInputs: [
        { name: "sentence split 97 KB 'A. '", medianMs: 163.5, runs: 3 },
        { name: 'question at MAX_QUESTION_LENGTH (500 chars)', medianMs: 4.2, runs: 3 },
      ],
    });
    expect(withWorst).toMatch(/worst input: sentence split 97 KB 'A\. ' → +164 ms/u);
    expect(withWorst).toMatch(/worst input: question at MAX_QUESTION_LENGTH \(500 chars\) → +4\.20 ms/u);
    expect(withWorst).toContain('median of 3 run(s) each');
    expect(renderReport(report)).not.toContain('worst input');
    expect(renderReport({ ...report, worstInputs: { skipped: 'no index could be built' } })).toContain('skipped: no index could be built');
  });

  it('prints the Discord burst and judges its last deferral against Discord\'s 3 s; a lost interaction leaves the target unjudged', () => {
    const burst = (lastDeferMs: number, lost: number) => {
      const partial = report({
        discordBurst: { burst: 100, lost, defer: s(40), lastDeferMs, answer: s(900), lastAnswerMs: 2_400 },
      });
      return { ...partial, targets: checkTargets(partial) };
    };
    const quick = burst(120, 0);
    const text = renderReport(quick);
    expect(text).toMatch(/deferral \(acknowledgement\) received +40\.0 ms +80\.0 ms +120 ms/u);
    expect(text).toMatch(/answer received +900 ms +1800 ms +2400 ms/u);
    expect(text).toContain('100 interactions, after a warm-up burst; none lost');
    const target = (r: BenchReport) => r.targets.find((t) => t.name.startsWith('last deferral'))!;
    expect(target(quick)).toMatchObject({ name: "last deferral of a burst of 100 /ask (Discord's deadline)", met: true, measured: '120 ms' });
    expect(target(burst(3_200, 0))).toMatchObject({ met: false, measured: '3200 ms' });
    expect(target(burst(120, 2)).met).toBeNull();
    expect(renderReport(burst(120, 2))).toContain('2 LOST');
    // Reports saved before the line existed render without it.
    expect(renderReport(full())).not.toContain('Burst of simultaneous');
  });

  it('shows the reason of every skipped section', () => {
    const partial = report({ build: { skipped: 'corpus missing' } });
    const text = renderReport({ ...partial, targets: checkTargets(partial) });
    expect(text).toContain('skipped: corpus missing');
  });
});
