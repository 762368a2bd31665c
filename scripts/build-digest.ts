// Issue 14 build check: the keyword build's stored bytes over N synthetic passages, and its CPU time
// (npx tsx scripts/build-digest.ts 10000 [shared|separate]). `shared` is buildKeywordIndex (what `npm run index`
// and the bench run), `separate` LexicalIndex.build then SentenceStore.build. Both must print the digests that the
// base commit's `separate` prints: a faster build must store the same bytes. One mode per process, so that neither
// starts with the other's warm word caches.
import { createHash } from 'node:crypto';
import { buildKeywordIndex } from '../src/index/keyword-build.ts';
import { LexicalIndex } from '../src/index/lexical-index.ts';
import { SentenceStore } from '../src/index/sentence-store.ts';
import { cpuMs, syntheticSetup } from './synthetic.ts';

const size = Number(process.argv[2] ?? 10000);
const mode = process.argv[3] ?? 'shared';
const { passages } = await syntheticSetup(size, 0);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const wall = performance.now();
const mark = cpuMs();
const { lexical, sentences } = mode === 'separate' ? { lexical: LexicalIndex.build(passages), sentences: SentenceStore.build(passages) } : buildKeywordIndex(passages);
const ms = cpuMs() - mark;
const wallMs = performance.now() - wall;
console.log(`${size} passages: lexical ${sha(lexical.toBytes())}, sentences ${sha(sentences.toBytes())}`);
console.error(`${mode} build: ${ms.toFixed(0)} ms cpu ${wallMs.toFixed(0)} ms wall`);
