import type { Db } from '../db/client';
import { officerAlertEmail, type OfficerAlert } from '../email/templates/alerts';
import { OFFICER_ALERT_KIND, type Outbox } from '../email/outbox';

export interface AlertRequest {
  councilId: string;
  /** Idempotency key prefix: the same alert is never sent twice to the same person. */
  key: string;
  alert: Omit<OfficerAlert, 'councilName'>;
  /** Escalations also reach e.g. the panel clerk or chair. */
  alsoTo?: Array<{ address: string; name?: string | null }>;
}

/** Alerts go to democratic services' shared mailbox, and to anyone an escalation adds. */
export function createAlerts(db: Db, outbox: Outbox) {
  return async function alertOfficers(request: AlertRequest): Promise<void> {
    const council = await db.council.findUniqueOrThrow({ where: { id: request.councilId }, select: { name: true, alertsEmail: true } });
    const email = officerAlertEmail({ ...request.alert, councilName: council.name });
    const recipients = [{ address: council.alertsEmail, name: 'Democratic Services' }, ...(request.alsoTo ?? [])];
    const unique = recipients.filter((recipient, index) => recipients.findIndex((other) => other.address === recipient.address) === index);
    for (const to of unique) {
      await outbox.send({
        councilId: request.councilId,
        idempotencyKey: `${request.key}:to:${to.address}`,
        kind: OFFICER_ALERT_KIND,
        to,
        email,
      });
    }
  };
}

export type AlertOfficers = ReturnType<typeof createAlerts>;
