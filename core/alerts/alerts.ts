/**
 * Email alerts: subscriptions with double opt-in, digests of newly published reviews on a theme
 * or a search, and the editors' weekly list of what waits for them. Only records whose status is
 * published are ever put in an email, whatever the index says.
 */
import crypto from 'node:crypto';
import { REVIEW_TYPE_LABELS, publishedAt, type Passage, type ReviewRecord, type SearchBackend, type SearchFieldRegistry, type SearchFilters, type SearchHit } from '../../model';
import type { Store } from '../../store/store';
import type { Taxonomy } from '../../taxonomy';
import { SubscriptionStore, type AlertFrequency, type AlertTarget, type Subscription } from '../../store/subscriptions';
import { UserStore } from '../../store/users';
import { cutAtWord } from '../../lib/text';
import { describeTarget, targetFilters, targetPage } from './describe';
import { confirmationEmail, digestEmail, editorEmail, type DigestItem, type DigestPassage, type SubscriberLinks } from './emails';
import { editorQueues } from './editor-queues';
import type { Mailer } from './mailer';
import { isoWeek, periodOf } from './periods';

/** A refusal, carrying the HTTP status the API answers with. */
export class AlertsError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'AlertsError';
  }
}

/** An address that never confirms is deleted after this many days. */
export const CONFIRM_WITHIN_DAYS = 7;
const DAY_MS = 86_400_000;
/** Unconfirmed alerts one address may have at once. */
const MAX_UNCONFIRMED_PER_ADDRESS = 3;
/** Reviews listed in one digest; the rest are counted, with a link to them all. */
const DIGEST_SIZE = 25;
const SUMMARY_CHARS = 320;
const PASSAGE_CHARS = 280;
const PASSAGES_PER_REVIEW = 2;
const SEARCH_PAGE = 100;
/** Tokens of this many of the latest emails open an alert: the links in older emails stop working. */
const TOKENS_KEPT = 60;

export interface AlertsDeps {
  store: Store;
  backend: SearchBackend;
  taxonomy: Taxonomy;
  fields: SearchFieldRegistry;
  /** The base of every link in an email: configured, never a request's Host header. */
  publicUrl: string;
  /** Null when no SMTP server is configured: nothing can be subscribed to or sent. */
  mailer: Mailer | null;
}

/** What the service holds about one subscriber's alert, as the subscriber sees it. */
export interface HeldAlert {
  email: string;
  following: string;
  page: string;
  theme: string | null;
  filters: SearchFilters | null;
  frequency: AlertFrequency;
  confirmed: boolean;
  created_at: string;
  confirmed_at: string | null;
  last_sent_at: string | null;
  /** When an unconfirmed alert and its address are deleted. */
  expires_at: string | null;
}

export interface SendSummary {
  digests: number;
  /** Confirmed alerts with nothing new since their last digest. */
  nothing_new: number;
  /** Confirmed alerts already sent a digest this week or month. */
  already_sent: number;
  editor_emails: number;
  /** Emails that could not be sent; each is tried again on the next run. */
  failed: { to: string; error: string }[];
}

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

