import { localDateOf, municipalYearOf, type IsoDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import { servingOn } from '../../db/members';
import { calendarInvite } from '../../email/calendar-invite';
import { renderEmail, type EmailContent } from '../../email/layout';
import { senderIdentity } from '../../email/sender';
import type { PledgeEmailContext } from '../../email/templates/pledge';
import type { Member } from '../../prisma/generated/client';
import { signedLinkUrl, type DutyActivityDependencies } from '../dependencies';

/** One year's pledge, its members still to sign, and what an email about it needs. */
export function pledgeContext({ db, outbox, mailFrom, publicBaseUrl, linkSecret }: DutyActivityDependencies) {
  const loadPledge = (pledgeId: string) => db.pledge.findUniqueOrThrow({ where: { id: pledgeId }, include: { council: true } });
  type LoadedPledge = Awaited<ReturnType<typeof loadPledge>>;

  const yearOf = (pledge: LoadedPledge) =>
    municipalYearOf(
      `${pledge.municipalYear}-${String(pledge.council.municipalYearStartMonth).padStart(2, '0')}-01`,
      pledge.council.municipalYearStartMonth,
    );

  function emailContext(pledge: LoadedPledge, member: Member): PledgeEmailContext {
    const linkExpiresOn = yearOf(pledge).end;
    return {
      councilName: pledge.council.name,
      memberName: memberDisplayName(member),
      yearLabel: yearOf(pledge).label,
      eventStartsAt: pledge.eventStartsAt ?? new Date(0),
      eventLocation: pledge.eventLocation,
      zone: pledge.council.timeZone,
      link: signedLinkUrl(
        { publicBaseUrl, linkSecret },
        'p',
        { purpose: 'pledge', councilId: pledge.councilId, subjectId: pledge.id, memberId: member.id },
        linkExpiresOn,
        pledge.council.timeZone,
      ),
      linkExpiresOn,
    };
  }

  function emailMember(
    pledge: LoadedPledge,
    member: Member,
    key: string,
    kind: string,
    content: (ctx: PledgeEmailContext) => EmailContent,
    withInvite = false,
  ) {
    const ctx = emailContext(pledge, member);
    return outbox.send({
      councilId: pledge.councilId,
      idempotencyKey: `pledge:${pledge.id}:${key}:${member.id}`,
      kind,
      to: { address: member.email, name: ctx.memberName },
      email: renderEmail(content(ctx), { signOff: `Democratic Services, ${pledge.council.name}` }),
      calendar:
        withInvite && pledge.eventStartsAt
          ? calendarInvite({
              uid: `pledge-event-${pledge.id}@corporate-parenting-engine`,
              sequence: 0,
              method: 'REQUEST',
              summary: `Corporate Parenting Pledge signing, ${ctx.yearLabel}`,
              description: `Signing of the Corporate Parenting Pledge, ${pledge.council.name}.`,
              location: pledge.eventLocation ?? undefined,
              when: {
                allDay: false,
                start: pledge.eventStartsAt,
                end: pledge.eventEndsAt ?? new Date(pledge.eventStartsAt.getTime() + 60 * 60 * 1000),
              },
              organizer: senderIdentity(mailFrom),
              attendee: { name: ctx.memberName, email: member.email },
            })
          : undefined,
    });
  }

  /** Serving members who have not signed this pledge, in name order. */
  async function nonSigners(pledge: LoadedPledge, day: IsoDate) {
    return db.member.findMany({
      where: { councilId: pledge.councilId, ...servingOn(day), pledgeSignatures: { none: { pledgeId: pledge.id } } },
      orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }],
    });
  }

  /** Steps carry workflow time: who is serving depends on the campaign's day, not the wall clock's. */
  const today = (pledge: LoadedPledge, asOf: string) => localDateOf(new Date(asOf), pledge.council.timeZone);

  return { loadPledge, yearOf, emailMember, nonSigners, today };
}
