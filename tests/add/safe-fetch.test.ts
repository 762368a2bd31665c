import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSafely, USER_AGENT, type FetchOptions } from '../../src/add/safe-fetch.ts';
import { guardedLookup } from '../../src/add/address-guard.ts';
import { BotError, type ErrorCode } from '../../src/errors.ts';
import { MAX_FETCH_BYTES } from '../../src/limits.ts';
import { LocalSite } from './support/site.ts';

/** Real fetches against a real server on 127.0.0.1. Only the test server's own address is allowed where noted. */
let site: LocalSite;
const onlyTestServer: FetchOptions = { allowPrivateAddresses: (address) => address === '127.0.0.1', timeoutMs: 5_000 };

beforeAll(async () => {
  site = await LocalSite.start();
});
afterAll(async () => {
  await site.close();
});

async function failure(promise: Promise<unknown>): Promise<BotError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BotError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<void> {
  const error = await failure(promise);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
}

describe('fetchSafely', () => {
  it('fetches a page, names the bot in its user agent, and follows a redirect', async () => {
    const target = site.page('/article', '<html><body>ok</body></html>');
    const start = site.redirect('/short', '/article', 301);
    const fetched = await fetchSafely(start, onlyTestServer);
    expect(fetched.url).toBe(target);
    expect(fetched.redirects).toEqual([target]);
    expect(fetched.contentType).toBe('text/html');
    expect(fetched.charset).toBe('utf-8');
    expect(fetched.body.toString()).toContain('ok');
    expect(site.requests.find((request) => request.path === '/article')?.userAgent).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/vietnam-russia-bot/u);
  });

  it('decompresses gzip', async () => {
    const url = site.route('/gz', (_request, response) => response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync('<p>zipped</p>')));
    expect((await fetchSafely(url, onlyTestServer)).body.toString()).toBe('<p>zipped</p>');
  });

  it('loopback is refused when the setting is off, before any request is sent', async () => {
    const url = site.page('/secret', 'internal');
    const before = site.requests.length;
    await expectCode(fetchSafely(url, { allowPrivateAddresses: false }), 'FETCH_BLOCKED', /127\.0\.0\.1, a loopback address.*FETCH_ALLOW_PRIVATE_ADDRESSES/u);
    // By name too: "localhost" is resolved and its address checked.
    await expectCode(fetchSafely(url.replace('127.0.0.1', 'localhost'), { allowPrivateAddresses: false }), 'FETCH_BLOCKED', /loopback/u);
    expect(site.requests.length).toBe(before);
  });

  it('a redirect to a private or link-local address is refused', async () => {
    await expectCode(fetchSafely(site.redirect('/to-metadata', 'http://169.254.169.254/latest/meta-data/'), onlyTestServer), 'FETCH_BLOCKED', /linkLocal/u);
    await expectCode(fetchSafely(site.redirect('/to-lan', 'http://10.0.0.7/admin'), onlyTestServer), 'FETCH_BLOCKED', /private/u);
    await expectCode(fetchSafely(site.redirect('/to-v6', 'http://[::1]/'), onlyTestServer), 'FETCH_BLOCKED', /loopback/u);
  });

  it('the name resolver drops non-public addresses (checked where the connection is made)', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<unknown>((resolve) => lookup('localhost', {}, (err) => resolve(err)));
    expect(error).toBeInstanceOf(BotError);
    expect((error as BotError).code).toBe('FETCH_BLOCKED');
  });

  it('only http and https', async () => {
    await expectCode(fetchSafely('file:///etc/passwd', { allowPrivateAddresses: true }), 'SOURCE_INVALID', /only http/u);
    await expectCode(fetchSafely(site.redirect('/to-file', 'file:///etc/passwd'), onlyTestServer), 'SOURCE_INVALID', /only http/u);
    await expectCode(fetchSafely('not a url', { allowPrivateAddresses: true }), 'SOURCE_INVALID');
  });

  it('a 404 is a clear failure with its status', async () => {
    await expectCode(fetchSafely(`${site.base}/nowhere`, onlyTestServer), 'FETCH_FAILED', /HTTP 404 Not Found/u);
  });

  it('a redirect loop and too many redirects', async () => {
    site.redirect('/loop-a', '/loop-b');
    site.redirect('/loop-b', '/loop-a');
    await expectCode(fetchSafely(`${site.base}/loop-a`, onlyTestServer), 'FETCH_FAILED', /redirects in a loop/u);
    for (let i = 0; i < 8; i++) site.redirect(`/hop-${i}`, `/hop-${i + 1}`);
    await expectCode(fetchSafely(`${site.base}/hop-0`, onlyTestServer), 'FETCH_FAILED', /more than 5 times \(MAX_REDIRECTS\)/u);
  });

  it('a server that never answers times out', async () => {
    const url = site.route('/hang', () => undefined);
    await expectCode(fetchSafely(url, { ...onlyTestServer, timeoutMs: 300 }), 'FETCH_TIMEOUT', /did not answer in time/u);
  });

  it('a 50 MB response is cut off at the cap, declared or streamed', async () => {
    const declared = site.route('/huge-declared', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * 1024 * 1024) });
      response.write('<html>');
    });
    await expectCode(fetchSafely(declared, onlyTestServer), 'FETCH_TOO_LARGE', /MAX_FETCH_BYTES/u);
    let sent = 0;
    const streamed = site.route('/huge-streamed', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      const pump = () => {
        while (sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      response.on('error', () => undefined);
      pump();
    });
    await expectCode(fetchSafely(streamed, onlyTestServer), 'FETCH_TOO_LARGE', /more than/u);
    // Stopped reading soon after the cap, not after 50 MB.
    expect(sent).toBeLessThan(MAX_FETCH_BYTES * 4);
  });
});
