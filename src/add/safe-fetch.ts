import http from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { BotError, isBotError } from '../errors.ts';
import { FETCH_TIMEOUT_MS, MAX_FETCH_BYTES, MAX_REDIRECTS } from '../limits.ts';
import { blockedAddressError, guardedLookup, ipLiteralOf, refusedRange, type PrivateAddressPolicy } from './address-guard.ts';

/** Names the bot to the sites it reads, with where to find out what it is. */
export const USER_AGENT = 'vietnam-russia-bot/0.1 (corpus curation: npm run add; one page per command)';

export interface FetchOptions {
  allowPrivateAddresses: PrivateAddressPolicy;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

export interface FetchedResource {
  /** The address the body came from, after redirects. */
  url: string;
  contentType: string;
  /** The charset named in Content-Type, lower-cased, if any. */
  charset: string | null;
  body: Buffer;
  redirects: string[];
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function describeSize(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes`;
}

function tooLarge(url: string, size: string, maxBytes: number): BotError {
  return new BotError('FETCH_TOO_LARGE', `${url} is over the size cap (${size}; the limit is MAX_FETCH_BYTES = ${describeSize(maxBytes)})`);
}

/** Checks the scheme and an IP-literal host before any connection: Node skips `lookup` for IP literals. */
function checkTarget(url: URL, policy: PrivateAddressPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BotError('SOURCE_INVALID', `${url.protocol}// addresses are not fetched: only http:// and https://`);
  }
  if (url.username || url.password) throw new BotError('SOURCE_INVALID', 'addresses with a user name or password are not fetched');
  const literal = ipLiteralOf(url.hostname);
  const range = literal ? refusedRange(literal, policy) : null;
  if (literal && range) throw blockedAddressError(url.hostname, literal, range);
}

interface Hop {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer | null;
}

/**
 * Fetches `address` safely enough to run on a server: http/https only, every address checked against
 * loopback/private/link-local ranges (IP literals before connecting, names at resolution, again after each
 * redirect), at most MAX_REDIRECTS redirects and never the same address twice, one deadline for the whole fetch,
 * and the body counted as it arrives (decompressed) so that nothing over MAX_FETCH_BYTES is held in memory.
 * A non-2xx answer is FETCH_FAILED with its status.
 */
export async function fetchSafely(address: string, options: FetchOptions): Promise<FetchedResource> {
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_FETCH_BYTES;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new BotError('SOURCE_INVALID', `${JSON.stringify(address)} is not a URL`);
  }
  const deadline = Date.now() + timeoutMs;
  const seen = new Set<string>();
  const redirects: string[] = [];
  for (;;) {
    checkTarget(url, options.allowPrivateAddresses);
    seen.add(url.href);
    const hop = await requestOnce(url, options.allowPrivateAddresses, deadline, timeoutMs, maxBytes);
    if (REDIRECT_STATUSES.has(hop.status) && hop.headers.location) {
      let next: URL;
      try {
        next = new URL(hop.headers.location, url);
      } catch {
        throw new BotError('FETCH_FAILED', `${url.href} redirects to an address that is not a URL`);
      }
      next.hash = '';
      if (seen.has(next.href)) throw new BotError('FETCH_FAILED', `${address} redirects in a loop (back to ${next.href})`);
      if (redirects.length >= maxRedirects) throw new BotError('FETCH_FAILED', `${address} redirects more than ${maxRedirects} times (MAX_REDIRECTS)`);
      redirects.push(next.href);
      url = next;
      continue;
    }
    if (hop.status < 200 || hop.status > 299) {
      throw new BotError('FETCH_FAILED', `${url.href} answered HTTP ${hop.status}${http.STATUS_CODES[hop.status] ? ` ${http.STATUS_CODES[hop.status]}` : ''}`, {
        details: { status: hop.status },
      });
    }
    const contentType = String(hop.headers['content-type'] ?? '').toLowerCase();
    const charset = /charset\s*=\s*"?([\w.:-]+)/u.exec(contentType)?.[1] ?? null;
    return { url: url.href, contentType: contentType.split(';')[0]!.trim(), charset, body: hop.body ?? Buffer.alloc(0), redirects };
  }
}

function requestOnce(url: URL, policy: PrivateAddressPolicy, deadline: number, timeoutMs: number, maxBytes: number): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(timeoutError(url, timeoutMs));
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(error);
    };
    const request = client.request(
      url,
      {
        method: 'GET',
        lookup: guardedLookup(policy) as unknown as http.RequestOptions['lookup'],
        headers: {
          'user-agent': USER_AGENT,
          accept: 'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.1',
          'accept-encoding': 'gzip, deflate, br',
        },
        // Keep-alive sockets would outlive the command and keep it running.
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (REDIRECT_STATUSES.has(status) || status < 200 || status > 299) {
          // The body of a redirect or an error page is not needed.
          response.resume();
          settled = true;
          clearTimeout(timer);
          request.destroy();
          return resolve({ status, headers: response.headers, body: null });
        }
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) return fail(tooLarge(url.href, `Content-Length ${describeSize(declared)}`, maxBytes));
        let stream: Readable = response;
        const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase().trim();
        if (encoding === 'gzip' || encoding === 'x-gzip') stream = response.pipe(createGunzip());
        else if (encoding === 'deflate') stream = response.pipe(createInflate());
        else if (encoding === 'br') stream = response.pipe(createBrotliDecompress());
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // Counted after decompression: a small compressed body can inflate to gigabytes.
          if (size > maxBytes) return fail(tooLarge(url.href, `more than ${describeSize(maxBytes)}`, maxBytes));
          chunks.push(chunk);
        });
        stream.on('error', (error) => fail(new BotError('FETCH_FAILED', `${url.href}: the response could not be read (${(error as Error).message})`, { cause: error })));
        stream.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status, headers: response.headers, body: Buffer.concat(chunks) });
        });
        response.on('aborted', () => fail(new BotError('FETCH_FAILED', `${url.href}: the connection closed before the whole response arrived`)));
      },
    );
    const timer = setTimeout(() => fail(timeoutError(url, timeoutMs)), remaining);
    request.on('error', (error) => {
      if (isBotError(error)) return fail(error);
      const code = (error as NodeJS.ErrnoException).code;
      fail(new BotError('FETCH_FAILED', `${url.href} could not be reached (${code ?? error.message})`, { cause: error }));
    });
    request.end();
  });
}

function timeoutError(url: URL, timeoutMs: number): BotError {
  return new BotError('FETCH_TIMEOUT', `${url.href} did not answer in time (the limit is ${timeoutMs / 1000} s: FETCH_TIMEOUT_SECONDS)`);
}
