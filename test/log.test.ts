import { Writable } from 'node:stream';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { maskPersonalData, restoreMasked } from '../src/api/mask';
import { createLogger, redact, redactText, registerSecret, rotatingSecret, withLogContext } from '../src/log';

describe('redaction', () => {
  it('masks resident ID numbers in text, keeping the first and last four characters', () => {
    expect(redactText('holder 622924197803152315 registered')).toBe('holder 6229**********2315 registered');
    expect(redactText('id 62010219680412332x')).toBe('id 6201**********332x');
  });

  it('does not touch longer digit runs such as trace codes, nor credit codes', () => {
    expect(redactText('trace 62012301240611000122')).toBe('trace 62012301240611000122');
    expect(redactText('credit 91620123MA72K4D128')).toBe('credit 91620123MA72K4D128');
  });

  it.each([
    ['18 digits', 'holder 622924197803152315 registered', 'holder 6229**********2315 registered'],
    ['18 with x', 'id 62010219680412332x', 'id 6201**********332x'],
    ['15 digits (the older form)', 'old 622924780315231 card', 'old 6229*******5231 card'],
    ['next to letters', 'sfzh622924197803152315abc', 'sfzh6229**********2315abc'],
    ['next to CJK text', '身份证号622924197803152315的', '身份证号6229**********2315的'],
    ['full-width digits', '号６２２９２４１９７８０３１５２３１５', '号６２２９**********２３１５'],
    ['full-width X', '６２０１０２１９６８０４１２３３２Ｘ', '６２０１**********３３２Ｘ'],
    ['a JSON number', '{"sfzh":622924197803152315,"n":1}', '{"sfzh":6229**********2315,"n":1}'],
    ['a JSON string', '{"sfzh":"622924197803152315"}', '{"sfzh":"6229**********2315"}'],
    ['in a URL', '/api/v1/person?sfzh=622924197803152315&x=1', '/api/v1/person?sfzh=6229**********2315&x=1'],
    ['several', '622924197803152315,110101199003077777', '6229**********2315,1101**********7777'],
  ])('masks a resident ID %s', (_what, text, masked) => {
    expect(redactText(text)).toBe(masked);
  });

  it('leaves digit runs that cannot be an ID: trace codes, timestamps, impossible birth dates', () => {
    for (const text of ['62012301240611000122', '20260105080001123', 'seq 123456789012345', '622924197813452315', 'at 1767571200000']) {
      expect(redactText(text)).toBe(text);
    }
  });

  it('masks a resident ID held by a number, as a parsed JSON payload has it', () => {
    const parsed = JSON.parse('{"sfzh":622924197803152315,"old":622924780315231,"qty":12.5,"seq":42}');
    expect(redact(parsed)).toEqual({ sfzh: '6229**********2300', old: '6229*******5231', qty: 12.5, seq: 42 });
    expect(maskPersonalData(parsed)).toEqual({ sfzh: '6229**********2300', old: '6229*******5231', qty: 12.5, seq: 42 });
    expect(redact({ big: 622924197803152315n })).toEqual({ big: '6229**********2315' });
  });

  it('has no depth limit: a secret or an ID deep in objects and arrays is masked, and cycles end', () => {
    registerSecret('deep-secret-value-77');
    const nest = (levels: number) => {
      let deep: Record<string, unknown> = { note: 'deep-secret-value-77 for 622924197803152315', apiKey: 'plain' };
      for (let i = 0; i < levels; i++) deep = i % 2 ? { child: deep } : ({ list: [deep] } as Record<string, unknown>);
      return deep;
    };
    const text = JSON.stringify(redact(nest(1000)));
    expect(text).toContain('*** for 6229**********2315');
    expect(text).not.toContain('plain');
    expect(JSON.stringify(maskPersonalData(nest(1000)))).toContain('*** for 6229**********2315');
    // Deeper than JSON.stringify can go: every string of the copy, collected without recursion.
    const strings: string[] = [];
    for (const stack: unknown[] = [redact(nest(50_000))]; stack.length > 0;) {
      const v = stack.pop();
      if (typeof v === 'string') strings.push(v);
      else if (v && typeof v === 'object') stack.push(...Object.values(v));
    }
    expect(strings).toEqual(['*** for 6229**********2315', '***']);

    const cyclic: Record<string, unknown> = { id: '622924197803152315' };
    cyclic.self = cyclic;
    cyclic.list = [cyclic, { back: cyclic }];
    const shared = { v: 'x' };
    expect(redact(cyclic)).toEqual({ id: '6229**********2315', self: '[Circular]', list: ['[Circular]', { back: '[Circular]' }] });
    expect(redact({ a: shared, b: shared })).toEqual({ a: { v: 'x' }, b: { v: 'x' } });
  });

  it('a rotating secret (an access token) stays masked while current or previous, and older values are forgotten', () => {
    const register = rotatingSecret();
    register('token-one-1111');
    register('token-two-2222');
    expect(redactText('token-one-1111 token-two-2222')).toBe('*** ***');
    register('token-three-3333');
    expect(redactText('token-one-1111 token-two-2222 token-three-3333')).toBe('token-one-1111 *** ***');
  });

  it('an edit that keeps a masked number as shown keeps the stored number', () => {
    const original = { sfzh: 622924197803152315, name: '甲' };
    const shown = maskPersonalData(original) as Record<string, unknown>;
    expect(restoreMasked({ ...shown, name: '乙' }, original)).toEqual({ sfzh: 622924197803152315, name: '乙' });
  });

  it('replaces secret-named fields and registered secret values anywhere', () => {
    registerSecret('very-secret-value-1');
    expect(
      redact({ appSecret: 'x', headers: { Authorization: 'Bearer abc', 'X-Api-Key': 'k' }, note: 'used very-secret-value-1 here' }),
    ).toEqual({
      appSecret: '***',
      headers: { Authorization: '***', 'X-Api-Key': '***' },
      note: 'used *** here',
    });
  });

  it('logger output carries neither secrets nor resident IDs', () => {
    registerSecret('tok-ABCDEF123456');
    const lines: string[] = [];
    const log = createLogger({ pretty: false });
    log.clear();
    log.add(
      new winston.transports.Stream({
        stream: new Writable({
          write(c, _e, cb) {
            lines.push(String(c));
            cb();
          },
        }),
      }),
    );
    log.info('pulled 622924197803152315', { token: 'tok-ABCDEF123456', detail: { url: 'http://x/?t=tok-ABCDEF123456' } });
    const out = lines.join('');
    expect(out).not.toContain('tok-ABCDEF123456');
    expect(out).not.toContain('622924197803152315');
    expect(JSON.parse(out)).toMatchObject({ level: 'info', message: 'pulled 6229**********2315', token: '***' });
  });

  it('adds the job or request id of the work in progress to every line, also across awaits', async () => {
    const lines: string[] = [];
    const log = createLogger({ pretty: false });
    log.clear();
    log.add(
      new winston.transports.Stream({
        stream: new Writable({
          write(c, _e, cb) {
            lines.push(String(c));
            cb();
          },
        }),
      }),
    );
    await withLogContext({ jobId: 'job-1', queue: 'deliver' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.info('inside');
    });
    log.info('outside');
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: 'inside', jobId: 'job-1', queue: 'deliver' });
    expect(JSON.parse(lines[1]!).jobId).toBeUndefined();
  });
});
