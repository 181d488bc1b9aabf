import { addDays, formatDate, fromDbDate, instantAt, localDateOf, municipalYearOf, type IsoDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import type { CampaignSettings } from '../../domain/pledge/campaign';
import { addWorkingDays } from '../../domain/working-days';
import type { Db } from '../../db/client';
import { servingOn } from '../../db/members';
import { calendarInvite } from '../../email/calendar-invite';
import { renderEmail, type EmailContent } from '../../email/layout';
import { senderIdentity } from '../../email/sender';
import { pledgeChase, pledgeEventReminder, pledgeInvitation, type PledgeEmailContext } from '../../email/templates/pledge';
import { signLink } from '../../links/signed-links';
import type { Member, Pledge } from '../../prisma/generated/client';
import type { AlertOfficers } from '../alerts';
import type { Outbox } from '../../email/outbox';

export interface PledgeActivityDependencies {
  db: Db;
  outbox: Outbox;
  alertOfficers: AlertOfficers;
  mailFrom: string;
  publicBaseUrl: string;
  linkSecret: string;
}

/** The officers are reminded this many working days before the first ordinary Council meeting. */
export const COMMITMENT_NOTICE_WORKING_DAYS = 10;

export function createPledgeActivities({ db, outbox, alertOfficers, mailFrom, publicBaseUrl, linkSecret }: PledgeActivityDependencies) {
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
      link: `${publicBaseUrl}/p/${signLink(linkSecret, {
        purpose: 'pledge',
        councilId: pledge.councilId,
        subjectId: pledge.id,
        memberId: member.id,
        expiresAt: instantAt(addDays(linkExpiresOn, 1), '00:00', pledge.council.timeZone),
      })}`,
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

  return {
    async loadPledgeCampaign(
      pledgeId: string,
    ): Promise<{ status: Pledge['status']; settings: Omit<CampaignSettings, 'eventStartsAt'> & { eventStartsAt: string } }> {
      const pledge = await loadPledge(pledgeId);
      const meeting = pledge.firstCouncilMeetingOn ? fromDbDate(pledge.firstCouncilMeetingOn) : null;
      return {
        status: pledge.status === 'OPEN' && !pledge.eventStartsAt ? 'DRAFT' : pledge.status,
        settings: {
          eventStartsAt: (pledge.eventStartsAt ?? new Date(0)).toISOString(),
          eventReminderDays: pledge.eventReminderDays,
          chaseEveryDays: pledge.chaseEveryDays,
          chaseRounds: pledge.chaseRounds,
          firstCouncilMeetingOn: meeting,
          commitmentReminderOn: meeting && addWorkingDays(meeting, -COMMITMENT_NOTICE_WORKING_DAYS),
          yearEnd: yearOf(pledge).end,
          zone: pledge.council.timeZone,
        },
      };
    },

    /** Invites every serving member not yet invited and not yet signed: at the start, and whenever someone joins. */
    async invitePledgeMembers(input: { pledgeId: string; asOf: string }): Promise<number> {
      const pledge = await loadPledge(input.pledgeId);
      const day = today(pledge, input.asOf);
      // A PENDING invitation was never confirmed sent (a retry after an outage or a crash): it is sent again, and the outbox keeps it to once.
      const invited = await db.notification.findMany({
        where: {
          councilId: pledge.councilId,
          idempotencyKey: { startsWith: `pledge:${pledge.id}:invite:` },
          status: { not: 'PENDING' },
        },
        select: { idempotencyKey: true },
      });
      const already = new Set(invited.map((row) => row.idempotencyKey.split(':').at(-1)));
      const members = await nonSigners(pledge, day);
      const eventAhead = pledge.eventStartsAt !== null && pledge.eventStartsAt.getTime() > new Date(input.asOf).getTime();
      let sent = 0;
      for (const member of members.filter((candidate) => !already.has(candidate.id))) {
        await emailMember(pledge, member, 'invite', 'pledge.invite', (ctx) => pledgeInvitation(ctx, eventAhead), eventAhead);
        sent += 1;
      }
      return sent;
    },

    /** Reminds members who have neither signed nor said they cannot come. */
    async remindPledgeEvent(input: { pledgeId: string; daysBefore: number; asOf: string }): Promise<number> {
      const pledge = await loadPledge(input.pledgeId);
      const members = await nonSigners(pledge, today(pledge, input.asOf));
      const declined = new Set(
        (await db.pledgeRsvp.findMany({ where: { pledgeId: pledge.id, attending: false } })).map((rsvp) => rsvp.memberId),
      );
      const toRemind = members.filter((member) => !declined.has(member.id));
      for (const member of toRemind) {
        await emailMember(pledge, member, `event-${input.daysBefore}d`, 'pledge.event-reminder', (ctx) =>
          pledgeEventReminder(ctx, input.daysBefore),
        );
      }
      return toRemind.length;
    },

    async chasePledgeSigners(input: { pledgeId: string; round: number; asOf: string }): Promise<number> {
      const pledge = await loadPledge(input.pledgeId);
      const members = await nonSigners(pledge, today(pledge, input.asOf));
      for (const member of members)
        await emailMember(pledge, member, `chase-${input.round}`, 'pledge.chase', (ctx) => pledgeChase(ctx, input.round));
      return members.length;
    },

    /** After the last chase: the officers get the list of who has still not signed; group leaders their group's, if configured. */
    async listPledgeNonSigners(input: { pledgeId: string; asOf: string }): Promise<void> {
      const pledge = await loadPledge(input.pledgeId);
      const day = today(pledge, input.asOf);
      const members = await nonSigners(pledge, day);
      const year = yearOf(pledge).label;
      const listed = (group: typeof members) =>
        group.map((member): [string, string] => [memberDisplayName(member), member.party ?? member.ward ?? '']);
      await alertOfficers({
        councilId: pledge.councilId,
        key: `pledge:${pledge.id}:non-signers`,
        alert: {
          subject: `${members.length} member(s) have not signed the ${year} Corporate Parenting Pledge`,
          preview: 'Chasing has finished; these members have still not signed.',
          paragraphs: [
            members.length
              ? `After ${pledge.chaseRounds} reminder(s), these serving members have still not signed the ${year} pledge:`
              : `Every serving member has signed the ${year} pledge.`,
          ],
          facts: listed(members),
        },
      });
      if (!pledge.tellGroupLeaders) return;
      const leaders = await db.member.findMany({
        where: { councilId: pledge.councilId, roles: { has: 'GROUP_LEADER' }, ...servingOn(day) },
      });
      for (const leader of leaders) {
        const group = members.filter((member) => member.party !== null && member.party === leader.party);
        if (!group.length) continue;
        await alertOfficers({
          councilId: pledge.councilId,
          key: `pledge:${pledge.id}:non-signers:${leader.id}`,
          alsoTo: [{ address: leader.email, name: memberDisplayName(leader) }],
          alert: {
            subject: `${leader.party}: ${group.length} member(s) have not signed the ${year} Corporate Parenting Pledge`,
            preview: 'For the group leader.',
            paragraphs: [`These members of ${leader.party} have not signed the ${year} pledge. Please encourage them to sign online.`],
            facts: listed(group),
          },
        });
      }
    },

    async remindCommitmentRenewal(pledgeId: string): Promise<void> {
      const pledge = await loadPledge(pledgeId);
      if (pledge.commitmentRenewedOn || !pledge.firstCouncilMeetingOn) return;
      const meeting = formatDate(fromDbDate(pledge.firstCouncilMeetingOn));
      await alertOfficers({
        councilId: pledge.councilId,
        key: `pledge:${pledge.id}:commitment-reminder`,
        alert: {
          subject: `Put the renewal of the corporate parenting commitment on the agenda for ${meeting}`,
          preview: `Council renews its commitment to looked-after children at its first ordinary meeting of ${yearOf(pledge).label}.`,
          paragraphs: [
            `Council renews its corporate commitment to looked-after children at its first ordinary meeting each year. The meeting is on ${meeting}.`,
            'Please put the renewal on the agenda, and record it once Council has made it (`cpe pledge commitment --on <date>`).',
          ],
        },
      });
    },

    async checkCommitmentRenewal(pledgeId: string): Promise<void> {
      const pledge = await loadPledge(pledgeId);
      if (pledge.commitmentRenewedOn || !pledge.firstCouncilMeetingOn) return;
      await alertOfficers({
        councilId: pledge.councilId,
        key: `pledge:${pledge.id}:commitment-missing`,
        alert: {
          subject: 'The renewal of the corporate parenting commitment has not been recorded',
          preview: `Expected at the meeting on ${formatDate(fromDbDate(pledge.firstCouncilMeetingOn))}.`,
          paragraphs: [
            `Council was due to renew its commitment to looked-after children on ${formatDate(fromDbDate(pledge.firstCouncilMeetingOn))}, and no renewal has been recorded.`,
            'If Council renewed it, record the date; if not, put it on the next ordinary meeting’s agenda.',
          ],
        },
      });
    },

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

export type PledgeActivities = ReturnType<typeof createPledgeActivities>;
