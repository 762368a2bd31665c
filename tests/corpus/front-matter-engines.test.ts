import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/loader.ts';

/**
 * gray-matter picks a front-matter engine from the text after the opening fence, and its JavaScript engine runs
 * that text with eval. Only YAML may ever be parsed: anything else is refused, and nothing runs.
 */
describe('front matter engines', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  for (const fence of ['---js', '---javascript', '--- js', '---  javascript', '---coffee', '---json', '---toml', '---JS']) {
    it(`refuses "${fence}" front matter without running it`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'fm-engine-'));
      dirs.push(dir);
      const marker = join(dir, 'ran.txt');
      const payload = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); ({ id: 'x', title: 't', outlet: 'o', lang: 'en', published: '2024-01-01' })`;
      const text = `${fence}\n${payload}\n---\nVietnam and Russia signed an agreement on cooperation in 2024 in Hanoi today.\n`;
      const result = parseArticle('evil.md', Buffer.from(text, 'utf8'));
      expect(result.ok).toBe(false);
      expect(existsSync(marker)).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => p.field)).toContain('front matter');
    });
  }

  it('still reads ordinary YAML front matter', () => {
    const text = `---\nid: ok-article\ntitle: T\noutlet: O\nlang: en\npublished: 2024-01-01\n---\nVietnam and Russia signed an agreement on cooperation in Hanoi in June 2024, the ministry said.\n`;
    const result = parseArticle('ok.md', Buffer.from(text, 'utf8'));
    expect(result.ok).toBe(true);
  });
});

/** Front-matter keys are author input: they are compared as strings, never compiled into a pattern. */
describe('front matter keys and dates', () => {
  const body = 'Vietnam and Russia signed an agreement on cooperation in Hanoi in June 2024, the ministry said.\n';
  const article = (matter: string) => Buffer.from(`---\n${matter}\n---\n${body}`, 'utf8');

  it('a quoted date key cannot bypass the calendar check', () => {
    const result = parseArticle('q.md', article('id: q\ntitle: T\noutlet: O\nlang: en\n"published": 2025-02-30'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toContain('published');
  });

  it('a quoted date key with a real date is read as written', () => {
    const result = parseArticle('q.md', article("id: q\ntitle: T\noutlet: O\nlang: en\n'published': 2025-02-28 # approx"));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.document.meta.published).toBe('2025-02-28');
  });

  it('keys that look like regular expressions are reported, not compiled', () => {
    const evil = `"(": 2024-01-01\n" *(x+x+)+y": 2024-01-01\n"[": ${'x'.repeat(5000)}`;
    const result = parseArticle('r.md', article(`id: r\ntitle: T\noutlet: O\nlang: en\npublished: 2024-01-01\n${evil}`));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.some((p) => p.field === 'front matter' || p.field === '(' )).toBe(true);
  });
});
