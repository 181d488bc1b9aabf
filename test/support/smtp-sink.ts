import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { findFreePort } from '../../stack/ports';

/** The address a message was sent to (the engine sends each email to one person). */
export const recipientOf = (message: ParsedMail): string | undefined =>
  (Array.isArray(message.to) ? message.to[0] : message.to)?.value[0]?.address;

export interface SmtpSink {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** The messages received so far for one address, in the order they arrived. */
  to(address: string): ParsedMail[];
  /** Resolves when at least `count` messages have arrived (or rejects after `timeoutMs`). */
  waitForMessages(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** Addresses containing this text are refused with 550, as a relay refuses an unknown mailbox. */
  refuseRecipientsMatching(text: string | null): void;
  stop(): Promise<void>;
  /** Starts listening again on the same port after `stop`. */
  restart(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Accept mail only after XOAUTH2 sign-in as this mailbox with this access token, as Microsoft 365 and Google do. */
  xoauth2?: { user: string; accessToken: string };
}

/** A real SMTP server on a free port that keeps every message it receives, parsed. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const { xoauth2 } = options;
  const port = await findFreePort();
  const messages: ParsedMail[] = [];
  let refused: string | null = null;
  let waiters: Array<() => void> = [];

  const createServer = () =>
    new SMTPServer({
      authOptional: !xoauth2,
      authMethods: ['XOAUTH2'],
      // Sign-in over plain TCP is a test convenience; a real relay would offer STARTTLS first.
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (xoauth2 && auth.username === xoauth2.user && auth.accessToken === xoauth2.accessToken) callback(null, { user: auth.username });
        else callback(new Error('5.7.8 invalid credentials'));
      },
      onRcptTo(address, _session, callback) {
        if (refused && address.address.includes(refused)) {
          const error = new Error(`5.1.1 <${address.address}>: mailbox unavailable`) as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
          return;
        }
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            messages.push(parsed);
            waiters.forEach((wake) => wake());
            callback();
          })
          .catch(callback);
      },
    });

  let server = createServer();
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen();

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    to: (address) => messages.filter((message) => recipientOf(message) === address),
    waitForMessages(count, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length >= count) {
            waiters = waiters.filter((waiter) => waiter !== check);
            clearTimeout(timer);
            resolve(messages);
          }
        };
        const timer = setTimeout(
          () => reject(new Error(`Expected ${count} message(s) at the SMTP sink, got ${messages.length}`)),
          timeoutMs,
        );
        waiters.push(check);
        check();
      });
    },
    refuseRecipientsMatching(text) {
      refused = text;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async restart() {
      server = createServer();
      await listen();
    },
  };
}
