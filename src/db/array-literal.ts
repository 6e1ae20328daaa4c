/**
 * Array values in PostgreSQL's array syntax, for COPY rows and for statement parameters cast to an
 * array type (`$1::text[]`). `pg` serialises an array parameter element by element, concatenating and
 * escaping each; a page's arrays of keys, hashes and ids are built here with one join instead.
 */

const NEEDS_QUOTING_ESCAPE = /[\\"]/;

/**
 * A text[] value, every element quoted (so that commas, braces, spaces and the word NULL stay text),
 * backslashes and quotes escaped in the elements that have them.
 */
export function textArrayLiteral(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  for (const v of values) {
    if (NEEDS_QUOTING_ESCAPE.test(v)) return `{${values.map((x) => `"${x.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  }
  return `{"${values.join('","')}"}`;
}

/** A bigint[] or int[] value of integers. */
export function integerArrayLiteral(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}
