import { addDays, instantAt, localDateOf, type IsoDate } from '../calendar';
import { barsOf, type BarChart, type ChartRate } from './chart';
import { rateOf } from './figures';

/** An urgent concern acknowledged within this many hours counts as acknowledged promptly in the chart. */
export const PROMPT_ACKNOWLEDGEMENT_HOURS = 24;

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** An action on a finding, as the query gives it: raised in the period, resolved in it, or still open at its end. */
export interface FollowUpActionInput {
  createdAt: Date;
  dueOn: IsoDate;
  /** When its owner marked it done or an officer closed it; null while it is open. */
  resolvedAt: Date | null;
}

/** An urgent concern raised in the period, and when an officer acknowledged it (null if nobody has yet). */
export interface UrgentConcernInput {
  raisedAt: Date;
  acknowledgedAt: Date | null;
}

export interface FollowUpInput {
  period: { start: IsoDate; end: IsoDate };
  zone: string;
  actions: FollowUpActionInput[];
  urgentConcerns: UrgentConcernInput[];
  /** Visit reports of the period still in review or with the home's manager: their findings are not counted yet. */
  reportsNotFinal: number;
}

/** What became of the findings of visits: the actions they raised, and how fast urgent concerns were acknowledged. */
export interface FollowUpFigures {
  actionsRaised: number;
  actionsResolved: number;
  /** Past their due date and still open at the end of the period's last day. */
  actionsOverdue: number;
  /** Of the actions resolved in the period, those resolved on or before their due date. */
  actionsResolvedOnTime: number;
  /** From raising to resolving, of the actions resolved in the period, to one decimal place; null when none were. */
  medianDaysToResolve: number | null;
  urgentRaised: number;
  urgentAcknowledged: number;
  /** From raising to acknowledging, of the concerns raised in the period and acknowledged; to one decimal place. */
  medianHoursToAcknowledge: number | null;
  slowestHoursToAcknowledge: number | null;
  urgentAcknowledgedPromptly: number;
  reportsNotFinal: number;
}

/** The middle value, or the mean of the middle two; null for none. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const oneDecimal = (value: number | null): number | null => (value === null ? null : Math.round(value * 10) / 10);

/** Counts, medians and the slowest acknowledgement of a period; the period's bounds are local midnights in the council's zone. */
export function summariseFollowUp(input: FollowUpInput): FollowUpFigures {
  const start = instantAt(input.period.start, '00:00', input.zone).getTime();
  const end = instantAt(addDays(input.period.end, 1), '00:00', input.zone).getTime();
  const within = (at: Date | null) => at !== null && at.getTime() >= start && at.getTime() < end;
  const resolved = input.actions.filter((action) => within(action.resolvedAt));
  const openAtEnd = input.actions.filter(
    (action) => action.createdAt.getTime() < end && (action.resolvedAt === null || action.resolvedAt.getTime() >= end),
  );
  const raised = input.urgentConcerns.filter((concern) => within(concern.raisedAt));
  const hoursToAcknowledge = raised.flatMap((concern) =>
    concern.acknowledgedAt ? [(concern.acknowledgedAt.getTime() - concern.raisedAt.getTime()) / HOUR_MS] : [],
  );
  return {
    actionsRaised: input.actions.filter((action) => within(action.createdAt)).length,
    actionsResolved: resolved.length,
    actionsOverdue: openAtEnd.filter((action) => action.dueOn < input.period.end).length,
    actionsResolvedOnTime: resolved.filter((action) => localDateOf(action.resolvedAt!, input.zone) <= action.dueOn).length,
    medianDaysToResolve: oneDecimal(median(resolved.map((action) => (action.resolvedAt!.getTime() - action.createdAt.getTime()) / DAY_MS))),
    urgentRaised: raised.length,
    urgentAcknowledged: hoursToAcknowledge.length,
    medianHoursToAcknowledge: oneDecimal(median(hoursToAcknowledge)),
    slowestHoursToAcknowledge: oneDecimal(hoursToAcknowledge.length ? Math.max(...hoursToAcknowledge) : null),
    urgentAcknowledgedPromptly: hoursToAcknowledge.filter((hours) => hours <= PROMPT_ACKNOWLEDGEMENT_HOURS).length,
    reportsNotFinal: input.reportsNotFinal,
  };
}

/** "3.5 days", "n/a": a median or slowest time in words. */
export function durationText(value: number | null, unit: 'day' | 'hour'): string {
  if (value === null) return 'n/a';
  return `${value} ${value === 1 ? unit : `${unit}s`}`;
}

/** Actions resolved by their due date and urgent concerns acknowledged promptly, as rates to chart; a label may be prefixed with the duty. */
export function followUpRates(figures: FollowUpFigures, prefix = ''): ChartRate[] {
  return [
    {
      label: `${prefix}Actions resolved by their due date`,
      rate: rateOf(figures.actionsResolvedOnTime, figures.actionsResolved),
      previousRate: null,
    },
    {
      label: `${prefix}Urgent concerns acknowledged within ${PROMPT_ACKNOWLEDGEMENT_HOURS} hours`,
      rate: rateOf(figures.urgentAcknowledgedPromptly, figures.urgentRaised),
      previousRate: null,
    },
  ];
}

/** The follow-up chart's bars; none where nothing was measured. */
export function followUpChart(periodLabel: string, figures: FollowUpFigures): BarChart {
  return { title: `Follow-up of findings, ${periodLabel}`, bars: barsOf(followUpRates(figures)), comparesEveryBar: false };
}
