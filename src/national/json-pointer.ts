/** One reference token of a JSON pointer (RFC 6901 §3): `~` written `~0`, `/` written `~1`. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The name a reference token stands for; `~1` is read before `~0`, so `~01` stays `~1`. */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}
