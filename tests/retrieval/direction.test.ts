import { describe, expect, it } from 'vitest';
import { directionFactor, directionsIn, REVERSED_DIRECTION_FACTOR, UNSTATED_DIRECTION_FACTOR } from '../../src/retrieval/direction.ts';
import { loadGlossary } from '../../src/retrieval/glossary.ts';

const glossary = loadGlossary();
const RU_TO_VN = { from: 'russia', to: 'vietnam' };
const VN_TO_RU = { from: 'vietnam', to: 'russia' };

describe('directionsIn: whose post, in which country, in four languages', () => {
  it.each([
    ["Who is Russia's ambassador to Vietnam?", RU_TO_VN],
    ['Who is the Russian ambassador in Vietnam?', RU_TO_VN],
    ['the ambassador of Vietnam to Russia', VN_TO_RU],
    ['Đại sứ Nga tại Việt Nam Gennady Bezdetko đánh giá', RU_TO_VN],
    ['Đại sứ Việt Nam tại Nga Đặng Minh Khôi cho biết', VN_TO_RU],
    ['dai su viet nam tai nga la ai', VN_TO_RU],
    ['Duta Besar Rusia untuk Vietnam', RU_TO_VN],
    ['Dubes Vietnam di Rusia', VN_TO_RU],
    ['Российский посол во Вьетнаме', RU_TO_VN],
  ])('%s', (text, direction) => {
    expect(directionsIn(text, glossary)).toEqual([direction]);
  });

  it('states none when no country stands at the post', () => {
    expect(directionsIn('Theo Đại sứ Đặng Minh Khôi, chuyến thăm rất quan trọng.', glossary)).toEqual([]);
    expect(directionsIn('Russia and Vietnam agreed to expand trade.', glossary)).toEqual([]);
  });
});

describe('directionFactor', () => {
  it('keeps the asked way, discounts the reverse most and the unstated less', () => {
    expect(directionFactor([RU_TO_VN], [RU_TO_VN])).toBe(1);
    expect(directionFactor([RU_TO_VN], [VN_TO_RU])).toBe(REVERSED_DIRECTION_FACTOR);
    expect(directionFactor([RU_TO_VN], [])).toBe(UNSTATED_DIRECTION_FACTOR);
    expect(directionFactor([RU_TO_VN], [VN_TO_RU, RU_TO_VN])).toBe(1);
  });

  it('changes nothing for a question without a direction', () => {
    expect(directionFactor([], [VN_TO_RU])).toBe(1);
  });
});
