import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { analyseClutter, extractContentBlocks, isHeadlineLike, type ClutterReason } from '../../src/corpus/clutter.ts';
import { collapseWhitespace } from '../../src/text/normalize.ts';

const PARAGRAPH_VI = 'Hai bên nhất trí tăng cường hợp tác kinh tế, thương mại và đầu tư trong thời gian tới.';
const PARAGRAPH_ID = 'Kedua pemimpin sepakat meningkatkan kerja sama ekonomi, perdagangan dan investasi.';
const PARAGRAPH_EN = 'The two leaders agreed to boost economic, trade and investment cooperation.';
const PARAGRAPH_RU = 'Стороны договорились укреплять экономическое и торговое сотрудничество.';

/** Which reason (if any) the rules give a line placed between two real paragraphs. */
function reasonFor(line: string): ClutterReason | null {
  const body = `${PARAGRAPH_EN}\n\n${line}\n\n${PARAGRAPH_VI}`;
  const removed = analyseClutter(body).removed.find((entry) => entry.text === line.trim());
  return removed?.reason ?? null;
}

describe('single-line clutter rules', () => {
  it.each<[string, ClutterReason]>([
    ['--> -->', 'html-debris'],
    ['<!-- ads -->', 'html-debris'],
    ['Trang chủ Chuyện ngoại giao Đời sống đối ngoại', 'breadcrumb'],
    ['Home › World › Asia', 'breadcrumb'],
    ['Beranda / Internasional / Asia', 'breadcrumb'],
    ['14:15 | 12/01/2025 GMT+7', 'timestamp'],
    ['Kamis, 20 Juni 2024 14:44 WIB', 'timestamp'],
    ['Thứ hai, 13/01/2025 10:00 (GMT+7)', 'timestamp'],
    ['00:00', 'timestamp'],
    ['Theo dõi thoidai.com.vn trên', 'follow-us'],
    ['Follow us on Facebook', 'follow-us'],
    ['Ikuti kami di Google News', 'follow-us'],
    ['lebah putin 17151391638251627662991.jpeg', 'image-file'],
    ['tong thong 2 2634.jpg', 'image-file'],
    ['Presiden Rusia Vladimir Putin dilantik pada Maret 2024. Foto: Sputnik', 'photo-caption'],
    ['President Putin reviews the honour guard. Photo: VGP/Nhat Bac.', 'photo-caption'],
    ['Thủ tướng Nga tại Hà Nội. (Ảnh: AP)', 'photo-caption'],
    ['Путин в Ханое. Фото: ТАСС', 'photo-caption'],
    ['VNA', 'agency-credit'],
    ['TTXVN', 'agency-credit'],
    ['Ảnh: Reuters', 'agency-credit'],
    ['Rewind 10 Seconds', 'media-player'],
    ['Fullscreen', 'media-player'],
    ['Error loading media:', 'media-player'],
    ['File could not be played', 'media-player'],
    ['[Video] Người truyền cảm hứng về tình yêu nước', 'media-player'],
    ['infographics pha lau thang co vao danh sach mon ham ngon nhat dong nam a', 'media-player'],
    ['Thời tiết hôm nay (5/5): Bắc Bộ nắng nóng trên diện rộng', 'weather'],
    ['Cuaca hari ini: hujan ringan di Jakarta', 'weather'],
    ['Weather forecast for Hanoi this weekend', 'weather'],
    ['Погода в Москве на выходные', 'weather'],
    [
      'Theo Trung tâm Khí tượng Thủy văn Quốc gia, ngày 5/5, khu vực Bắc Bộ được dự báo chiều tối và đêm có mưa rào và dông vài nơi, ngày nắng, có nơi nắng nóng.',
      'weather',
    ],
    ['Komentar (0)', 'comment-counter'],
    ['Bình luận (12)', 'comment-counter'],
    ['Comments', 'comment-counter'],
    ['Sumber: https://thanhnien.vn/tang-cuong-quan-he-viet-nam-nga-185240618224456845.htm', 'source-signoff'],
    ['Nguồn:', 'source-signoff'],
    ['Источник: пресс-служба Кремля', 'source-signoff'],
    ['https://example.com/news/123', 'source-signoff'],
    ['Minh Thái (tổng hợp)', 'author-signoff'],
    ['Hà Linh (theo TTXVN)', 'author-signoff'],
    ['Penulis: Rizkia Shindy', 'author-signoff'],
    ['Optimizing for Search Engines and Humans: Crafting a Captivating Title “Historic Summit”', 'seo-junk'],
    ['Baca juga: Putin kunjungi Korea Utara pertama dalam 24 tahun', 'see-also'],
    ['Xem thêm: Quan hệ Việt - Nga năm 2024', 'see-also'],
    ['Читайте также: Путин прибыл в Ханой', 'see-also'],
    ['Tô thắm tình hữu nghị Việt - Nga qua từng nét vẽ Tô thắm tình hữu nghị Việt - Nga qua từng nét vẽ', 'doubled-headline'],
  ])('%s → %s', (line, reason) => {
    expect(reasonFor(line)).toBe(reason);
  });

  it.each([
    PARAGRAPH_VI,
    PARAGRAPH_ID,
    PARAGRAPH_RU,
    // weather words in passing do not make a paragraph about the weather
    'Despite heavy rain and a thunderstorm warning, thousands of Hanoians lined the streets to welcome the Russian delegation on Thursday.',
    'Meski hujan deras, ribuan warga Hanoi menyambut Presiden Putin di sepanjang jalan menuju Istana Kepresidenan.',
    'Dù trời mưa, hàng nghìn người dân Hà Nội vẫn xếp hàng chào đón đoàn đại biểu Nga.',
    // a dated paragraph is not a timestamp line
    'Tháng 6/2024, Tổng thống Nga Vladimir Putin thăm cấp nhà nước đến Việt Nam.',
    // a photo mentioned in prose is not a caption
    'The photo exhibition in Moscow showed 75 years of friendship between the two peoples.',
    // "theo" as a preposition, not a sign-off
    'Theo Đại sứ Đặng Minh Khôi, chuyến thăm khẳng định sự cam kết mạnh mẽ của cả hai bên.',
    // sentences that merely start with a weather word or "By"
    'Weather permitting, the wreath-laying ceremony will be held outdoors on Thursday.',
    'By 2030 trade should double',
    // a single heading is kept (the chunker decides what to do with it)
    'Kerjasama yang saling menguntungkan',
  ])('keeps real content: %s', (line) => {
    expect(reasonFor(line)).toBeNull();
  });
});

