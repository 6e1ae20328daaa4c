import { Writable } from 'node:stream';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { createLogger, redact, redactText, registerSecret, withLogContext } from '../src/log';

describe('redaction', () => {
  it('masks resident ID numbers in text, keeping the first and last four characters', () => {
    expect(redactText('holder 622924197803152315 registered')).toBe('holder 6229**********2315 registered');
    expect(redactText('id 62010219680412332x')).toBe('id 6201**********332x');
  });

  it('does not touch longer digit runs such as trace codes, nor credit codes', () => {
    expect(redactText('trace 62012301240611000122')).toBe('trace 62012301240611000122');
    expect(redactText('credit 91620123MA72K4D128')).toBe('credit 91620123MA72K4D128');
  });

  it('replaces secret-named fields and registered secret values anywhere', () => {
    registerSecret('very-secret-value-1');
    expect(redact({ appSecret: 'x', headers: { Authorization: 'Bearer abc', 'X-Api-Key': 'k' }, note: 'used very-secret-value-1 here' })).toEqual({
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
    log.add(new winston.transports.Stream({ stream: new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }) }));
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
    log.add(new winston.transports.Stream({ stream: new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }) }));
    await withLogContext({ jobId: 'job-1', queue: 'deliver' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.info('inside');
    });
    log.info('outside');
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: 'inside', jobId: 'job-1', queue: 'deliver' });
    expect(JSON.parse(lines[1]!).jobId).toBeUndefined();
  });
});
