/** The calendar periods digests are sent in: at most one digest per subscription per period. */
import type { AlertFrequency } from '../../store/subscriptions';

/** The ISO 8601 week of a date (UTC), as "2026-W49". */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  // The week belongs to the year of its Thursday.
  d.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  const week = 1 + Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / (7 * 86_400_000));
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function periodOf(frequency: AlertFrequency, date: Date): string {
  return frequency === 'weekly' ? isoWeek(date) : date.toISOString().slice(0, 7);
}
