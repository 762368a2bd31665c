// Profiling helper (issue 14): index load and "one article added" at N synthetic passages, as the bench's scale
// point does them, but repeatable on a generation kept on disk (the HNSW build alone takes minutes at 100k).
//   npx tsx scripts/prof-load.ts 100000 make          writes /tmp/prof-load-100000/index (once)
//   npx tsx scripts/prof-load.ts 100000 load 5        openIndex ×5: CPU and wall ms, medians
//   npx tsx scripts/prof-load.ts 100000 add 3         next generation with one article more ×3, then restored
// PROF_ROOT=/some/dir moves the kept generation elsewhere (e.g. to compare with an older commit's format).
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ADDED_ARTICLE_PASSAGES, CORPUS_SEED, E5_SMALL_DIMENSION, writeGeneration } from '../src/bench/scale.ts';
import { synthesizePassages } from '../src/bench/synthetic-corpus.ts';
import { SYNTHETIC_VECTOR_SHAPE, SyntheticVectorSpace } from '../src/bench/synthetic-vectors.ts';
import { HnswVectorStore } from '../src/index/hnsw-store.ts';
import { LexicalIndex } from '../src/index/lexical-index.ts';
import { SentenceStore } from '../src/index/sentence-store.ts';
import { pointCurrentAt, readCurrentGeneration } from '../src/index/generations.ts';
import { openIndex } from '../src/index/open.ts';
import { cpuMs, syntheticSetup } from './synthetic.ts';

const size = Number(process.argv[2] ?? 10000);
const mode = process.argv[3] ?? 'load';
const repeats = Number(process.argv[4] ?? 3);
const root = process.env.PROF_ROOT ?? `/tmp/prof-load-${size}`;
const indexDir = join(root, 'index');
const hnswCache = join(root, 'vectors.hnsw');
// Same seeds as the bench (src/bench/scale.ts).
const space = () => new SyntheticVectorSpace(E5_SMALL_DIMENSION, 1950, SYNTHETIC_VECTOR_SHAPE);

async function allPassages() {
  const { real } = await syntheticSetup(1, 0);
  return synthesizePassages(real.passages, { count: size + ADDED_ARTICLE_PASSAGES, seed: CORPUS_SEED });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const report = (what: string, cpu: number[], wall: number[]) =>
  console.log(`${what} at ${size}: CPU median ${median(cpu).toFixed(0)} ms [${cpu.map((x) => x.toFixed(0)).join(' ')}], wall median ${median(wall).toFixed(0)} ms [${wall.map((x) => x.toFixed(0)).join(' ')}]`);

if (mode === 'make') {
  const passages = (await allPassages()).slice(0, size);
  await mkdir(root, { recursive: true });
  let store: HnswVectorStore;
  if (existsSync(hnswCache)) store = await HnswVectorStore.load(hnswCache, E5_SMALL_DIMENSION, size);
  else {
    store = HnswVectorStore.build(space().sample(size, 1), E5_SMALL_DIMENSION);
    store.save(hnswCache);
  }
  await rm(indexDir, { recursive: true, force: true });
  await mkdir(indexDir);
  await writeGeneration(indexDir, { passages, lexical: LexicalIndex.build(passages), sentences: SentenceStore.build(passages), vectors: store }, 'synthetic/e5-shaped', null);
  console.log(`wrote ${indexDir}`);
} else if (mode === 'load') {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const c = cpuMs();
    const w = performance.now();
    await openIndex(indexDir);
    cpu.push(cpuMs() - c);
    wall.push(performance.now() - w);
  }
  report('index load', cpu, wall);
} else if (mode === 'add') {
  const all = await allPassages();
  const added = space().sample(ADDED_ARTICLE_PASSAGES, 2);
  const base = (await readCurrentGeneration(indexDir))!;
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const index = await openIndex(indexDir);
    const c = cpuMs();
    const w = performance.now();
    const lexical = LexicalIndex.build(all, { index: index.lexical, passages: index.passages });
    const sentences = SentenceStore.build(all, { store: index.sentences!, passages: index.passages });
    const store = (index.vectors as HnswVectorStore).extend(all.map((_, p) => (p < size ? p : null)), (p) => added[p - size]!);
    await writeGeneration(indexDir, { passages: all, lexical, sentences, vectors: store }, 'synthetic/e5-shaped', index);
    cpu.push(cpuMs() - c);
    wall.push(performance.now() - w);
    const made = (await readCurrentGeneration(indexDir))!;
    await pointCurrentAt(indexDir, base);
    await rm(join(indexDir, made), { recursive: true, force: true });
  }
  report('one article added', cpu, wall);
}
