import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Hex sha256: the content hash of corpus files and passages, the embedding-cache key, and index file checksums. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Hex sha256 of a file, read as a stream: the same value as sha256(readFile(path)) without holding the file in
 * memory, so that an oversized file in the corpus folder costs time linear in its size, not its size in RAM.
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
