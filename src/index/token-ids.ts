import { BIGRAM_JOINER, tokenSerial, type Token } from '../text/tokenizer.ts';
import { TermIds } from './binary-file.ts';

/**
 * Term ids of analysed tokens, for the index build (the lexical vocabulary and the sentence store's): a token's
 * term, its accent-preserving form and a bigram of two tokens. Looked up by the tokens' serial numbers in arrays:
 * hashing the strings at every occurrence was 14% of the keyword build (docs/PERFORMANCE.md). The ids are those of
 * the strings (`idOf`), in the same first-seen order; a token without a serial goes through the strings.
 */
export class TokenTermIds extends TermIds {
  /** Per serial, 1 + the id of its term (0: not looked up yet), and 1 + the id of its exact form. */
  private termBySerial = new Int32Array(1024);
  private exactBySerial = new Int32Array(1024);
  /** Per left token's serial, bigram ids by the right token's serial. */
  private readonly pairsBySerial: (Map<number, number> | undefined)[] = [];

  termId(token: Token): number {
    const serial = tokenSerial(token);
    if (serial < 0) return this.idOf(token.term);
    if (serial >= this.termBySerial.length) this.grow(serial);
    let id = this.termBySerial[serial]! - 1;
    if (id < 0) {
      id = this.idOf(token.term);
      this.termBySerial[serial] = id + 1;
    }
    return id;
  }

  /** The id of the token's accent-preserving form; the token must have one (`exact` not null). */
  exactId(token: Token): number {
    const serial = tokenSerial(token);
    if (serial < 0) return this.idOf(token.exact!);
    if (serial >= this.exactBySerial.length) this.grow(serial);
    let id = this.exactBySerial[serial]! - 1;
    if (id < 0) {
      id = this.idOf(token.exact!);
      this.exactBySerial[serial] = id + 1;
    }
    return id;
  }

  /** The id of the bigram `${a.term}${BIGRAM_JOINER}${b.term}`. */
  pairId(a: Token, b: Token): number {
    const left = tokenSerial(a);
    const right = tokenSerial(b);
    if (left < 0 || right < 0) return this.pairIdOf(a.term, b.term, BIGRAM_JOINER);
    let byRight = this.pairsBySerial[left];
    if (byRight === undefined) this.pairsBySerial[left] = byRight = new Map();
    let id = byRight.get(right);
    if (id === undefined) {
      id = this.pairIdOf(a.term, b.term, BIGRAM_JOINER);
      byRight.set(right, id);
    }
    return id;
  }

  private grow(serial: number): void {
    const length = Math.max(2 * this.termBySerial.length, serial + 1);
    const term = new Int32Array(length);
    term.set(this.termBySerial);
    const exact = new Int32Array(length);
    exact.set(this.exactBySerial);
    [this.termBySerial, this.exactBySerial] = [term, exact];
  }
}
