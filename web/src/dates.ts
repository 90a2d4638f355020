/**
 * Dates as a British reader writes them ("2 December 2026, 14:05"), in UK time whatever the
 * browser's own settings: the one way the portal and the editor show a date.
 */
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' });

const valid = (iso: string | null | undefined): Date | null => {
  const date = iso ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
};

export function formatDateTime(iso: string | null | undefined): string {
  const date = valid(iso);
  return date ? `${dayFormat.format(date)}, ${timeFormat.format(date)}` : '';
}
