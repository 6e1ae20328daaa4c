import { describe, expect, it } from 'vitest';
import { escapePointerToken, unescapePointerToken } from '../../src/national/json-pointer';

describe('JSON pointer reference tokens (RFC 6901)', () => {
  it('writes ~ as ~0 and / as ~1, and reads them back', () => {
    expect(escapePointerToken('a/b')).toBe('a~1b');
    expect(escapePointerToken('m~n')).toBe('m~0n');
    expect(escapePointerToken('~1')).toBe('~01');
    expect(escapePointerToken('名称')).toBe('名称');
    for (const name of ['a/b', 'm~n', '~1', '/~/', '', '名称']) expect(unescapePointerToken(escapePointerToken(name))).toBe(name);
  });
  it('reads ~01 as ~1, not as /', () => {
    expect(unescapePointerToken('~01')).toBe('~1');
  });
});