const decodeEntities = (html: string) =>
  html
    .replace(/<\/?mark>/g, '')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class Alerts {
  readonly subscriptions: SubscriptionStore;

  constructor(private readonly deps: AlertsDeps) {
    this.subscriptions = new SubscriptionStore(deps.store.dataDir, (file, reason) => deps.store.setAside(file, reason));
  }

  get enabled(): boolean {
    return this.deps.mailer !== null;
  }

  private mailer(): Mailer {
    if (!this.deps.mailer) throw new AlertsError(503, 'Email alerts are not available on this service: no mail server is configured.');
    return this.deps.mailer;
  }

  private links(token: string): SubscriberLinks {
    const t = encodeURIComponent(token);
    // Portal pages take the token in the fragment, which a browser never sends: it stays out of every server's log.
    return { manage: `${this.deps.publicUrl}/alerts/manage#token=${t}`, unsubscribe: `${this.deps.publicUrl}/api/alerts/unsubscribe?token=${t}` };
  }

  private following(target: AlertTarget): string {
    return describeTarget(target, this.deps.fields, this.deps.taxonomy);
  }

  /** Unconfirmed alerts older than the confirmation window go, with their addresses. */
  private purgeExpired(now: Date): void {
    const cutoff = now.getTime() - CONFIRM_WITHIN_DAYS * DAY_MS;
    const expired = (s: Subscription) => !s.confirmedAt && Date.parse(s.createdAt) < cutoff;
    if (this.subscriptions.list().some(expired)) this.subscriptions.update((list) => list.filter((s) => !expired(s)));
  }

  /**
   * Hold an unconfirmed alert and send the confirmation email. The answer is the same whether or
   * not the address already follows this, so the form tells nobody who subscribes to what.
   */
  async subscribe(request: { email: string; target: AlertTarget; frequency: AlertFrequency }, now = new Date()): Promise<void> {
    const mailer = this.mailer();
    if ('theme' in request.target && !this.deps.taxonomy.get(request.target.theme)) throw new AlertsError(400, `There is no theme "${request.target.theme}" to follow.`);
    this.purgeExpired(now);
    const email = request.email.trim();
    // Nobody can fill someone else's inbox with confirmation emails: after a few unanswered, no more.
    const unanswered = this.subscriptions.list().filter((s) => !s.confirmedAt && s.email.toLowerCase() === email.toLowerCase()).length;
    if (unanswered >= MAX_UNCONFIRMED_PER_ADDRESS) return;
    const token = crypto.randomBytes(32).toString('base64url');
    const subscription: Subscription = {
      id: crypto.randomBytes(8).toString('hex'),
      tokenHashes: [hashToken(token)],
      email,
      target: request.target,
      frequency: request.frequency,
      createdAt: now.toISOString(),
    };
    this.subscriptions.update((list) => [...list, subscription]);
    const confirmUrl = `${this.deps.publicUrl}/alerts/confirm#token=${encodeURIComponent(token)}`;
    try {
      await mailer.send(confirmationEmail(subscription.email, this.following(request.target), request.frequency, confirmUrl, CONFIRM_WITHIN_DAYS));
    } catch {
      // Nothing kept for an address that was never written to.
      this.subscriptions.update((list) => list.filter((s) => s.id !== subscription.id));
      throw new AlertsError(503, 'The confirmation email could not be sent just now. Please try again later.');
    }
  }

  private find(token: string): Subscription {
    const found = this.subscriptions.byTokenHash(hashToken(token));
    if (!found) throw new AlertsError(404, `This link does not match any email alert: the alert was deleted, or not confirmed within ${CONFIRM_WITHIN_DAYS} days.`);
    return found;
  }

  private held(s: Subscription): HeldAlert {
    return {
      email: s.email,
      following: this.following(s.target),
      page: targetPage(s.target, this.deps.publicUrl),
      theme: 'theme' in s.target ? s.target.theme : null,
      filters: 'filters' in s.target ? s.target.filters : null,
      frequency: s.frequency,
      confirmed: !!s.confirmedAt,
      created_at: s.createdAt,
      confirmed_at: s.confirmedAt ?? null,
      last_sent_at: s.lastSentAt ?? null,
      expires_at: s.confirmedAt ? null : new Date(Date.parse(s.createdAt) + CONFIRM_WITHIN_DAYS * DAY_MS).toISOString(),
    };
  }

  /** Everything held about the alert a token belongs to. */
  view(token: string, now = new Date()): HeldAlert {
    this.purgeExpired(now);
    return this.held(this.find(token));
  }

  /**
   * Start the alert: digests list reviews published from now on. An earlier alert of the same
   * address on the same thing gives way to this one, so confirming twice never means two emails.
   */
  confirm(token: string, now = new Date()): HeldAlert {
    this.purgeExpired(now);
    const found = this.find(token);
    if (found.confirmedAt) return this.held(found);
    const confirmed: Subscription = { ...found, confirmedAt: now.toISOString(), since: now.toISOString() };
    const same = (s: Subscription) => s.email.toLowerCase() === found.email.toLowerCase() && JSON.stringify(s.target) === JSON.stringify(found.target);
    this.subscriptions.update((list) => [...list.filter((s) => s.id !== found.id && !same(s)), confirmed]);
    return this.held(confirmed);
  }

  /** Delete the alert and the address with it; false when the token matches nothing (already gone). */
  remove(token: string): boolean {
    const hash = hashToken(token);
    let removed = false;
    this.subscriptions.update((list) => {
      const rest = list.filter((s) => !s.tokenHashes.includes(hash));
      removed = rest.length < list.length;
      return rest;
    });
    return removed;
  }

  /** Send every digest and editors' email due in the period `now` falls in; a rerun in the same period sends nothing twice. */
  async sendDue(now = new Date()): Promise<SendSummary> {
    const mailer = this.mailer();
    this.purgeExpired(now);
    const summary: SendSummary = { digests: 0, nothing_new: 0, already_sent: 0, editor_emails: 0, failed: [] };
    for (const s of this.subscriptions.list()) {
      if (!s.confirmedAt) continue;
      const period = periodOf(s.frequency, now);
      if (s.lastPeriod === period) {
        summary.already_sent++;
        continue;
      }
      try {
        const { items, more } = await this.newReviews(s, now);
        if (!items.length) {
          summary.nothing_new++;
          continue;
        }
        // Each digest carries a fresh token, kept (hashed) before the email goes so that its links work from the start.
        const token = crypto.randomBytes(32).toString('base64url');
        this.patch(s.id, (x) => ({ tokenHashes: [...x.tokenHashes, hashToken(token)].slice(-TOKENS_KEPT) }));
        const page = targetPage(s.target, this.deps.publicUrl);
        await mailer.send(digestEmail(s.email, this.following(s.target), s.frequency, items, { count: more, page }, this.links(token)));
        const sent = now.toISOString();
        this.patch(s.id, () => ({ since: sent, lastSentAt: sent, lastPeriod: period }));
        summary.digests++;
      } catch (err) {
        summary.failed.push({ to: s.email, error: messageOf(err) });
      }
    }
    await this.sendEditors(mailer, now, summary);
    return summary;
  }

  /** Change one alert, if it is still there (it may have been deleted while a digest was being made). */
  private patch(id: string, change: (s: Subscription) => Partial<Subscription>): void {
    this.subscriptions.update((list) => list.map((s) => (s.id === id ? { ...s, ...change(s) } : s)));
  }

  /** Newly published reviews the alert follows, newest first: at most a digest's worth listed, the rest counted. */
  private async newReviews(s: Subscription, now: Date): Promise<{ items: DigestItem[]; more: number }> {
    const since = s.since ?? s.confirmedAt!;
    const until = now.toISOString();
    const filters = targetFilters(s.target);
    const items: DigestItem[] = [];
    let more = 0;
    for (let page = 1; ; page++) {
      const res = await this.deps.backend.search({ ...filters, sort: 'added', page, size: SEARCH_PAGE, facets: false });
      let older = false;
      for (const hit of res.results) {
        const record = this.deps.store.get(hit.id);
        if (record?.status !== 'published') continue;
        const at = publishedAt(record);
        if (at <= since) {
          older = true;
          break;
        }
        if (at > until) continue;
        if (items.length < DIGEST_SIZE) items.push(this.item(hit, record, filters));
        else more++;
      }
      if (older || res.results.length < SEARCH_PAGE || page * SEARCH_PAGE >= res.total || page >= 1000) break;
    }
    return { items, more };
  }

  private item(hit: SearchHit, record: ReviewRecord, filters: SearchFilters): DigestItem {
    const m = record.metadata;
    return {
      title: m.title,
      facts: [m.year, m.area, REVIEW_TYPE_LABELS[m.reviewType]].filter(Boolean).join(' · '),
      summary: cutAtWord(record.summary, SUMMARY_CHARS),
      passages: this.keyPassages(hit, record, filters),
      link: `${this.deps.publicUrl}/reviews/${encodeURIComponent(record.id)}`,
    };
  }

  /** The review's strongest passages on the followed themes (with their narrower ones); for a search by words alone, the passages it matched. */
  private keyPassages(hit: SearchHit, record: ReviewRecord, filters: SearchFilters): DigestPassage[] {
    const themes = new Set(
      (filters.theme ?? []).flatMap((id) => (filters.narrower === false ? [id] : [id, ...(this.deps.taxonomy.get(id)?.narrower ?? [])])),
    );
    const byId = new Map(record.passages.map((p) => [p.id, p]));
    const candidates = themes.size
      ? record.themes
          .filter((t) => themes.has(t.id))
          .sort((a, b) => b.score - a.score)
          .flatMap((t) => t.passages)
          .map((id) => byId.get(id))
      : hit.highlights.map((h) => {
          const start = decodeEntities(h).replace(/^…\s*/, '').slice(0, 60);
          return record.passages.find((p) => p.text.includes(start));
        });
    const chosen = [...new Set(candidates.filter((p): p is Passage => p !== undefined))];
    return chosen.slice(0, PASSAGES_PER_REVIEW).map((p) => ({ text: cutAtWord(p.text, PASSAGE_CHARS), page: p.page }));
  }

  /** The weekly list of what waits, to each editor account with an email address, once a week and only when something waits. */
  private async sendEditors(mailer: Mailer, now: Date, summary: SendSummary): Promise<void> {
    const week = isoWeek(now);
    let accounts;
    try {
      accounts = new UserStore(this.deps.store.dataDir).list().filter((u) => u.email);
    } catch (err) {
      summary.failed.push({ to: 'editors', error: messageOf(err) });
      return;
    }
    if (!accounts.length) return;
    const queues = editorQueues(this.deps.store, this.deps.publicUrl);
    if (!queues.length) return;
    const sent = this.subscriptions.editorsSent();
    for (const user of accounts) {
      if (sent[user.username] === week) continue;
      try {
        await mailer.send(editorEmail(user.email!, user.username, queues, `${this.deps.publicUrl}/editor`));
        this.subscriptions.markEditorSent(user.username, week);
        summary.editor_emails++;
      } catch (err) {
        summary.failed.push({ to: user.email!, error: messageOf(err) });
      }
    }
  }
}
