import type { Client } from '@temporalio/client';

import type { Db } from '../db/client';
import { localDateOf, type IsoDate } from '../domain/calendar';
import type { OfficerRole } from '../prisma/generated/client';

/** What every use case needs; built once by each entry point (web, cli) and passed in. */
export interface ServiceDependencies {
  db: Db;
  temporal: Client;
  taskQueue: string;
  clock: () => Date;
  /** HMAC key of member links (LINK_SIGNING_SECRET). */
  linkSecret: string;
  /** Keys used before it (LINK_SIGNING_PREVIOUS_SECRETS): links they signed still open, so a key change strands nobody. */
  previousLinkSecrets?: readonly string[];
}

/** The officer a request acts for. Every service call is scoped to `councilId`. */
export interface Actor {
  councilId: string;
  officerId: string;
  role: OfficerRole;
}

/** Today's date in the council's time zone (Europe/London unless the council says otherwise). */
export async function councilToday({ db, clock }: Pick<ServiceDependencies, 'db' | 'clock'>, councilId: string): Promise<IsoDate> {
  const council = await db.council.findUniqueOrThrow({ where: { id: councilId }, select: { timeZone: true } });
  return localDateOf(clock(), council.timeZone);
}
