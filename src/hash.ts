import { createHash } from 'node:crypto';

/** Hex sha256: the content hash of corpus files and passages, the embedding-cache key, and index file checksums. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
