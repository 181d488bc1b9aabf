import { addDays, fromDbDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import { VISIT_DUTY } from '../../domain/visits/duty';
import { calendarInvite } from '../../email/calendar-invite';
import { renderEmail, type EmailContent } from '../../email/layout';
import type { DeliveryResult } from '../../email/outbox';
import { senderIdentity } from '../../email/sender';
import { visitCancellation, type VisitEmailContext } from '../../email/templates/visits';
import { signedLinkUrl, type DutyActivityDependencies } from '../dependencies';

/** Members may answer and report until two weeks after the period ends. */
const LINK_GRACE_DAYS = 14;

/** Emails about one invitation; a member invited again after a pause gets a new round. */
export const roundKey = (assignment: { id: string; invitedAt: Date }) =>
  `visit-assignment:${assignment.id}:${assignment.invitedAt.getTime()}`;

/** One visitor's invitation, and everything an email to them needs: the member, the visit, its establishment, council and pool. */
export function visitorEmails({ db, outbox, mailFrom, publicBaseUrl, linkSecret }: DutyActivityDependencies) {
  const loadAssignment = (assignmentId: string) =>
    db.visitAssignment.findUniqueOrThrow({
      where: { id: assignmentId },
      include: {
        member: true,
        visit: { include: { establishment: true, council: true, programme: { include: { pool: { select: { purpose: true } } } } } },
      },
    });
  type LoadedAssignment = Awaited<ReturnType<typeof loadAssignment>>;

  function emailContext(assignment: LoadedAssignment): VisitEmailContext {
    const { visit, member } = assignment;
    const periodEnd = fromDbDate(visit.periodEnd);
    const linkExpiresOn = addDays(periodEnd, LINK_GRACE_DAYS);
    const link = signedLinkUrl(
      { publicBaseUrl, linkSecret },
      'm',
      { purpose: 'visit', councilId: visit.councilId, subjectId: assignment.id, memberId: member.id },
      linkExpiresOn,
      visit.council.timeZone,
    );
    return {
      duty: visit.programme.pool.purpose,
      councilName: visit.council.name,
      establishmentName: visit.establishment.name,
      establishmentAddress: visit.establishment.address,
      periodStart: fromDbDate(visit.periodStart),
      periodEnd,
      memberName: memberDisplayName(member),
      link,
      linkExpiresOn,
    };
  }

  function visitCalendar(assignment: LoadedAssignment, method: 'REQUEST' | 'CANCEL') {
    const { visit, member } = assignment;
    const duty = VISIT_DUTY[visit.programme.pool.purpose];
    return calendarInvite({
      uid: `visit-${visit.id}-${member.id}@corporate-parenting-engine`,
      sequence: method === 'REQUEST' ? 0 : 1,
      method,
      summary: `${duty.name}: ${visit.establishment.name}`,
      description: `${duty.name} to ${visit.establishment.name} (${duty.place}), ${visit.council.name}. Visit on any day in this window and send your report afterwards.`,
      location: visit.establishment.address ?? visit.establishment.name,
      when: { allDay: true, firstDay: fromDbDate(visit.periodStart), lastDay: fromDbDate(visit.periodEnd) },
      organizer: senderIdentity(mailFrom),
      attendee: { name: memberDisplayName(member), email: member.email },
    });
  }

  const sender = (assignment: LoadedAssignment) => ({ signOff: `Democratic Services, ${assignment.visit.council.name}` });

  /** Every email to a visitor goes through here, keyed by the invitation round, so each is sent once. */
  function emailVisitor(
    assignment: LoadedAssignment,
    message: { key: string; kind: string; content: (ctx: VisitEmailContext) => EmailContent; calendar?: 'REQUEST' | 'CANCEL' },
  ): Promise<DeliveryResult> {
    const ctx = emailContext(assignment);
    return outbox.send({
      councilId: assignment.councilId,
      idempotencyKey: `${roundKey(assignment)}:${message.key}`,
      kind: message.kind,
      to: { address: assignment.member.email, name: ctx.memberName },
      email: renderEmail(message.content(ctx), sender(assignment)),
      calendar: message.calendar && visitCalendar(assignment, message.calendar),
    });
  }

  /** Removes the visit from the visitor's calendar (METHOD:CANCEL, same UID, next SEQUENCE) and says why. */
  const sendCancellation = (assignment: LoadedAssignment, because: 'DECLINED' | 'NO_ANSWER' | 'WITHDRAWN') =>
    emailVisitor(assignment, {
      key: 'cancel',
      kind: 'visit.cancel',
      content: (ctx) => visitCancellation(ctx, because),
      calendar: 'CANCEL',
    });

  return { loadAssignment, emailContext, emailVisitor, sendCancellation };
}
