import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { sha256, sha256File } from '../hash.ts';
import { FILE_WINDOW_BYTES, OFF_THREAD_CHECKSUM_MIN_BYTES } from '../limits.ts';

/**
 * Reads a file into memory that a worker thread can share without a copy (a SharedArrayBuffer). Throws the fs error
 * as is (ENOENT for a missing file).
 */
export async function readShared(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const data = Buffer.from(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(data, at, size - at, at);
      if (bytesRead === 0) break; // shrank while being read: the caller's size check reports it
      at += bytesRead;
    }
    return at === size ? data : data.subarray(0, at);
  } finally {
    await handle.close();
  }
}

// Plain JavaScript: a worker started from source code needs no TypeScript loader. A file named by its path is read
// in windows of workerData bytes, so that no whole copy of it is made (the HNSW graph: hnswlib reads its own);
// one that cannot be read gets no digest (null), which fails its check.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
function hashFile(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
    const hash = createHash('sha256');
    const window = Buffer.allocUnsafe(workerData);
    for (let read; (read = readSync(fd, window, 0, window.length, null)) > 0; ) hash.update(window.subarray(0, read));
    return hash.digest('hex');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
parentPort.once('message', (files) => {
  parentPort.postMessage(files.map((file) => file.path !== undefined ? hashFile(file.path) : createHash('sha256').update(new Uint8Array(file.buffer, file.offset, file.length)).digest('hex')));
});
`;

/** What sha256All hashes: bytes in memory, or a file read in windows (never whole). */
export type ChecksumInput = Uint8Array | { path: string; bytes: number };

const isFile = (input: ChecksumInput): input is { path: string; bytes: number } => !(input instanceof Uint8Array);
const sizeOf = (input: ChecksumInput) => (isFile(input) ? input.bytes : input.byteLength);
/** On this thread: a file streamed; one that cannot be read gets no digest (null), as on the worker. */
const hashHere = (input: ChecksumInput): Promise<string | null> => (isFile(input) ? sha256File(input.path).catch(() => null) : Promise.resolve(sha256(input)));

/**
 * The hex sha256 of each input (null for a file that could not be read). Large inputs (≈ 430 MB at 100k passages,
 * 0.6 s of hashing) are hashed by a worker thread (over the same memory for bytes, which must then be shared), so
 * that the caller decodes the files meanwhile; small ones on this thread (a worker costs more to start than they take).
 */
export async function sha256All(inputs: readonly ChecksumInput[]): Promise<(string | null)[]> {
  const total = inputs.reduce((sum, input) => sum + sizeOf(input), 0);
  const shared = inputs.every((input) => isFile(input) || input.buffer instanceof SharedArrayBuffer);
  const here = () => Promise.all(inputs.map(hashHere));
  if (total < OFF_THREAD_CHECKSUM_MIN_BYTES || !shared) return here();
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: FILE_WINDOW_BYTES });
  } catch {
    return here();
  }
  try {
    return await new Promise<(string | null)[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`checksum worker exited with code ${code}`)));
      worker.postMessage(inputs.map((input) => (isFile(input) ? { path: input.path } : { buffer: input.buffer, offset: input.byteOffset, length: input.byteLength })));
    });
  } catch {
    // A worker that failed (resources, a sandbox without threads) costs time, never the check.
    return here();
  } finally {
    void worker.terminate();
  }
}
