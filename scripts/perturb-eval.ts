// Robustness of retrieval to how people type: the tuning sets' answerable "full" questions, asked as written, in
// lower case, without diacritics, and with one typo per long word pair, in keyword-only mode.
//   npx tsx scripts/perturb-eval.ts [eval/dev-b.json ...]     (default: every tuning set)
import { loadSettings } from '../src/config.ts';
import { loadEvalSet } from '../src/eval/eval-set.ts';
import { buildInMemoryIndex } from '../src/eval/in-memory-index.ts';
import { evaluate } from '../src/eval/run.ts';
import { FITTED_CONFIDENCE_MODEL } from '../src/retrieval/confidence-model.ts';
import { retrieve } from '../src/retrieval/retrieve.ts';

const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['eval/dev-b.json', 'eval/dev-set.json', 'eval/eval-set.json', 'eval/paraphrase-set.json'];
const settings = loadSettings();
const index = await buildInMemoryIndex(settings.CORPUS_DIR);
const deps = { embedder: null, weights: { dense: 0, lexical: 1 }, abstainThreshold: FITTED_CONFIDENCE_MODEL.threshold };

const stripMarks = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
// One slip in the question's longest word (ties: the first), of one kind: two inner letters swapped, a letter
// dropped, a letter doubled, or a letter replaced by the one after it in the alphabet.
function slip(kind: 'swap' | 'drop' | 'double' | 'replace') {
  return (s: string): string => {
    const words = s.match(/\p{L}+/gu) ?? [];
    const longest = words.reduce((a, w) => ([...w].length > [...a].length ? w : a), '');
    if ([...longest].length < 4) return s;
    const c = [...longest];
    const i = Math.floor(c.length / 2);
    if (kind === 'swap') [c[i - 1], c[i]] = [c[i]!, c[i - 1]!];
    else if (kind === 'drop') c.splice(i, 1);
    else if (kind === 'double') c.splice(i, 0, c[i]!);
    else c[i] = String.fromCodePoint(c[i]!.codePointAt(0)! + 1);
    return s.replace(longest, c.join(''));
  };
}
const variants: Record<string, (s: string) => string> = { asWritten: (s) => s, lowercase: (s) => s.toLowerCase(), noDiacritics: (s) => stripMarks(s.toLowerCase()), swap: slip('swap'), drop: slip('drop'), double: slip('double'), replace: slip('replace') };

const rows: string[] = [];
for (const file of files) {
  const questions = (await loadEvalSet(file)).questions.filter((q) => q.expect.length > 0 && (q.form ?? 'full') === 'full');
  for (const [name, f] of Object.entries(variants)) {
    const changed = questions.map((q) => ({ ...q, question: f(q.question) }));
    const out = await evaluate(changed, (r) => retrieve(index, r, deps));
    const byLang = new Map<string, { n: number; h1: number; h5: number; ref: number }>();
    for (const e of out) {
      for (const key of ['all', e.outcome.lang]) {
        const m = byLang.get(key) ?? { n: 0, h1: 0, h5: 0, ref: 0 };
        m.n++;
        if (e.outcome.abstained) m.ref++;
        else if (e.outcome.rank !== null) {
          if (e.outcome.rank === 1) m.h1++;
          if (e.outcome.rank <= 5) m.h5++;
        }
        byLang.set(key, m);
      }
    }
    const cell = (k: string) => {
      const m = byLang.get(k);
      return m === undefined ? '-' : `${(m.h1 / m.n).toFixed(2)}/${(m.h5 / m.n).toFixed(2)} r${m.ref}`;
    };
    rows.push(`${file.padEnd(26)} ${name.padEnd(13)} all ${cell('all')}  vi ${cell('vi')}  id ${cell('id')}  en ${cell('en')}  ru ${cell('ru')}`);
  }
}
console.log(rows.join('\n'));
