import { formatDate, type IsoDate } from '../../domain/calendar';
import type { OfficerAlert } from './alerts';
import type { EmailContent } from '../layout';

/** What an email about one action needs; names and addresses come from Postgres, never from workflow payloads. */
export interface ActionEmailContext {
  councilName: string;
  establishmentName: string;
  description: string;
  dueOn: IsoDate;
  ownerName: string;
}

const facts = (ctx: ActionEmailContext): Array<[string, string]> => [
  ['Home', ctx.establishmentName],
  ['Action', ctx.description],
  ['Due', formatDate(ctx.dueOn)],
];

/** The owner's reminder, before the due date and on it, with their personal link to update the action or mark it done. */
export function actionReminder(ctx: ActionEmailContext, link: { url: string; expiresOn: IsoDate }, when: 'BEFORE' | 'DUE'): EmailContent {
  return {
    subject: `${when === 'DUE' ? 'Due today' : 'Reminder'}: action for ${ctx.establishmentName} due ${formatDate(ctx.dueOn)}`,
    preview: `An action from a visit to ${ctx.establishmentName} is due by ${formatDate(ctx.dueOn)}.`,
    greeting: `Dear ${ctx.ownerName},`,
    paragraphs: [
      `A visit to ${ctx.establishmentName} raised an action that you own. It is due by ${formatDate(ctx.dueOn)}.`,
      'Use the button to say what has been done so far, or to mark it done with a note of what was done.',
    ],
    facts: facts(ctx),
    actions: [{ label: 'Update the action', url: link.url }],
    footnote: `The button is personal to you, works once, and until ${formatDate(link.expiresOn)}. Please do not forward this email.`,
  };
}

/** Overdue: the officers first, then (still open) the lead member too. */
export function overdueActionAlert(
  ctx: ActionEmailContext,
  stage: 'OFFICERS' | 'LEAD_MEMBER',
  detailsUrl: string,
): Omit<OfficerAlert, 'councilName'> {
  return {
    subject: `${stage === 'LEAD_MEMBER' ? 'Still overdue' : 'Overdue'}: action for ${ctx.establishmentName}`,
    preview: `An action from a visit to ${ctx.establishmentName} was due by ${formatDate(ctx.dueOn)} and is still open.`,
    paragraphs: [
      `An action from a visit to ${ctx.establishmentName}, owned by ${ctx.ownerName}, was due by ${formatDate(ctx.dueOn)} and is still open.`,
      stage === 'LEAD_MEMBER'
        ? 'Democratic services were told when it became overdue. As it is still open, it now goes to the lead member for children.'
        : 'Please chase its owner, change the owner, or close the action if it no longer applies.',
      `The action and its history: ${detailsUrl}`,
    ],
    facts: [...facts(ctx), ['Owner', ctx.ownerName]],
  };
}
