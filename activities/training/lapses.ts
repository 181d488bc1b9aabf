import { formatDate } from '../../domain/calendar';
import { PANEL_NAMES } from '../../domain/training/requirements';
import { renderEmail } from '../../email/layout';
import { trainingLapsedNotice } from '../../email/templates/training';
import { trainingContext, type TrainingTarget } from './context';
import type { DutyActivityDependencies } from '../dependencies';

/** A course that has lapsed: the member is told, and the officers see the seats and pools that require it. */
export function createTrainingLapseActivities(deps: DutyActivityDependencies) {
  const { outbox, alertOfficers } = deps;
  const { context, key, sender } = trainingContext(deps);
  return {
    /**
     * The course has lapsed: the member and the officers are told, and the
     * officers see the panel seats and pools that require it. The visit rota
     * stops allocating from the same records without being told.
     */
    async noteTrainingLapsed(input: TrainingTarget) {
      const { member, course, ctx, today } = await context(input);
      await outbox.send({
        councilId: member.councilId,
        idempotencyKey: key(input, 'lapsed'),
        kind: 'training.lapsed',
        to: { address: member.email, name: ctx.memberName },
        email: renderEmail(trainingLapsedNotice(ctx), sender(ctx.councilName)),
      });
      const current = (spell: { fromDate: Date; toDate: Date | null }) =>
        spell.fromDate.toISOString().slice(0, 10) <= today && (!spell.toDate || spell.toDate.toISOString().slice(0, 10) >= today);
      const seats = member.panelSeats.filter((seat) => current(seat) && course.requiredForPanels.includes(seat.panel.kind));
      const pools = member.poolMemberships.filter(
        (membership) => current(membership) && course.requiredForPools.includes(membership.pool.purpose),
      );
      await alertOfficers({
        councilId: member.councilId,
        key: key(input, 'lapsed-officers'),
        alert: {
          subject: `${ctx.courseTitle} lapsed: ${ctx.memberName}`,
          preview: `Valid until ${formatDate(input.dueBy)}; ${seats.length} panel seat(s) need review.`,
          paragraphs: [
            `${ctx.memberName}'s ${ctx.courseTitle} was valid until ${formatDate(input.dueBy)} and has lapsed.`,
            seats.length
              ? 'They hold panel seats that require it: please review them with the panel chair until it is renewed.'
              : 'They hold no panel seat that requires it.',
            pools.length ? 'They will not be allocated visits from the pools below until it is renewed.' : '',
          ].filter(Boolean),
          facts: [
            ...seats.map((seat): [string, string] => ['Seat', `${seat.panel.name} (${PANEL_NAMES[seat.panel.kind]})`]),
            ...pools.map((membership): [string, string] => ['Pool', membership.pool.name]),
          ],
        },
      });
    },
  };
}
