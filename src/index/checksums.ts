import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { sha256 } from '../hash.ts';
import { OFF_THREAD_CHECKSUM_MIN_BYTES } from '../limits.ts';

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

// Plain JavaScript: a worker started from source code needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.once('message', (files) => {
  parentPort.postMessage(files.map(({ buffer, offset, length }) => createHash('sha256').update(new Uint8Array(buffer, offset, length)).digest('hex')));
});
`;

/**
 * The hex sha256 of each buffer. Large inputs (≈ 430 MB at 100k passages, 0.6 s of hashing) are hashed by a worker
 * thread over the same memory, so that the caller decodes the files meanwhile; small ones, or buffers not shared,
 * on this thread (a worker costs more to start than they take).
 */
export async function sha256All(buffers: readonly Uint8Array[]): Promise<string[]> {
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const shared = buffers.every((b) => b.buffer instanceof SharedArrayBuffer);
  if (total < OFF_THREAD_CHECKSUM_MIN_BYTES || !shared) return buffers.map((b) => sha256(b));
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true });
  } catch {
    return buffers.map((b) => sha256(b));
  }
  try {
    return await new Promise<string[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`checksum worker exited with code ${code}`)));
      worker.postMessage(buffers.map((b) => ({ buffer: b.buffer, offset: b.byteOffset, length: b.byteLength })));
    });
  } catch {
    // A worker that failed (resources, a sandbox without threads) costs time, never the check.
    return buffers.map((b) => sha256(b));
  } finally {
    void worker.terminate();
  }
}
