import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDiskFull } from '../../lib/disk-full';
import { SearchUnavailableError } from '../../search/errors';
import { UsersUnreadableError } from '../../store/users';
import { EditorialError } from '../../core/editorial/editorial';

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

export const DISK_FULL_MESSAGE =
  "The server's disk is full, so the change was not saved. Everything can still be read; ask the service administrator to free space, then try again.";

type SchemaError = NonNullable<FastifyError['validation']>[number];

const WHERE: Record<string, string> = { querystring: 'parameter', body: 'field', params: 'part of the address', headers: 'header' };

/** A validation failure in the words of someone filling in a form, not of the schema library. */
export function validationMessage(errors: readonly SchemaError[], context: string | undefined): string {
  const e = errors[0];
  const params = (e?.params ?? {}) as Record<string, unknown>;
  const field = String(params.missingProperty ?? params.additionalProperty ?? e?.instancePath.split('/').filter(Boolean).join('.') ?? '');
  const where = WHERE[context ?? ''] ?? 'value';
  const subject = field ? `The ${where} "${field}"` : context === 'body' ? 'The request body' : `The ${where}`;
  switch (e?.keyword) {
    case 'required':
      return `${subject} is required.`;
    case 'additionalProperties':
      return `${subject} is not one this accepts.`;
    case 'maximum':
      return `${subject} must be at most ${params.limit}.`;
    case 'minimum':
      return `${subject} must be at least ${params.limit}.`;
    case 'type':
      return `${subject} must be ${params.type === 'integer' ? 'a whole number' : params.type === 'number' ? 'a number' : params.type === 'string' ? 'text' : params.type === 'array' ? 'a list' : params.type === 'object' ? 'a JSON object' : `of type ${params.type}`}.`;
    case 'enum':
      return `${subject} must be one of: ${(params.allowedValues as unknown[] | undefined)?.join(', ')}.`;
    case 'maxLength':
      return `${subject} must be at most ${params.limit} characters long.`;
    case 'minLength':
      return `${subject} must be at least ${params.limit} ${params.limit === 1 ? 'character' : 'characters'} long.`;
    case 'maxItems':
      return `${subject} may be given at most ${params.limit} times.`;
    case 'minItems':
      return `${subject} must be given at least ${params.limit} times.`;
    case 'pattern':
    case 'format':
      return `${subject} is not in the expected form.`;
    default:
      return `${subject} is not valid.`;
  }
}

/**
 * Errors are JSON with a status-appropriate message in the user's words. Internals are logged,
 * never sent: a 5xx says only what the user can act on, and library messages stay in the log.
 */
export function sendError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  let status = err.validation ? 400 : (err.statusCode ?? 500);
  let message: string;
  if (err.validation) message = validationMessage(err.validation, err.validationContext);
  else if (err instanceof EditorialError) message = err.message;
  else if (isDiskFull(err)) {
    status = 507;
    message = DISK_FULL_MESSAGE;
  } else if (err instanceof SearchUnavailableError || err instanceof UsersUnreadableError) message = err.message;
  else if (status >= 500) message = 'The service could not complete the request.';
  else if (status === 429) message = 'Too many requests from this address: wait a minute, then try again.';
  else if (err.code?.startsWith('FST_')) message = frameworkMessage(err, status);
  else message = err.message;
  if (status >= 500) request.log.error({ err }, 'request failed');
  return reply.status(status).send({ error: STATUS_NAMES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error'), message });
}

/** Fastify's own refusals (a malformed body, a wrong content type, a body too large), reworded. */
function frameworkMessage(err: FastifyError, status: number): string {
  if (status === 413) return 'The request is too large.';
  if (status === 415) return 'The request body is not of a type this accepts.';
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The request body is empty; send JSON.';
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) return 'The request body is not valid JSON.';
  return 'The request could not be read.';
}

/**
 * A number too large for a double (size=1e309) becomes Infinity when the schema coerces it, and
 * the schema library skips its minimum and maximum for a non-finite number. Refused here, after
 * validation, with the limit the schema gives.
 */
export function refuseNonFiniteNumbers(app: FastifyInstance): void {
  app.addHook('preHandler', async (request, reply) => {
    for (const [context, values] of [['querystring', request.query], ['params', request.params]] as const) {
      if (!values || typeof values !== 'object') continue;
      for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
        const bad = (Array.isArray(value) ? value : [value]).find((v) => typeof v === 'number' && !Number.isFinite(v)) as number | undefined;
        if (bad === undefined) continue;
        const schema = (request.routeOptions.schema?.[context] as { properties?: Record<string, { minimum?: number; maximum?: number }> } | undefined)?.properties?.[name];
        const limit = bad > 0 ? schema?.maximum : schema?.minimum;
        const keyword = limit === undefined ? 'type' : bad > 0 ? 'maximum' : 'minimum';
        const message = validationMessage([{ keyword, instancePath: `/${name}`, schemaPath: '', params: { limit, type: 'number' } }], context);
        return reply.status(400).send({ error: 'Bad Request', message });
      }
    }
  });
}
