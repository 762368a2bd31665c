import { parentPort, workerData } from 'node:worker_threads';
import { analyseKeywordHalf, type KeywordHalfInput } from './keyword-build.ts';

// The worker thread of a parallel keyword build: analyses the passages it was given and sends back plain data, the
// arrays' buffers transferred rather than copied.
const result = analyseKeywordHalf(workerData as KeywordHalfInput);
const buffers = [result.lexical.text, result.lexical.title].flatMap((f) => [f.starts.buffer, f.ids.buffer, f.tfs.buffer]);
for (const array of Object.values(result.sentences.arrays)) {
  if (ArrayBuffer.isView(array)) buffers.push(array.buffer);
  else buffers.push(array.starts.buffer, array.values.buffer);
}
parentPort!.postMessage(result, buffers as ArrayBuffer[]);
