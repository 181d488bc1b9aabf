import type { IsoDate } from '../../domain/calendar';
import { summariseFollowUp, type FollowUpFigures, type FollowUpInput } from '../../domain/reports/follow-up';

/** The follow-up figures of a period with no actions, no urgent concerns and every report final, unless told otherwise. */
export const followUpOf = (period: { start: IsoDate; end: IsoDate }, input: Partial<FollowUpInput> = {}): FollowUpFigures =>
  summariseFollowUp({ period, zone: 'Europe/London', actions: [], urgentConcerns: [], reportsNotFinal: 0, ...input });

export const noFollowUp = (period: { start: IsoDate; end: IsoDate }): FollowUpFigures => followUpOf(period);
