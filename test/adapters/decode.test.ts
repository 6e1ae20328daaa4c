import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeBody } from '../../src/adapters/decode';
import { PageError } from '../../src/adapters/errors';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function undecodable(body: Buffer, declared?: string): PageError {
  try {
    decodeBody(body, declared);
  } catch (err) {
    expect(err).toBeInstanceOf(PageError);
    return err as PageError;
  }
  throw new Error('decoded');
}

/**
 * The fatal decoder of the Encoding Standard, as strict UTF-8 decoding means it (source-subsystems
 * §5.9), after the byte-order mark decodeBody reads as the charset's mark (the decoder drops one more).
 */
function fatalDecoder(body: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(0, 3).equals(BOM) ? body.subarray(3) : body);
  } catch {
    return null;
  }
}

describe('decodeBody, UTF-8', () => {
  it('decodes UTF-8 text, Chinese included', () => {
    const body = Buffer.from('{"cpmc":"娃娃菜","dw":"公斤"}');
    expect(decodeBody(body, 'utf-8')).toEqual({ text: '{"cpmc":"娃娃菜","dw":"公斤"}', charset: 'utf-8', warnings: [] });
    expect(decodeBody(body, undefined).text).toBe('{"cpmc":"娃娃菜","dw":"公斤"}');
  });

  it('drops a leading byte-order mark, and a second one as the decoder does', () => {
    expect(decodeBody(Buffer.concat([BOM, Buffer.from('{"a":1}')]), 'utf-8').text).toBe('{"a":1}');
    expect(decodeBody(Buffer.concat([BOM, BOM, Buffer.from('{}')]), 'utf-8').text).toBe('{}');
    expect(decodeBody(Buffer.from('{"a":"\uFEFF"}'), 'utf-8').text).toBe('{"a":"\uFEFF"}');
  });

  it('decodes an empty body to empty text', () => {
    expect(decodeBody(Buffer.alloc(0), 'utf-8').text).toBe('');
  });

  it.each([
    ['an overlong encoding', [0x7b, 0xc0, 0xaf, 0x7d]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a sequence cut short', [0x22, 0xe5, 0xa8]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a lone continuation byte', [0x80]],
    ['a byte never used in UTF-8', [0xff]],
  ])('refuses %s with UNDECODABLE_BODY', (_name, bytes) => {
    const err = undecodable(Buffer.from(bytes), 'utf-8');
    expect(err.code).toBe('UNDECODABLE_BODY');
    expect(err.message).toBe('UNDECODABLE_BODY: body is not valid UTF-8');
  });

  it('refuses a bad sequence after a byte-order mark', () => {
    expect(undecodable(Buffer.concat([BOM, Buffer.from([0xc3])]), 'utf-8').code).toBe('UNDECODABLE_BODY');
  });

  it('agrees with the fatal decoder on every body of random bytes', () => {
    // xorshift32: the same bodies at every run.
    let x = 12345;
    const next = () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) >>> 8;
    };
    const pieces = [
      [0x41],
      [0xe5, 0xa8, 0x83],
      [0xc3, 0xa9],
      [0xf0, 0x9f, 0x98, 0x80],
      [0xef, 0xbb, 0xbf],
      [0xed, 0xa0],
      [0x80],
      [0xf4, 0x90],
      [0xc0],
    ];
    let valid = 0;
    for (let i = 0; i < 2000; i++) {
      const bytes: number[] = [];
      const n = next() % 12;
      for (let j = 0; j < n; j++) bytes.push(...(next() % 4 === 0 ? [next() % 256] : pieces[next() % pieces.length]!));
      const body = Buffer.from(bytes);
      const expected = fatalDecoder(body);
      if (expected === null) {
        expect(undecodable(body, 'utf-8').code).toBe('UNDECODABLE_BODY');
      } else {
        valid++;
        expect(decodeBody(body, 'utf-8').text).toBe(expected);
      }
    }
    expect(valid).toBeGreaterThan(100);
  });
});

describe('decodeBody, GBK family', () => {
  it('decodes a GBK body as GB18030', () => {
    const body = iconv.encode('兰州城关鑫源蔬菜配送有限公司', 'gbk');
    expect(decodeBody(body, 'gbk')).toEqual({ text: '兰州城关鑫源蔬菜配送有限公司', charset: 'gb18030', warnings: [] });
  });

  it('decodes a GBK-labelled body that is valid UTF-8 as UTF-8, with CHARSET_MISLABELLED', () => {
    const out = decodeBody(Buffer.from('甘肃省兰州市'), 'GBK');
    expect(out.text).toBe('甘肃省兰州市');
    expect(out.charset).toBe('utf-8');
    expect(out.warnings.map((w) => w.code)).toEqual(['CHARSET_MISLABELLED']);
  });

  it('refuses an unsupported charset', () => {
    const err = undecodable(Buffer.from('x'), 'iso-8859-5');
    expect(err.code).toBe('UNDECODABLE_BODY');
    expect(err.message).toBe('UNDECODABLE_BODY: unsupported charset iso-8859-5');
  });
});
