/**
 * Dates as a British reader writes them ("2 December 2026", "2 December 2026, 14:05"), in UK time
 * whatever the machine's or the browser's own settings: the one way the portal, the editor and
 * the documents the server writes show a date.
 */
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' });

const valid = (value: Date | string | null | undefined): Date | null => {
  const date = value instanceof Date ? value : value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
};

/** The day alone; nothing for a missing or unreadable date. */
export function britishDate(value: Date | string | null | undefined): string {
  const date = valid(value);
  return date ? dayFormat.format(date) : '';
}

/** The day and the time; nothing for a missing or unreadable date. */
export function formatDateTime(value: Date | string | null | undefined): string {
  const date = valid(value);
  return date ? `${dayFormat.format(date)}, ${timeFormat.format(date)}` : '';
}
