import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loader.ts';
import type { CorpusDocument, Passage } from '../../src/domain.ts';
import { MAX_PASSAGE_CHARS } from '../../src/limits.ts';
import { groupSentences, splitIntoPassages, splitLongSpan } from '../../src/passages/chunker.ts';
import { splitSentences } from '../../src/passages/sentences.ts';
import { collapseWhitespace } from '../../src/text/normalize.ts';
import { makeDoc } from './helpers.ts';

/** Invariants every passage of every document must satisfy. */
function expectWellFormed(doc: CorpusDocument, passages: Passage[]): void {
  const ids = new Set<string>();
  passages.forEach((passage, index) => {
    expect(passage.id).toBe(`${doc.meta.id}#${index + 1}`);
    ids.add(passage.id);
    expect(passage.docId).toBe(doc.meta.id);
    expect(passage.meta).toBe(doc.meta);
    expect(collapseWhitespace(doc.body.slice(passage.start, passage.end))).toBe(passage.text);
    expect(passage.textHash).toBe(createHash('sha256').update(passage.text).digest('hex'));
    expect(passage.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
    const inBlock = doc.blocks.some((block) => block.start <= passage.start && passage.end <= block.end);
    expect(inBlock, `passage ${passage.id} crosses a block boundary`).toBe(true);
  });
  expect(ids.size).toBe(passages.length);
}

const VI_PARAGRAPH = [
  'Năm 2024 đánh dấu sự phát triển mạnh mẽ trong quan hệ Việt Nam - Nga.',
  'Tháng 6/2024, Tổng thống Nga Vladimir Putin thăm cấp nhà nước đến Việt Nam.',
  'Chuyến thăm chứng kiến hai bên ra Tuyên bố chung và ký kết 11 văn kiện hợp tác.',
  'Tháng 8/2024, hai nhà lãnh đạo đã có cuộc điện đàm.',
  'Tháng 9 và 10/2024, Chủ tịch Quốc hội Trần Thanh Mẫn và Thủ tướng Phạm Minh Chính đã đến Nga.',
  'Những chuyến đi này góp phần thúc đẩy hiện thực hóa tuyên bố chung.',
  'Theo TS. Nguyễn Văn An, hai nước còn nhiều dư địa hợp tác.',
  'Quan hệ hai nước được kỳ vọng phát triển mạnh hơn nữa trong năm 2025.',
].join(' ');

describe('splitIntoPassages', () => {
  it('(vi) packs a long paragraph into passages of 2–4 whole sentences', () => {
    const doc = makeDoc(`${VI_PARAGRAPH}\n`, 'vi');
    const passages = splitIntoPassages(doc);
    expectWellFormed(doc, passages);
    expect(passages.length).toBeGreaterThanOrEqual(2);
    for (const passage of passages) {
      const sentences = splitSentences(passage.text, 'vi').length;
      expect(sentences).toBeGreaterThanOrEqual(2);
      expect(sentences).toBeLessThanOrEqual(4);
      expect(passage.text).toMatch(/[.!?]$/u);
    }
    expect(passages.map((passage) => passage.text).join(' ')).toBe(VI_PARAGRAPH);
    expect(passages.some((passage) => passage.text.includes('Theo TS. Nguyễn Văn An, hai nước'))).toBe(true);
  });

  it('(id) never crosses a paragraph, and splits sentences glued without a space', () => {
    const body = [
      'Atas undangan Sekretaris Jenderal Nguyen Phu Trong, Presiden Rusia Vladimir Putin melakukan kunjungan kenegaraan ke Vietnam dari 19-20 Juni.',
      'Kerjasama yang saling menguntungkan',
      'Saling pengertian dan kepercayaan politik telah ditingkatkan melalui kunjungan tingkat tinggi.Sekretaris Jenderal dan Presiden bertemu di Moskow pada tahun 2018. Sejak 2019, Vietnam telah diberikan 1.000 beasiswa.',
    ].join('\n');
    const doc = makeDoc(body, 'id');
    const passages = splitIntoPassages(doc);
    expectWellFormed(doc, passages);
    expect(passages.map((passage) => passage.text)).toEqual([
      'Atas undangan Sekretaris Jenderal Nguyen Phu Trong, Presiden Rusia Vladimir Putin melakukan kunjungan kenegaraan ke Vietnam dari 19-20 Juni.',
      'Saling pengertian dan kepercayaan politik telah ditingkatkan melalui kunjungan tingkat tinggi.Sekretaris Jenderal dan Presiden bertemu di Moskow pada tahun 2018. Sejak 2019, Vietnam telah diberikan 1.000 beasiswa.',
    ]);
  });

  it('(en) keeps headings that carry a figure and drops bare headings', () => {
    const body = [
      'Russia–Vietnam relations: highlights of 2024',
      '',
      'Mutually beneficial cooperation',
      '',
      'Part 2',
      '',
      'The two leaders agreed to boost trade. They also discussed energy.',
    ].join('\n');
    const doc = makeDoc(body, 'en');
    const passages = splitIntoPassages(doc);
    expectWellFormed(doc, passages);
    expect(passages.map((passage) => passage.text)).toEqual([
      'Russia–Vietnam relations: highlights of 2024',
      'The two leaders agreed to boost trade. They also discussed energy.',
    ]);
  });

  it('(en) cuts a sentence longer than the limit at clause boundaries', () => {
    const clause = 'the two sides agreed to expand cooperation in trade, energy, education and culture';
    const sentence = `${Array.from({ length: 20 }, (_, i) => `${i === 0 ? 'In' : 'in'} area ${i + 1} ${clause}`).join('; ')}.`;
    expect(sentence.length).toBeGreaterThan(2 * MAX_PASSAGE_CHARS);
    const doc = makeDoc(sentence, 'en');
    const passages = splitIntoPassages(doc);
    expectWellFormed(doc, passages);
    expect(passages.length).toBeGreaterThanOrEqual(3);
    for (const passage of passages.slice(0, -1)) expect(passage.text).toMatch(/;$/u);
    expect(passages.map((passage) => passage.text).join(' ')).toBe(sentence);
  });

  it('cuts an unbroken token longer than the limit without losing characters', () => {
    const body = 'x'.repeat(MAX_PASSAGE_CHARS * 2 + 5);
    const pieces = splitLongSpan(body, { start: 0, end: body.length });
    expect(pieces.map((piece) => piece.end - piece.start)).toEqual([MAX_PASSAGE_CHARS, MAX_PASSAGE_CHARS, 5]);
  });

  it('folds a short last sentence into the previous passage when it fits', () => {
    const spans = [
      { start: 0, end: 300 },
      { start: 301, end: 500 },
      { start: 501, end: 560 },
    ];
    expect(groupSentences(spans)).toEqual([{ start: 0, end: 560 }]);
    const longer = [
      { start: 0, end: 300 },
      { start: 301, end: 600 },
      { start: 601, end: 650 },
    ];
    expect(groupSentences(longer)).toEqual([{ start: 0, end: 650 }]);
    const tooLong = [
      { start: 0, end: 400 },
      { start: 401, end: 680 },
      { start: 681, end: 750 },
    ];
    expect(groupSentences(tooLong)).toEqual([
      { start: 0, end: 680 },
      { start: 681, end: 750 },
    ]);
  });

  it('splits the real corpus into well-formed passages', async () => {
    const docs = await loadCorpus(fileURLToPath(new URL('../../corpus/', import.meta.url)));
    for (const doc of docs) {
      const passages = splitIntoPassages(doc);
      expectWellFormed(doc, passages);
      expect(passages.length).toBeGreaterThan(0);
      expect(passages.map((passage) => passage.text).join('\n')).not.toMatch(/Thời tiết|Photo: VGP|Foto: Sputnik|Komentar/u);
    }
    const vns = splitIntoPassages(docs.find((doc) => doc.meta.id === '2025-01-14-vns-mishustin-visit-en')!);
    expect(vns.some((passage) => passage.text.includes('nuclear power industry'))).toBe(true);
    const thoidai = splitIntoPassages(docs.find((doc) => doc.meta.id === '2025-01-12-thoidai-mishustin-visit-vi')!);
    expect(thoidai[0]?.text).toBe('Thủ tướng Nga thăm Việt Nam từ ngày 14 đến 15/1');
    const thanhnien = splitIntoPassages(docs.find((doc) => doc.meta.id === '2024-06-18-thanhnien-strengthening-relations-id')!);
    expect(thanhnien.map((passage) => passage.text)).not.toContain('Kerjasama yang saling menguntungkan');
  });
});
