import { parsePrometheusText, type Family } from './prometheus-text';

/**
 * The checks of `promtool check metrics` (Prometheus' promlint), as documented with it: help text,
 * counters end in _total and nothing else does, base units, no unit abbreviations, no type in the
 * name, no colons, snake_case names and labels, names reserved for histograms and summaries.
 * Each problem reads as promtool prints it: `name: text`.
 */
const BASE_UNITS: Record<string, string> = {
  amperes: 'amperes',
  bytes: 'bytes',
  celsius: 'celsius',
  grams: 'grams',
  joules: 'joules',
  kelvin: 'kelvin',
  meters: 'meters',
  metres: 'metres',
  seconds: 'seconds',
  volts: 'volts',
  minutes: 'seconds',
  hours: 'seconds',
  days: 'seconds',
  weeks: 'seconds',
  kelvins: 'kelvin',
  fahrenheit: 'celsius',
  rankine: 'celsius',
  inches: 'meters',
  yards: 'meters',
  miles: 'meters',
  bits: 'bytes',
  calories: 'joules',
  pounds: 'grams',
  ounces: 'grams',
};
const UNIT_PREFIXES = [
  'pico',
  'nano',
  'micro',
  'milli',
  'centi',
  'deci',
  'deca',
  'hecto',
  'kilo',
  'kila',
  'mega',
  'giga',
  'tera',
  'peta',
  'exa',
  'zetta',
  'yotta',
];
const UNIT_ABBREVIATIONS = new Set(['s', 'ms', 'us', 'ns', 'sec', 'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'm', 'h', 'd']);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const CAMEL = /[a-z][A-Z]/;

function unitProblem(name: string): string | undefined {
  for (const part of name.split('_')) {
    const base = BASE_UNITS[part];
    if (base && base !== part) return `use base unit "${base}" instead of "${part}"`;
    for (const prefix of UNIT_PREFIXES) {
      if (part.startsWith(prefix) && BASE_UNITS[part.slice(prefix.length)] !== undefined) {
        return `use base unit "${BASE_UNITS[part.slice(prefix.length)]}" instead of "${part}"`;
      }
    }
  }
  return undefined;
}

export function lintFamily(f: Family): string[] {
  const out: string[] = [];
  const add = (text: string) => out.push(`${f.name}: ${text}`);
  const parts = f.name.split('_');
  if (!f.help.trim()) add('no help text');
  if (f.type === 'counter' && !f.name.endsWith('_total')) add('counter metrics should have "_total" suffix');
  if (f.type !== 'counter' && f.name.endsWith('_total')) add('non-counter metrics should not have "_total" suffix');
  const unit = unitProblem(f.name);
  if (unit) add(unit);
  if (parts.some((p) => UNIT_ABBREVIATIONS.has(p))) add('metric names should not contain abbreviated units');
  for (const p of parts) if (TYPES.has(p.toLowerCase())) add(`metric name should not include type '${p.toLowerCase()}'`);
  if (f.name.includes(':')) add("metric names should not contain ':'");
  if (CAMEL.test(f.name)) add("metric names should be written in 'snake_case' not 'camelCase'");
  const labels = new Set(f.samples.flatMap((s) => Object.keys(s.labels)));
  for (const l of labels) if (CAMEL.test(l)) add("label names should be written in 'snake_case' not 'camelCase'");
  if (f.type !== 'histogram') {
    if (f.name.endsWith('_bucket')) add('non-histogram metrics should not have "_bucket" suffix');
    if (labels.has('le')) add('non-histogram metrics should not have "le" label');
  }
  if (f.type !== 'histogram' && f.type !== 'summary') {
    if (f.name.endsWith('_count')) add('non-histogram and non-summary metrics should not have "_count" suffix');
    if (f.name.endsWith('_sum')) add('non-histogram and non-summary metrics should not have "_sum" suffix');
  }
  if (f.type !== 'summary' && labels.has('quantile')) add('non-summary metrics should not have "quantile" label');
  return out;
}

/** Every problem promtool would report for this exposition text, in order. */
export function promlint(text: string): string[] {
  return [...parsePrometheusText(text).values()].flatMap(lintFamily);
}
