import { describe, expect, it } from 'vitest';
import { BoundedRefusalLog, type RefusalLine } from '../../src/auth/refusal-log';

describe('refused authentications in the log', () => {
  it('writes at most one line per interval, carrying how many were refused since the last line', () => {
    let now = 1_000_000;
    const lines: RefusalLine[] = [];
    const log = new BoundedRefusalLog((meta) => lines.push(meta), { intervalMs: 60_000, now: () => now });
    for (let i = 0; i < 500; i++) log.refused('unknown', '203.0.113.7');
    expect(lines).toEqual([{ event: 'auth:refused', reason: 'unknown', address: '203.0.113.7', refused: 1, intervalSeconds: 60 }]);
    now += 59_999;
    log.refused('unknown', '203.0.113.8');
    expect(lines).toHaveLength(1);
    now += 1;
    log.refused('missing', '203.0.113.9');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({ event: 'auth:refused', reason: 'missing', address: '203.0.113.9', refused: 501, intervalSeconds: 60 });
  });
});
