import nodemailer from 'nodemailer';

import type { CalendarAttachment } from './calendar-invite';

export interface FileAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingEmail {
  /** Fixed before the first attempt, so a resend carries the same Message-ID. */
  messageId: string;
  from: string;
  to: { name?: string | null; address: string };
  replyTo?: string | null;
  subject: string;
  html: string;
  text: string;
  calendar?: CalendarAttachment;
  files?: FileAttachment[];
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close(): void;
}

/** The receiving server refused the message for good (5xx, rejected address): retrying cannot help. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * 5xx replies and rejected envelopes are permanent; connection problems and
 * 4xx replies are worth retrying. So are a refused TLS upgrade or sign-in,
 * even as 5xx: they are the relay's settings, not this message's, and every
 * email should wait for them to be mended rather than fail.
 */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const smtp = error as SmtpError;
  if (smtp?.code === 'EENVELOPE') return true;
  if (smtp?.code === 'ETLS' || smtp?.code === 'EAUTH') return false;
  return typeof smtp?.responseCode === 'number' && smtp.responseCode >= 500 && smtp.responseCode < 600;
}

/** How to reach the relay beyond its URL: the settings a council's mail team asks for. */
export interface SmtpOptions {
  /** Refuse to send unless the relay upgrades the connection with STARTTLS (smtps:// is always encrypted). */
  requireTls?: boolean;
  /** Sign in with OAuth 2.0 (XOAUTH2) instead of a password, as Microsoft 365 and Google Workspace now ask. */
  oauth2?: SmtpOAuth2;
}

export interface SmtpOAuth2 {
  /** The mailbox the engine sends as. */
  user: string;
  clientId: string;
  clientSecret: string;
  /** The identity provider's token endpoint. */
  tokenUrl: string;
  /** A delegated (user) grant's refresh token; without one, the app's own client-credentials grant is used. */
  refreshToken?: string;
  /** The client-credentials grant's scope, e.g. https://outlook.office365.com/.default for Microsoft 365. */
  scope: string;
}

/** Sends through a pooled SMTP connection: one TCP/TLS session serves many messages. */
export function createSmtpMailer(smtpUrl: string, options: SmtpOptions = {}): Mailer {
  const { oauth2 } = options;
  const transport = nodemailer.createTransport({
    ...relayOf(smtpUrl),
    pool: true,
    maxConnections: 3,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    requireTLS: options.requireTls,
    ...(oauth2 && {
      auth: {
        type: 'OAuth2',
        user: oauth2.user,
        clientId: oauth2.clientId,
        clientSecret: oauth2.clientSecret,
        refreshToken: oauth2.refreshToken,
        accessUrl: oauth2.tokenUrl,
      },
    }),
  } as nodemailer.TransportOptions);
  // Nodemailer renews refresh-token grants itself; the client-credentials grant (Microsoft 365's app-only sending) is asked for here.
  if (oauth2 && !oauth2.refreshToken) transport.set('oauth2_provision_cb', clientCredentialsToken(oauth2));
  return {
    async send(email) {
      try {
        const info = await transport.sendMail({
          messageId: email.messageId,
          from: email.from,
          to: email.to.name ? { name: email.to.name, address: email.to.address } : email.to.address,
          replyTo: email.replyTo ?? undefined,
          subject: email.subject,
          html: email.html,
          text: email.text,
          icalEvent: email.calendar,
          attachments: email.files?.map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
        });
        return { messageId: info.messageId };
      } catch (error) {
        if (isPermanentSmtpFailure(error)) {
          throw new PermanentDeliveryError(
            `${email.to.address} was refused: ${(error as SmtpError).response ?? (error as Error).message}`,
            {
              cause: error,
            },
          );
        }
        throw error;
      }
    },
    close: () => transport.close(),
  };
}

/**
 * The relay's host, port, encryption and password, from SMTP_URL. Nodemailer
 * ignores every other option when it is given `url`, pooling and timeouts
 * included, so the URL is taken apart here.
 */
function relayOf(smtpUrl: string) {
  const url = new URL(smtpUrl);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : undefined,
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
  };
}

type ProvisionCallback = (
  user: string,
  renew: boolean,
  done: (error: Error | null, accessToken?: string, expires?: number) => void,
) => void;

/** Asks the token endpoint for an app-only access token; Nodemailer keeps it until it expires. */
function clientCredentialsToken(oauth2: SmtpOAuth2): ProvisionCallback {
  return (_user, _renew, done) => {
    fetch(oauth2.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: oauth2.clientId,
        client_secret: oauth2.clientSecret,
        scope: oauth2.scope,
      }),
      signal: AbortSignal.timeout(10_000),
    })
      .then(async (response) => {
        const body = (await response.json().catch(() => ({}))) as {
          access_token?: string;
          expires_in?: number;
          error_description?: string;
        };
        if (!response.ok || !body.access_token) {
          throw new Error(
            `the token endpoint refused the SMTP client credentials (HTTP ${response.status}): ${body.error_description ?? 'no reason given'}`,
          );
        }
        // Renewed a minute early, so a token never expires in the middle of a message.
        done(null, body.access_token, Date.now() + ((body.expires_in ?? 3600) - 60) * 1000);
      })
      .catch((error: Error) => done(error));
  };
}
