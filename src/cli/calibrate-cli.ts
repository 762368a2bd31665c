import { Command, InvalidArgumentError } from 'commander';
import { calibrationShortfall, fitThreshold, shouldHave, tradeOffAt, type CalibrationPoint, type TradeOff } from '../feedback/calibrate.ts';
import { refusalThreshold } from '../feedback/service.ts';
import { CALIBRATION_MIN_PER_SIDE, CALIBRATION_MIN_VOTES } from '../limits.ts';
import { jsonLine } from '../reply/json.ts';
import { bootstrapSettings, exitWithError } from './bootstrap.ts';
import { endQuietlyOnClosedPipe } from './closed-pipe.ts';
import { openFeedbackForReport } from './feedback-db.ts';

endQuietlyOnClosedPipe();

/**
 * `npm run calibrate -- [--json] [--wrong-quote-cost N]`: fits the refusal threshold to the votes and prints the
 * trade-off and the `.env` line to set. It changes nothing itself. Below CALIBRATION_MIN_VOTES it says how many more
 * votes are needed.
 */
const THRESHOLD_SETTING = 'ABSTAIN_THRESHOLD';
/** Rows of the trade-off table besides the current and fitted thresholds. */
const TABLE_STEP = 0.1;

function parseCost(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 100) throw new InvalidArgumentError('expected a number above 0 and at most 100');
  return n;
}

const program = new Command('calibrate')
  .description('Fit the refusal threshold to the 👍/👎 votes; prints the trade-off and the .env line (changes nothing)')
  .option('--json', 'print the result as one JSON object')
  .option('--wrong-quote-cost <n>', 'how many refused answerable questions one wrong quote is worth', parseCost, 1)
  .parse();

const opts = program.opts<{ json?: boolean; wrongQuoteCost: number }>();

const percent = (n: number, of: number) => (of === 0 ? '–' : `${Math.round((100 * n) / of)}%`);

function row(tradeOff: TradeOff, answer: number, refuse: number, marks: string[]): string {
  return [
    tradeOff.threshold.toFixed(Math.max(2, decimals(tradeOff.threshold))).padStart(9),
    `${tradeOff.answerableRefused} (${percent(tradeOff.answerableRefused, answer)})`.padStart(20),
    `${tradeOff.wrongShown} (${percent(tradeOff.wrongShown, refuse)})`.padStart(20),
    marks.length > 0 ? `  ← ${marks.join(', ')}` : '',
  ].join('');
}

function decimals(x: number): number {
  const text = String(x);
  return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
}

const settings = bootstrapSettings();
try {
  const store = openFeedbackForReport(settings);
  const votes = store?.votes() ?? [];
  store?.close();
  const points: CalibrationPoint[] = votes.flatMap((v) => (v.confidence === null ? [] : [{ score: v.confidence, should: shouldHave(v) }]));
  const withoutScore = votes.length - points.length;
  const current = refusalThreshold(settings);
  const shortfall = calibrationShortfall(points);
  const answer = points.filter((p) => p.should === 'answer').length;
  const refuse = points.length - answer;

  if (shortfall) {
    if (opts.json) {
      process.stdout.write(jsonLine({ votes: votes.length, withConfidence: points.length, answer, refuse, current, shortfall, changed: false }));
    } else {
      const lines = [
        `Not enough votes to calibrate: ${points.length} votes carry a confidence (${answer} say the bot should have answered, ${refuse} that it should have refused)${withoutScore > 0 ? `; ${withoutScore} more have none and cannot be used` : ''}.`,
        `Calibration needs at least ${CALIBRATION_MIN_VOTES}, with at least ${CALIBRATION_MIN_PER_SIDE} on each side: ${shortfall.votes} more ${shortfall.votes === 1 ? 'vote is' : 'votes are'} needed` +
          (shortfall.answer > 0 ? `, ${shortfall.answer} of them saying it should have answered (👍 on an answer, or 👎 on a refusal)` : '') +
          (shortfall.refuse > 0 ? `, ${shortfall.refuse} of them saying it should have refused (👎 on an answer, or 👍 on a refusal)` : '') +
          '.',
        `Nothing was changed; ${THRESHOLD_SETTING} stays ${current}.`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  } else {
    const fit = fitThreshold(points, current, opts.wrongQuoteCost);
    const envLine = `${THRESHOLD_SETTING}=${fit.best.threshold}`;
    const unchanged = fit.best.threshold === current;
    if (opts.json) {
      process.stdout.write(
        jsonLine({ votes: votes.length, withConfidence: points.length, answer, refuse, current: fit.current, best: fit.best, candidates: fit.candidates, env: unchanged ? {} : { [THRESHOLD_SETTING]: String(fit.best.threshold) }, changed: false }),
      );
    } else {
      const grid = Array.from({ length: Math.round(1 / TABLE_STEP) + 1 }, (_, i) => Math.round(i * TABLE_STEP * 100) / 100);
      const thresholds = [...new Set([...grid, current, fit.best.threshold])].sort((a, b) => a - b);
      const table = thresholds.map((t) => {
        const marks = [...(t === fit.best.threshold ? ['fitted'] : []), ...(t === current ? ['current'] : [])];
        return row(tradeOffAt(points, t, opts.wrongQuoteCost), answer, refuse, marks);
      });
      const lines = [
        `${points.length} votes with a confidence: ${answer} say the bot should have answered, ${refuse} that it should have refused${withoutScore > 0 ? ` (${withoutScore} without a confidence left out)` : ''}.`,
        `One wrong quote counts as ${opts.wrongQuoteCost} refused answerable question${opts.wrongQuoteCost === 1 ? '' : 's'} (--wrong-quote-cost).`,
        '',
        `${'threshold'.padStart(9)}${'answerable refused'.padStart(20)}${'wrong quotes shown'.padStart(20)}`,
        ...table,
        '',
        unchanged
          ? `The current threshold ${current} is already the best fit for these votes; nothing to change.`
          : `Fitted threshold ${fit.best.threshold}: ${fit.best.answerableRefused} answerable refused and ${fit.best.wrongShown} wrong quotes shown, against ${fit.current.answerableRefused} and ${fit.current.wrongShown} at the current ${current}.`,
        ...(unchanged ? [] : ['', 'To use it, set in .env (nothing was changed):', envLine]),
        '',
        'Fusion weights (FUSION_DENSE_WEIGHT, FUSION_LEXICAL_WEIGHT) are not fitted from votes yet: tune them with `npm run eval -- --engine` where the model loads.',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  }
} catch (error) {
  exitWithError(error);
}
