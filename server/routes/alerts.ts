import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { searchFiltersSchema, type SearchFilters } from '../../model';
import { Alerts, AlertsError, CONFIRM_WITHIN_DAYS } from '../../core/alerts/alerts';
import { mailerFromEnv, type Mailer } from '../../core/alerts/mailer';
import type { AlertFrequency } from '../../store/subscriptions';
import { EMAIL_SCHEMA, errorResponses } from '../schemas';

export interface AlertsOptions {
  /** How email is sent; from the environment (SMTP_URL or SMTP_HOST..., ALERTS_FROM) when not given. */
  mailer?: Mailer | null;
  /** How often the server sends what is due, in minutes (a fraction in tests); from ALERTS_SCHEDULE when not given, off when null. */
  scheduleMinutes?: number | null;
}

/** ALERTS_SCHEDULE: "hourly", "daily" or a number of minutes; unset, the server sends nothing by itself (use `scr alerts send` from cron). */
export function scheduleFromEnv(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.ALERTS_SCHEDULE?.trim().toLowerCase();
  if (!raw || raw === 'off') return null;
  if (raw === 'hourly') return 60;
  if (raw === 'daily') return 24 * 60;
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`ALERTS_SCHEDULE must be "hourly", "daily", "off" or a number of minutes (got "${env.ALERTS_SCHEDULE}")`);
  return minutes;
}

/** Subscribing is a form anyone can post, that sends an email: a few a minute from one address is plenty. */
export const SUBSCRIBE_RATE_LIMIT = { max: 5, timeWindow: 60_000 };

const Frequency = Type.Enum(['weekly', 'monthly'] as const);
const TokenQuery = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });
const Message = Type.Object({ message: Type.String() });
const nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A token in a log is a key to someone's alert: the request log names the route with the token blanked. */
const withoutToken = {
  logSerializers: {
    req: (req: FastifyRequest) => ({ method: req.method, url: req.url.replace(/token=[^&]*/g, 'token=…'), host: req.host, remoteAddress: req.ip }),
  },
};

