import { addDays, instantAt, localDateOf, MORNING, type IsoDate } from '../calendar';

export type CampaignStepKind = 'EVENT_REMINDER' | 'CHASE' | 'LIST_NON_SIGNERS' | 'COMMITMENT_REMINDER' | 'COMMITMENT_CHECK' | 'CLOSE';

export interface CampaignStep {
  kind: CampaignStepKind;
  /** Unique in the campaign: "event-7d", "chase-2", "commitment". */
  key: string;
  at: Date;
  /** The chase round (1, 2, …) or days before the event. */
  n: number;
}

export interface CampaignSettings {
  eventStartsAt: Date;
  eventReminderDays: readonly number[];
  chaseEveryDays: number;
  chaseRounds: number;
  /** Null when no meeting date is set: no renewal reminders. */
  firstCouncilMeetingOn: IsoDate | null;
  /** The day the commitment reminder goes: worked out by the caller in working days before the meeting. */
  commitmentReminderOn: IsoDate | null;
  /** Last day of the municipal year: the campaign closes the day after. */
  yearEnd: IsoDate;
  zone: string;
}

/**
 * A pledge campaign's timeline, at 09:00 local time unless said otherwise:
 * reminders on the planned days before the signing event; after it, chases of
 * whoever has not signed every chaseEveryDays for chaseRounds rounds, then the
 * list of non-signers to the officers; the reminder to put the renewal of
 * commitment on the first ordinary Council meeting's agenda, and a check the
 * day after that meeting; the close at midnight after the municipal year.
 */
export function campaignSteps(settings: CampaignSettings): CampaignStep[] {
  const at = (date: IsoDate) => instantAt(date, MORNING, settings.zone);
  const eventDay = localDateOf(settings.eventStartsAt, settings.zone);
  const steps: CampaignStep[] = [...new Set(settings.eventReminderDays)].map((days) => ({
    kind: 'EVENT_REMINDER',
    key: `event-${days}d`,
    at: at(addDays(eventDay, -days)),
    n: days,
  }));
  for (let round = 1; round <= settings.chaseRounds; round += 1) {
    steps.push({ kind: 'CHASE', key: `chase-${round}`, at: at(addDays(eventDay, round * settings.chaseEveryDays)), n: round });
  }
  steps.push({
    kind: 'LIST_NON_SIGNERS',
    key: 'non-signers',
    at: at(addDays(eventDay, (settings.chaseRounds + 1) * settings.chaseEveryDays)),
    n: 0,
  });
  if (settings.commitmentReminderOn)
    steps.push({ kind: 'COMMITMENT_REMINDER', key: 'commitment', at: at(settings.commitmentReminderOn), n: 0 });
  if (settings.firstCouncilMeetingOn) {
    steps.push({ kind: 'COMMITMENT_CHECK', key: 'commitment-check', at: at(addDays(settings.firstCouncilMeetingOn, 1)), n: 0 });
  }
  steps.push({ kind: 'CLOSE', key: 'close', at: instantAt(addDays(settings.yearEnd, 1), '00:00', settings.zone), n: 0 });
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime());
}
