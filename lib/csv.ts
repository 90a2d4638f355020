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

export interface CsvOptions {
  /**
   * Neutralise cells a spreadsheet would run as formulas (the default). Off for tools that read
   * the values as they are, such as R or pandas, where the apostrophe would be part of the value.
   */
  excelSafe?: boolean;
}

/** Every CSV the product writes goes through here: RFC 4180 (CRLF line ends), Excel-safe unless asked otherwise. */
export function toCsv(rows: readonly (readonly unknown[])[], { excelSafe = true }: CsvOptions = {}): string {
  return stringify(rows as unknown[][], {
    record_delimiter: 'windows',
    // With CRLF as the record delimiter the library quotes only a cell holding CRLF; a lone CR or LF must be quoted too.
    quoted_match: /[\r\n]/,
    ...(excelSafe ? { cast: { string: neutraliseCell } } : {}),
  });
}
