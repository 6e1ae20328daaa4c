/**
 * `--only` patterns: comma-separated; `*` matches any run of characters; a pattern without `*`
 * matches that id or every id under it (`trades` → `trades.upload.valid`, …); a leading `!`
 * excludes (`!rate` runs everything but the rate-limit cases).
 */
export function caseMatcher(only: string | undefined): (id: string) => boolean {
  const patterns = (only ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0 && p !== '!');
  const includes = patterns.filter((p) => !p.startsWith('!')).map(patternTest);
  const excludes = patterns.filter((p) => p.startsWith('!')).map((p) => patternTest(p.slice(1)));
  return (id) => (includes.length === 0 || includes.some((t) => t(id))) && !excludes.some((t) => t(id));
}

function patternTest(pattern: string): (id: string) => boolean {
  if (!pattern.includes('*')) return (id) => id === pattern || id.startsWith(`${pattern}.`);
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return (id) => re.test(id);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
