// Profiling helper (issue 14): the bench's serving child (src/bench/cold-start-child.ts: settings → model → index →
// one answer) on the generation scripts/prof-load.ts keeps on disk, alone, so that its peak RSS can be measured
// without the 15-minute bench. The generation's files are hard-linked into a sibling folder whose manifest names the
// bench model (the vectors are synthetic either way, as in the bench's scale point).
//   npx tsx scripts/prof-load.ts 100000 make     once
//   npx tsx scripts/prof-serve.ts 100000 3       three serving children: peak RSS, settled RSS, index load
// MODEL_DIR must hold the bench model (models/bench/e5-small, `npm run make-model`); PROF_ROOT as in prof-load.ts.
import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { measureColdStart } from '../src/bench/cold-start.ts';
import { BENCH_MODEL_ID } from '../src/bench/model.ts';
import { INDEX_FILES } from '../src/index/build.ts';
import { pointCurrentAt, readCurrentGeneration } from '../src/index/generations.ts';

const size = Number(process.argv[2] ?? 10000);
const runs = Number(process.argv[3] ?? 3);
const root = process.env.PROF_ROOT ?? `/tmp/prof-load-${size}`;
const source = join(root, 'index');
const target = join(root, 'serve-index');
const modelDir = resolve(process.env.MODEL_DIR ?? 'models');

const generation = await readCurrentGeneration(source);
if (generation === null) throw new Error(`no generation in ${source}: run scripts/prof-load.ts ${size} make first`);
await rm(target, { recursive: true, force: true });
await mkdir(join(target, generation), { recursive: true });
for (const name of await readdir(join(source, generation))) {
  if (name !== INDEX_FILES.manifest) await link(join(source, generation, name), join(target, generation, name));
}
const manifest = JSON.parse(await readFile(join(source, generation, INDEX_FILES.manifest), 'utf8')) as { model: { id: string } };
manifest.model.id = BENCH_MODEL_ID;
await writeFile(join(target, generation, INDEX_FILES.manifest), JSON.stringify(manifest));
await pointCurrentAt(target, generation);
const emptyCorpus = join(root, 'empty-corpus');
await mkdir(emptyCorpus, { recursive: true });

const result = await measureColdStart(
  { ...process.env, MODEL_DIR: modelDir, EMBEDDING_MODEL: BENCH_MODEL_ID, EMBEDDINGS: 'on', LOG_LEVEL: 'warn', INDEX_DIR: target, CORPUS_DIR: emptyCorpus },
  runs,
);
const list = (pick: (s: (typeof result.samples)[number]) => number) => result.samples.map((s) => Math.round(pick(s))).join(' ');
console.log(
  `serving at ${size} (${result.mode}): peak RSS median ${result.peakRssMb} MB [${list((s) => s.peakRssMb)}], settled ${result.settledRssMb} MB [${list((s) => s.settledRssMb ?? NaN)}], ` +
    `index load median ${result.indexLoadMs.toFixed(0)} ms [${list((s) => s.indexLoaded - s.modelLoaded)}], model load ${result.modelLoadMs.toFixed(0)} ms`,
);
