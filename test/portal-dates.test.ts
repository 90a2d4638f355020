import { formatDateTime } from '../web/src/dates';

describe('the portal’s dates', () => {
  it('read the British way, in UK time whatever the season', () => {
    expect(formatDateTime('2026-12-02T14:05:09.000Z')).toBe('2 December 2026, 14:05');
    // British Summer Time: an hour ahead of UTC, across midnight.
    expect(formatDateTime('2026-07-31T23:30:00Z')).toBe('1 August 2026, 00:30');
  });

  it('show nothing for a missing or unreadable date rather than "Invalid Date"', () => {
    for (const bad of [null, undefined, '', 'not a date']) expect(formatDateTime(bad)).toBe('');
  });
});
