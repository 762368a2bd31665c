import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/domain.ts';
import { sha256 } from '../../src/hash.ts';
import { decodePassages, encodePassages, textLengthOf } from '../../src/index/passage-store.ts';

/** A read passage as a plain object: its text is read through its prototype, which toEqual does not look at. */
const plain = (p: Passage) => ({ ...p, text: p.text });

const meta = (id: string, extra: Record<string, unknown> = {}) => ({ id, title: `Title of ${id} — “tiêu đề”`, outlet: 'VnExpress', lang: 'vi' as const, published: '2024-06-20', ...extra });

function passage(docId: string, ordinal: number, text: string, docMeta = meta(docId)): Passage {
  return { id: `${docId}#${ordinal}`, docId, text, start: ordinal * 100, end: ordinal * 100 + text.length, textHash: sha256(text), meta: docMeta };
}

describe('passages.bin', () => {
  const a = meta('a', { url: 'https://example.org/a', translated_from: 'ru' });
  const passages: Passage[] = [
    passage('a', 0, 'Việt Nam và Liên Xô thiết lập quan hệ ngoại giao năm 1950.', a),
    passage('a', 1, 'Emoji 🇻🇳 and a lone surrogate-free line\nwith a newline.', a),
    passage('b', 0, 'Россия и Вьетнам подписали соглашение.'),
    passage('c', 0, ''),
  ];

  it('reads back every passage as written, metas shared per article, other stages’ fields kept', () => {
    const withExtra = [...passages, { ...passage('d', 0, 'Extra fields survive.', meta('d', { section: 'world' })), score: 3 } as Passage];
    const back = decodePassages(encodePassages(withExtra));
    expect(back.map(plain)).toEqual(withExtra);
    expect(back.map(textLengthOf)).toEqual(withExtra.map((p) => p.text.length));
    expect(back[0]!.meta).toBe(back[1]!.meta);
    expect(decodePassages(encodePassages([]))).toEqual([]);
  });

  it('keeps an extra field named as a known one (or __proto__) from replacing the passage’s own', () => {
    // The encoder never writes such a field (it keeps only unknown ones): rename two in the bytes, same length, so
    // that every offset still holds.
    const bytes = Buffer.from(encodePassages([{ ...passage('a', 0, 'Hà Nội'), tex2: 'forged', xxproto__: { polluted: true } } as Passage]));
    for (const [from, to] of [['"tex2"', '"text"'], ['"xxproto__"', '"__proto__"']] as const) {
      const at = bytes.indexOf(from);
      expect(at).toBeGreaterThan(0);
      bytes.write(to, at, 'utf8');
    }
    const [back] = decodePassages(bytes);
    expect(back!.text).toBe('Hà Nội');
    expect((back as unknown as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(back)).not.toBe(Object.prototype);
  });

  it('decodes a text when it is first read, and keeps it', () => {
    const [back] = decodePassages(encodePassages([passage('a', 0, 'Việt Nam 🇻🇳')]));
    expect(Object.keys(back!)).not.toContain('text');
    expect(textLengthOf(back!)).toBe('Việt Nam 🇻🇳'.length);
    expect(back!.text).toBe('Việt Nam 🇻🇳');
    expect(back!.text).toBe(back!.text);
  });

  it('rejects damaged bytes with INDEX_CORRUPT, never a misread', () => {
    const bytes = encodePassages(passages);
    const damaged: Uint8Array[] = [
      bytes.slice(0, bytes.length - 4),
      Uint8Array.from(bytes, (b, i) => (i < 4 ? 0 : b)),
      new TextEncoder().encode('[{"id":"x"}]'),
    ];
    // An unknown language code: the file ends with the articles' codes (then padding).
    const badMeta = Uint8Array.from(bytes);
    new DataView(badMeta.buffer).setUint32(badMeta.length - 4, 99, true);
    damaged.push(badMeta);
    for (const bad of damaged) expect(() => decodePassages(bad)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });
});
