import { describe, expect, it } from 'vitest';
import { connectionLossLimiter, isConnectionLoss } from '../../src/db/connection-loss';

describe('isConnectionLoss', () => {
  it('recognises a server out of reach', () => {
    expect(isConnectionLoss(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error('terminating connection due to unexpected postmaster exit'), { code: '57P01' }))).toBe(
      true,
    );
    expect(isConnectionLoss(Object.assign(new Error('the database system is in recovery mode'), { code: '57P03' }))).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
    expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionLoss(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(
      isConnectionLoss(
        new AggregateError([
          Object.assign(new Error('a'), { code: 'ECONNREFUSED' }),
          Object.assign(new Error('b'), { code: 'ECONNREFUSED' }),
        ]),
      ),
    ).toBe(true);
  });

  it('leaves failing statements and other errors alone', () => {
    expect(isConnectionLoss(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(false);
    expect(isConnectionLoss(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }))).toBe(false);
    expect(isConnectionLoss(new TypeError('undefined is not a function'))).toBe(false);
    expect(isConnectionLoss(undefined)).toBe(false);
    expect(isConnectionLoss('ECONNREFUSED')).toBe(false);
  });
});

describe('connectionLossLimiter', () => {
  it('writes a lost connection once per period with the number left out, and every other error', () => {
    let now = 0;
    const limit = connectionLossLimiter(30_000, () => now);
    const lost = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    const written: number[] = [];
    const write = (suppressed: number) => written.push(suppressed);
    limit(lost, write);
    for (let i = 0; i < 5; i++) {
      now += 1000;
      limit(lost, write);
    }
    limit(new Error('a defect'), write);
    now += 30_000;
    limit(lost, write);
    expect(written).toEqual([0, 0, 5]);
  });
});
