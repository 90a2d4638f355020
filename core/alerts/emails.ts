/** The emails subscribers receive, each as plain text and as HTML, every value escaped in the HTML. */
import { SERVICE_NAME } from '../../model';
import { escapeHtml } from '../../search/highlight';
import type { AlertFrequency } from '../../store/subscriptions';
import type { Email } from './mailer';

export interface DigestPassage {
  text: string;
  page: number;
}

export interface DigestItem {
  title: string;
  /** Year · area · type, those known. */
  facts: string;
  summary: string;
  passages: DigestPassage[];
  link: string;
}

/** Where a subscriber manages their alert and leaves it; the token is in both. */
export interface SubscriberLinks {
  manage: string;
  /** The RFC 8058 one-click address: a POST there unsubscribes. */
  unsubscribe: string;
}

function html(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

const link = (href: string, text: string) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;

export function confirmationEmail(to: string, following: string, frequency: AlertFrequency, confirmUrl: string, expiresDays: number): Email {
  const subject = `Confirm your email alert: ${following}`;
  const intro = `Someone, we hope you, asked for a ${frequency} email of newly published case reviews on ${following}.`;
  const ask = `To start the alert, open this link and confirm:`;
  const ignore = `If you did not ask for it, ignore this email: nothing will be sent, and your address will be deleted in ${expiresDays} days.`;
  return {
    to,
    subject,
    text: `${intro}\n\n${ask}\n${confirmUrl}\n\n${ignore}\n\n${SERVICE_NAME}\n`,
    html: html(subject, `<p>${escapeHtml(intro)}</p><p>${escapeHtml(ask)}<br>${link(confirmUrl, 'Confirm my email alert')}</p><p>${escapeHtml(ignore)}</p><p>${SERVICE_NAME}</p>`),
  };
}

function footer(links: SubscriberLinks, frequency: AlertFrequency) {
  const why = `You get this ${frequency} email because you asked for it and confirmed your address.`;
  return {
    text: `${why}\nStop these emails, or see what we hold about you: ${links.manage}\n`,
    html: `<hr><p>${escapeHtml(why)} ${link(links.manage, 'Stop these emails, or see what we hold about you')}.</p>`,
  };
}

const unsubscribeHeaders = (links: SubscriberLinks) => ({
  'List-Unsubscribe': `<${links.unsubscribe}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

export function digestEmail(to: string, following: string, frequency: AlertFrequency, items: DigestItem[], more: { count: number; page: string }, links: SubscriberLinks): Email {
  const n = items.length + more.count;
  const subject = `${n} new case ${n === 1 ? 'review' : 'reviews'} on ${following}`;
  const textItems = items.map((item) => {
    const passages = item.passages.map((p) => `  - (page ${p.page}) ${p.text}`).join('\n');
    return [item.title, item.facts, item.summary, passages ? `Key passages:\n${passages}` : '', item.link].filter(Boolean).join('\n');
  });
  const htmlItems = items.map((item) => {
    const passages = item.passages.map((p) => `<li>${escapeHtml(p.text)} <small>(page ${p.page})</small></li>`).join('');
    return (
      `<h2>${link(item.link, item.title)}</h2><p><small>${escapeHtml(item.facts)}</small></p><p>${escapeHtml(item.summary)}</p>` +
      (passages ? `<p>Key passages:</p><ul>${passages}</ul>` : '')
    );
  });
  const moreText = more.count ? `And ${more.count} more: ${more.page}\n\n` : '';
  const moreHtml = more.count ? `<p>${link(more.page, `And ${more.count} more`)}</p>` : '';
  const end = footer(links, frequency);
  const heading = `Newly published case reviews on ${following}`;
  return {
    to,
    subject,
    text: `${heading}\n\n${textItems.join('\n\n')}\n\n${moreText}${end.text}`,
    html: html(subject, `<h1>${escapeHtml(heading)}</h1>${htmlItems.join('')}${moreHtml}${end.html}`),
    headers: unsubscribeHeaders(links),
  };
}

export interface EditorQueueLine {
  /** What waits, e.g. "Reviews needing OCR". */
  label: string;
  reviews: { title: string; link: string }[];
}

export function editorEmail(to: string, username: string, queues: EditorQueueLine[], editorPage: string): Email {
  const total = new Set(queues.flatMap((q) => q.reviews.map((r) => r.link))).size;
  const subject = `${total} ${total === 1 ? 'review waits' : 'reviews wait'} for an editor`;
  const intro = `Hello ${username}, this is what waits for the editors this week.`;
  const text = queues.map((q) => `${q.label} (${q.reviews.length}):\n${q.reviews.map((r) => `  - ${r.title}: ${r.link}`).join('\n')}`).join('\n\n');
  const body = queues
    .map((q) => `<h2>${escapeHtml(q.label)} (${q.reviews.length})</h2><ul>${q.reviews.map((r) => `<li>${link(r.link, r.title)}</li>`).join('')}</ul>`)
    .join('');
  const why = 'You get this weekly email as an editor of the repository; an admin can remove the address from your account.';
  return {
    to,
    subject,
    text: `${intro}\n\n${text}\n\nThe editors' list: ${editorPage}\n\n${why}\n`,
    html: html(subject, `<p>${escapeHtml(intro)}</p>${body}<p>${link(editorPage, "The editors' list")}</p><p>${escapeHtml(why)}</p>`),
  };
}