describe('section and neighbour rules', () => {
  it.each([
    ['vi', 'Tin bài liên quan'],
    ['vi', 'Đọc nhiều'],
    ['vi', 'Multimedia'],
    ['en', 'You may also like'],
    ['en', 'Related articles:'],
    ['id', 'Berita terkait'],
    ['ru', 'Похожие новости'],
  ])('(%s) everything after "%s" is a teaser list', (_lang, heading) => {
    const body = [PARAGRAPH_EN, '', heading, '', 'Some other story about something else', '', 'A teaser summary that reads like a sentence.', '', PARAGRAPH_RU].join('\n');
    const blocks = extractContentBlocks(body);
    expect(blocks.map((block) => block.text)).toEqual([PARAGRAPH_EN]);
  });

  it.each(['Baca juga', 'Xem thêm:', 'Читайте также', 'See also'])(
    'drops a "%s" box inside an article with its links, and keeps the article after it',
    (heading) => {
      const body = [PARAGRAPH_ID, '', heading, 'Putin kunjungi Korea Utara pertama dalam 24 tahun', 'Rusia dan Vietnam teken 11 dokumen kerja sama?', PARAGRAPH_ID.replace('Kedua', 'Para'), '', PARAGRAPH_EN].join('\n');
      expect(extractContentBlocks(body).map((block) => block.text)).toEqual([PARAGRAPH_ID, PARAGRAPH_ID.replace('Kedua', 'Para'), PARAGRAPH_EN]);
    },
  );

  it('treats pager links ("Previous article…", "Next article…") as the end of the article', () => {
    const body = `${PARAGRAPH_EN}\n\nPrevious article“Parliamentary Cooperation: A Vital Pillar”\nNext articleThe Water Paradox\n`;
    expect(extractContentBlocks(body).map((block) => block.text)).toEqual([PARAGRAPH_EN]);
  });

  it('drops both copies of a teaser headline printed twice, but keeps the summary after it', () => {
    const headline = 'Sekretaris Jenderal Nguyen Phu Trong melakukan panggilan telepon dengan Presiden Putin';
    const summary = 'Dalam panggilan telepon tersebut, Sekretaris Jenderal mengundang Presiden Putin ke Vietnam.';
    const analysis = analyseClutter(`${PARAGRAPH_ID}\n${headline}\n\n${headline}\n\n${summary}`);
    expect(analysis.blocks.map((block) => block.text)).toEqual([PARAGRAPH_ID, summary]);
    expect(analysis.removed.filter((entry) => entry.reason === 'doubled-headline')).toHaveLength(2);
  });

  it('leaves a repeated full sentence to the deduplicator', () => {
    const sentence = 'Rusia mendukung Vietnam untuk menjadi anggota BRICS dalam bentuk yang tepat.';
    expect(extractContentBlocks(`${sentence}\n\n${sentence}`)).toHaveLength(2);
  });

  it('drops a run of adjacent link headlines but keeps a lone heading', () => {
    const body = [
      'Thủ tướng Nga thăm Việt Nam từ ngày 14 đến 15/1',
      '',
      PARAGRAPH_VI,
      'Hội nghị giáo dục Việt - Nga: chia sẻ kinh nghiệm hỗ trợ học sinh, sinh viên',
      'Hợp tác Việt - Nga 2024: Đa lĩnh vực, nhiều kết quả tích cực',
      '',
      PARAGRAPH_VI,
    ].join('\n');
    const analysis = analyseClutter(body);
    expect(analysis.blocks.map((block) => block.text)).toEqual(['Thủ tướng Nga thăm Việt Nam từ ngày 14 đến 15/1', PARAGRAPH_VI, PARAGRAPH_VI]);
    expect(analysis.removed.map((entry) => entry.reason)).toEqual(['link-list', 'link-list']);
  });

  it('keeps list items even when several short lines follow each other', () => {
    const body = `${PARAGRAPH_EN}\n- trade and investment\n- energy and oil and gas\n- education`;
    expect(extractContentBlocks(body)).toHaveLength(4);
  });
});

