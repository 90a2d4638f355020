/** A real SMTP server for tests (smtp-server on port 0); every message that arrives is parsed with mailparser. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { smtpMailer, type Mailer } from '../core/alerts/mailer';

export interface Received {
  /** The envelope's recipients, as the server accepted them. */
  to: string[];
  mail: ParsedMail;
}

export interface TestSmtp {
  port: number;
  received: Received[];
  /** Recipients the server refuses at RCPT TO, as a mailbox that does not exist would be. */
  refused: Set<string>;
  /** The messages to one address, in the order they arrived. */
  to(address: string): ParsedMail[];
  /** A mailer sending to this server, as nodemailer is configured for a real one. */
  mailer(): Mailer;
  close(): Promise<void>;
}

export const TEST_FROM = 'Case Review Repository <alerts@example.org>';

export async function startSmtp(): Promise<TestSmtp> {
  const received: Received[] = [];
  const refused = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address)) callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      // The message counts as delivered once it is parsed: the sender's promise settles after this.
      simpleParser(stream).then(
        (mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    refused,
    to: (address) => received.filter((r) => r.to.includes(address)).map((r) => r.mail),
    mailer: () => smtpMailer({ host: '127.0.0.1', port, secure: false, from: TEST_FROM }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a message's plain text that starts with `prefix`. */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const found = (mail.text ?? '').split(/\s+/).find((w) => w.startsWith(prefix));
  if (!found) throw new Error(`no link starting ${prefix} in:\n${mail.text}`);
  return found;
}

/** A header's value as sent (unfolded), not as mailparser interprets it. */
export function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

/** The address in a message's List-Unsubscribe header. */
export function unsubscribeUrl(mail: ParsedMail): string {
  const value = rawHeader(mail, 'List-Unsubscribe');
  if (!value) throw new Error('no List-Unsubscribe header');
  return value.replace(/^<|>$/g, '');
}

/** The token in a link's fragment (#token=…), as the portal's alert pages read it. */
export function fragmentToken(link: string): string {
  return new URLSearchParams(new URL(link).hash.slice(1)).get('token') ?? '';
}
