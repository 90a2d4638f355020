/** Sending email: nodemailer over SMTP, configured from the environment. */
import type nodemailerModule from 'nodemailer';

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(email: Email): Promise<void>;
  close(): void;
}

export interface SmtpSettings {
  /** smtp://user:pass@host:port or smtps://...; wins over the separate settings. */
  url?: string;
  host?: string;
  port?: number;
  secure?: boolean;
  user?: string;
  pass?: string;
  /** The From address of every email, e.g. "Case Review Repository <alerts@example.org>". */
  from: string;
}

/** SMTP settings from SMTP_URL, or SMTP_HOST/SMTP_PORT/SMTP_SECURE/SMTP_USER/SMTP_PASS, and ALERTS_FROM; null when no server is named. */
export function smtpSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  const url = env.SMTP_URL?.trim() || undefined;
  const host = env.SMTP_HOST?.trim() || undefined;
  if (!url && !host) return null;
  const from = env.ALERTS_FROM?.trim();
  if (!from) throw new Error('ALERTS_FROM must be set with the SMTP server: the address alerts are sent from, e.g. "Case reviews <alerts@example.org>"');
  const port = env.SMTP_PORT ? Number(env.SMTP_PORT) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`SMTP_PORT must be a port number (got "${env.SMTP_PORT}")`);
  const secure = env.SMTP_SECURE ? ['1', 'true', 'yes'].includes(env.SMTP_SECURE.toLowerCase()) : undefined;
  return { url, host, port, secure, user: env.SMTP_USER || undefined, pass: env.SMTP_PASS || undefined, from };
}

export function smtpMailer(settings: SmtpSettings): Mailer {
  // Loaded only where a server is configured to send.
  const nodemailer = require('nodemailer') as typeof nodemailerModule;
  const transport = settings.url
    ? nodemailer.createTransport(settings.url)
    : nodemailer.createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        auth: settings.user ? { user: settings.user, pass: settings.pass } : undefined,
      });
  return {
    async send(email) {
      await transport.sendMail({ from: settings.from, ...email });
    },
    close: () => transport.close(),
  };
}

/** The mailer the environment configures, or null when it names no SMTP server (alerts are then off). */
export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer | null {
  const settings = smtpSettingsFromEnv(env);
  return settings ? smtpMailer(settings) : null;
}
