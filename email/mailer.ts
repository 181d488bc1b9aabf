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

/** 5xx replies and rejected envelopes are permanent; connection problems and 4xx replies are worth retrying. */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const smtp = error as SmtpError;
  if (smtp?.code === 'EENVELOPE') return true;
  return typeof smtp?.responseCode === 'number' && smtp.responseCode >= 500 && smtp.responseCode < 600;
}

/** Sends through a pooled SMTP connection: one TCP/TLS session serves many messages. */
export function createSmtpMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 3,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as nodemailer.TransportOptions);
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