describe('edge trimming and block offsets', () => {
  it('trims a heading or outlet name glued after the last sentence', () => {
    const line = 'Kedua negara menandatangani Pernyataan Bersama.Thanhnien.vn';
    const [block] = extractContentBlocks(line);
    expect(block?.text).toBe('Kedua negara menandatangani Pernyataan Bersama.');
    const heading = 'Presiden menekankan kebijakan yang independen."Kesempatan penting untuk meningkatkan hubungan bilateral';
    expect(extractContentBlocks(heading)[0]?.text).toBe('Presiden menekankan kebijakan yang independen."');
  });

  it('trims a glued photo caption before a credit line', () => {
    const body = 'Kepercayaan politik ditingkatkan melalui kunjungan tingkat tinggi.Sekretaris Jenderal dan Presiden bertemu dengan pers (2018)\nVNA';
    expect(extractContentBlocks(body).map((block) => block.text)).toEqual(['Kepercayaan politik ditingkatkan melalui kunjungan tingkat tinggi.']);
  });

  it('trims a "date YYYY-MM-DD" label and an agency sign-off from the edges of a paragraph', () => {
    const body = ' date 2025-01-14 HÀ NỘI — Prime Minister Phạm Minh Chính welcomed Mikhail Mishustin.\n\nThe Duma chair will visit this year. — VNS';
    const blocks = extractContentBlocks(body);
    expect(blocks.map((block) => block.text)).toEqual([
      'HÀ NỘI — Prime Minister Phạm Minh Chính welcomed Mikhail Mishustin.',
      'The Duma chair will visit this year.',
    ]);
    for (const block of blocks) expect(body.slice(block.start, block.end)).toBe(block.text);
  });

  it('joins hard-wrapped lines of one paragraph into one block', () => {
    const body = 'The two leaders agreed to boost economic, trade and\ninvestment cooperation in the years ahead.\n\nNext paragraph here.';
    const blocks = extractContentBlocks(body);
    expect(blocks.map((block) => block.text)).toEqual([
      'The two leaders agreed to boost economic, trade and investment cooperation in the years ahead.',
      'Next paragraph here.',
    ]);
    expect(collapseWhitespace(body.slice(blocks[0]!.start, blocks[0]!.end))).toBe(blocks[0]!.text);
  });

  it('headline-like means short and without sentence-final punctuation', () => {
    expect(isHeadlineLike('Kerjasama yang saling menguntungkan')).toBe(true);
    expect(isHeadlineLike('He said: “four nos.”')).toBe(false);
    expect(isHeadlineLike(`${'word '.repeat(30)}word`)).toBe(false);
  });
});

