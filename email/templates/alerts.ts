import { renderEmail, type RenderedEmail } from '../layout';

export interface OfficerAlert {
  subject: string;
  /** One line: what happened. */
  preview: string;
  paragraphs: string[];
  facts?: Array<[string, string]>;
  councilName: string;
}

/** An email to democratic services (and whoever else an escalation reaches) about something that needs a person. */
export function officerAlertEmail(alert: OfficerAlert): RenderedEmail {
  return renderEmail(
    { subject: alert.subject, preview: alert.preview, greeting: 'Hello,', paragraphs: alert.paragraphs, facts: alert.facts },
    { signOff: `Corporate Parenting Engine, ${alert.councilName}` },
  );
}
