import { stringify } from 'csv-stringify/sync';

/** A cell a spreadsheet would read as a formula (or that hides one behind a tab or carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet shows as text: a cell that would start a formula gets a leading apostrophe,
 * as OWASP advises for CSV that titles and areas from uploaded reports can reach.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Every CSV the product writes goes through here, so no export can carry a formula. */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows as unknown[][], { cast: { string: neutraliseCell } });
}
