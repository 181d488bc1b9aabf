import { localDateOf, municipalYearOf } from '../../domain/calendar';
import type { DutyActivityDependencies } from '../dependencies';

/** The pledge's year: closing it, and drafting the next year's from it. */
export function createPledgeYearActivities({ db, alertOfficers }: DutyActivityDependencies) {
  return {
    async closePledge(pledgeId: string): Promise<void> {
      await db.pledge.updateMany({ where: { id: pledgeId, status: 'OPEN' }, data: { status: 'CLOSED' } });
    },

    /**
     * A new municipal year's pledge, drafted from the previous year's text for
     * an officer to confirm and date. Nothing happens if it already exists.
     */
    async openPledgeYear(input: { councilId: string; asOf: string }): Promise<string | null> {
      const council = await db.council.findUniqueOrThrow({ where: { id: input.councilId } });
      const year = municipalYearOf(localDateOf(new Date(input.asOf), council.timeZone), council.municipalYearStartMonth);
      const existing = await db.pledge.findUnique({
        where: { councilId_municipalYear: { councilId: council.id, municipalYear: year.startYear } },
      });
      if (existing) return null;
      const previous = await db.pledge.findFirst({ where: { councilId: council.id }, orderBy: { municipalYear: 'desc' } });
      if (!previous) return null;
      const draft = await db.pledge.create({
        data: {
          councilId: council.id,
          municipalYear: year.startYear,
          text: previous.text,
          version: `${year.label} v1`,
          childrenInCareCouncilNote: previous.childrenInCareCouncilNote,
          eventReminderDays: previous.eventReminderDays,
          chaseEveryDays: previous.chaseEveryDays,
          chaseRounds: previous.chaseRounds,
          tellGroupLeaders: previous.tellGroupLeaders,
        },
      });
      await alertOfficers({
        councilId: council.id,
        key: `pledge:${draft.id}:drafted`,
        alert: {
          subject: `The ${year.label} Corporate Parenting Pledge is ready to confirm`,
          preview: 'Confirm the text and date the signing event to start the campaign.',
          paragraphs: [
            `A new municipal year has begun. The ${year.label} pledge has been drafted from last year's text.`,
            'Confirm the text and set the signing event (ideally just before the first ordinary Council meeting, with looked-after children invited) to start the campaign: `cpe pledge confirm`.',
          ],
        },
      });
      return draft.id;
    },
  };
}
