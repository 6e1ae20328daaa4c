import { createHash } from 'node:crypto';

/**
 * §5.5: `<sourceSystem>:<stream>:<source key>`; a key with a character outside [A-Za-z0-9_.-], or a
 * result over 64 characters, becomes `h:` + the first 32 hex digits of the key's SHA-256.
 */
export function recordIdFor(sourceSystem: string, stream: string, sourceKey: string): string {
  const plain = `${sourceSystem}:${stream}:${sourceKey}`;
  if (/^[A-Za-z0-9_.-]+$/.test(sourceKey) && plain.length <= 64) return plain;
  const digest = createHash('sha256').update(sourceKey, 'utf8').digest('hex').slice(0, 32);
  return `${sourceSystem}:${stream}:h:${digest}`;
}
