// Profiling helper: the sentence store's build alone over N synthetic passages, CPU ms (npx tsx scripts/prof-build.ts 30000).
import { SentenceStore } from '../src/index/sentence-store.ts';
import { cpuMs, syntheticSetup } from './synthetic.ts';

const { passages } = await syntheticSetup(Number(process.argv[2] ?? 30000), 0);
const mark = cpuMs();
const store = SentenceStore.build(passages);
console.error(`store build ${(cpuMs() - mark).toFixed(0)} ms cpu, ${store.size}`);