const alertRoutes: FastifyPluginAsync<AlertsOptions> = async (app, options) => {
  const ownMailer = options.mailer === undefined;
  const mailer = ownMailer ? mailerFromEnv() : options.mailer!;
  const alerts = new Alerts({ store: app.store, backend: app.backend, taxonomy: app.taxonomy, fields: app.fields, publicUrl: app.publicUrl, mailer });

  const filters = searchFiltersSchema(app.fields);
  const HeldAlert = Type.Object({
    email: Type.String(),
    following: Type.String({ description: 'What the alert follows, in words' }),
    page: Type.String({ description: 'The portal page listing the same reviews' }),
    theme: nullable(Type.String()),
    filters: nullable(filters),
    frequency: Frequency,
    confirmed: Type.Boolean(),
    created_at: Type.String(),
    confirmed_at: nullable(Type.String()),
    last_sent_at: nullable(Type.String()),
    expires_at: nullable(Type.String({ description: 'When an unconfirmed alert and its address are deleted' })),
  });

  // Tokens and addresses: nothing here may be kept by a cache.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  // Mail clients send the one-click unsubscribe as a form (RFC 8058).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const refuse = (reply: FastifyReply, err: unknown) => {
    if (!(err instanceof AlertsError)) throw err;
    const error = { 400: 'Bad Request', 404: 'Not Found', 503: 'Service Unavailable' }[err.statusCode] ?? 'Error';
    return reply.status(err.statusCode).send({ error, message: err.message });
  };

  app.get(
    '/alerts',
    { schema: { summary: 'Whether email alerts can be subscribed to on this service', response: { 200: Type.Object({ enabled: Type.Boolean(), confirm_within_days: Type.Integer() }) } } },
    async () => ({ enabled: alerts.enabled, confirm_within_days: CONFIRM_WITHIN_DAYS }),
  );

  app.post<{ Body: { email: string; frequency: AlertFrequency; theme?: string; filters?: SearchFilters } }>(
    '/alerts',
    {
      config: { rateLimit: SUBSCRIBE_RATE_LIMIT },
      schema: {
        summary: 'Ask for an email alert on a theme or a search: a confirmation email is sent, and nothing else until it is confirmed',
        body: Type.Object(
          {
            email: Type.Unsafe<string>(EMAIL_SCHEMA),
            frequency: Frequency,
            theme: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,60}$', description: 'Follow this theme' })),
            filters: Type.Optional({ ...filters, description: 'Or follow this search (the filters of /api/search); no theme and no filters follows every new review' }),
          },
          { additionalProperties: false },
        ),
        response: { 202: Message, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { email, frequency, theme, filters: search } = request.body;
      if (theme && search) return reply.status(400).send({ error: 'Bad Request', message: 'Follow a theme or a search, not both at once.' });
      try {
        await alerts.subscribe({ email, frequency, target: theme ? { theme } : { filters: search ?? {} } });
      } catch (err) {
        return refuse(reply, err);
      }
      return reply.status(202).send({ message: `We have sent an email to ${email}. Open the link in it to start the alert; until then nothing else is sent.` });
    },
  );

  app.post<{ Body: { token: string } }>(
    '/alerts/confirm',
    { schema: { summary: 'Confirm an email alert with the token from its confirmation email', body: TokenQuery, response: { 200: HeldAlert, ...errorResponses } } },
    async (request, reply) => {
      try {
        return alerts.confirm(request.body.token);
      } catch (err) {
        return refuse(reply, err);
      }
    },
  );

  app.get<{ Querystring: { token: string } }>(
    '/alerts/subscription',
    { ...withoutToken, schema: { summary: 'Everything held about the email alert a token opens', querystring: TokenQuery, response: { 200: HeldAlert, ...errorResponses } } },
    async (request, reply) => {
      try {
        return alerts.view(request.query.token);
      } catch (err) {
        return refuse(reply, err);
      }
    },
  );

  app.delete<{ Querystring: { token: string } }>(
    '/alerts/subscription',
    { ...withoutToken, schema: { summary: 'Delete an email alert and the address it was sent to', querystring: TokenQuery, response: { 200: Message, ...errorResponses } } },
    async (request, reply) => {
      if (!alerts.remove(request.query.token)) return reply.status(404).send({ error: 'Not Found', message: 'This alert was already deleted.' });
      return { message: 'Your alert and your email address are deleted. Nothing more will be sent.' };
    },
  );

  app.post<{ Querystring: { token: string } }>(
    '/alerts/unsubscribe',
    {
      ...withoutToken,
      schema: {
        summary: 'One-click unsubscribe (RFC 8058), the address in every alert email’s List-Unsubscribe header: deletes the alert and the address, no sign-in',
        querystring: TokenQuery,
        response: { 200: Message, ...errorResponses },
      },
    },
    async (request) => {
      const removed = alerts.remove(request.query.token);
      return { message: removed ? 'You are unsubscribed: the alert and your email address are deleted.' : 'This alert was already deleted.' };
    },
  );

  const minutes = options.scheduleMinutes === undefined ? scheduleFromEnv() : options.scheduleMinutes;
  // A run still sending when the next is due is left to finish: two at once could both send a digest.
  let running: Promise<void> | null = null;
  const send = () => {
    running ??= alerts
      .sendDue()
      .then(
        (summary) => app.log.info({ alerts: summary }, 'email alerts sent'),
        (err) => app.log.error({ err }, 'email alerts could not be sent'),
      )
      .finally(() => (running = null));
  };
  const timer = minutes && alerts.enabled ? setInterval(send, minutes * 60_000) : null;
  // The schedule never keeps the process alive, and stops with the server.
  timer?.unref();
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
    if (ownMailer) mailer?.close();
  });
};

export default alertRoutes;