describe('real seed articles', () => {
  async function blocksOf(file: string): Promise<{ body: string; texts: string[] }> {
    const raw = await readFile(fileURLToPath(new URL(`../../corpus/${file}`, import.meta.url)), 'utf8');
    const body = matter(raw, {}).content;
    const blocks = extractContentBlocks(body);
    for (const block of blocks) expect(collapseWhitespace(body.slice(block.start, block.end))).toBe(block.text);
    return { body, texts: blocks.map((block) => block.text) };
  }

  it('thoidai (vi): no weather, music video, Vatican teaser, player UI or navigation survives', async () => {
    const { texts } = await blocksOf('2025-01-12-thoidai-mishustin-visit-vi.md');
    const joined = texts.join('\n');
    for (const clutter of ['Thời tiết', 'Bắc Bling', 'Vatican', 'Rewind', 'Fullscreen', 'Trang chủ', 'GMT+7', 'Theo dõi', '-->', 'Ảnh: AP', 'Minh Thái', 'Tin bài liên quan', 'VUFO']) {
      expect(joined).not.toContain(clutter);
    }
    expect(texts[0]).toBe('Thủ tướng Nga thăm Việt Nam từ ngày 14 đến 15/1');
    expect(texts.at(-1)).toMatch(/^Trong cuộc họp báo vào cuối tháng 12\/2024/u);
  });

  it('VNS (en): keeps the nuclear power paragraph and drops the date label and sign-off', async () => {
    const { texts } = await blocksOf('2025-01-14-vns-mishustin-visit-en.md');
    expect(texts.some((text) => text.includes("help build Việt Nam’s nuclear power industry"))).toBe(true);
    expect(texts[0]).toMatch(/^HÀ NỘI — Prime Minister/u);
    expect(texts.at(-1)).toMatch(/Inter-Parliamentary Cooperation Committee\.$/u);
  });

  it('English summit page: no SEO line, captions or "You may also like" teasers', async () => {
    const { texts } = await blocksOf('2024-06-20-trong-putin-talks-en.md');
    const joined = texts.join('\n');
    for (const clutter of ['Optimizing for Search Engines', 'Photo: VGP', 'You may also like', 'bribery', 'Previous article', 'Water Paradox']) {
      expect(joined).not.toContain(clutter);
    }
    expect(texts.at(-1)).toMatch(/^On this occasion, Vietnam and the Russian Federation issued a Joint Statement/u);
  });

  it('Indonesian pages: no image file, caption, credit, source line or comment counter', async () => {
    const first = await blocksOf('2024-06-18-putin-visit-background-id.md');
    const second = await blocksOf('2024-06-18-thanhnien-strengthening-relations-id.md');
    const joined = [...first.texts, ...second.texts].join('\n');
    for (const clutter of ['.jpeg', 'Foto: Sputnik', 'Sumber:', 'Komentar', 'Thanhnien.vn', '(2018)']) expect(joined).not.toContain(clutter);
    expect(second.texts).not.toContain('VNA');
    expect(first.texts.at(-1)).toMatch(/^Dalam panggilan telepon tersebut/u);
  });
});
