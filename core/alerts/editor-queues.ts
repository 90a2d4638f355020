/** What waits for the editors: reviews held back from publication, by what they need. */
import type { Store } from '../../store/store';
import { HELD_FOR_REVIEW } from '../upload-jobs';
import type { EditorQueueLine } from './emails';

const QUEUE_LABELS: Record<string, string> = {
  [HELD_FOR_REVIEW]: 'Uploads awaiting checking and publishing',
  'needs OCR': 'Reviews with no text layer, needing OCR',
  'OCR text to check': 'OCR text to check against the page images',
  'identifier flags': 'Identifier flags to redact or dismiss',
};

export function editorQueues(store: Store, publicUrl: string): EditorQueueLine[] {
  const queues = new Map<string, EditorQueueLine>();
  for (const record of store.all()) {
    if (record.status !== 'quarantined') continue;
    const reason = record.statusReason ?? 'held';
    const label = QUEUE_LABELS[reason] ?? `Held back: ${reason}`;
    const line = queues.get(label) ?? { label, reviews: [] };
    line.reviews.push({ title: record.metadata.title, link: `${publicUrl}/editor/reviews/${encodeURIComponent(record.id)}` });
    queues.set(label, line);
  }
  return [...queues.values()];
}
