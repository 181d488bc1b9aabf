import type { Db } from '../db/client';
import { addDays, instantAt, type IsoDate } from '../domain/calendar';
import type { Mailer } from '../email/mailer';
import type { Outbox } from '../email/outbox';
import { signLink, type LinkClaims } from '../links/signed-links';
import type { AlertOfficers } from './alerts';

export interface ActivityDependencies {
  db: Db;
  mailer: Mailer;
  /** The From header of every email. */
  mailFrom: string;
  /** Where members open signed links, e.g. https://cpe.council.gov.uk */
  publicBaseUrl: string;
  /** HMAC key for member links. */
  linkSecret: string;
  clock: () => Date;
}

/** What each duty's activity factories are built from: the worker's dependencies, with the outbox and the officers' alerts in place of the mailer. */
export interface DutyActivityDependencies extends Omit<ActivityDependencies, 'mailer'> {
  outbox: Outbox;
  alertOfficers: AlertOfficers;
}

/**
 * The address of a signed link for an email, e.g. `${publicBaseUrl}/m/<token>`,
 * usable to the end of `lastDay` in the council's time zone.
 */
export function signedLinkUrl(
  { publicBaseUrl, linkSecret }: Pick<ActivityDependencies, 'publicBaseUrl' | 'linkSecret'>,
  path: 'm' | 't' | 'p' | 'r' | 'a' | 'h',
  claims: Omit<LinkClaims, 'expiresAt'>,
  lastDay: IsoDate,
  zone: string,
): string {
  return `${publicBaseUrl}/${path}/${signLink(linkSecret, { ...claims, expiresAt: instantAt(addDays(lastDay, 1), '00:00', zone) })}`;
}
