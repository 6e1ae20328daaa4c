/**
 * Ids drawn ahead from a table's sequence, in the statement that reads what a write needs, so the
 * rows can then be written by COPY with their ids (and point at each other) without `RETURNING`.
 */

/** An SQL expression (an array) of `count` (an SQL expression) ids from `sequence`. */
export function drawIds(sequence: string, count: string): string {
  return `ARRAY(SELECT nextval('${sequence}'::regclass) FROM generate_series(1, ${count}::int))`;
}

/** The drawn ids as numbers, ascending. */
export function drawnIds(value: unknown): number[] {
  return (value as Array<number | string>).map(Number).sort((a, b) => a - b);
}
