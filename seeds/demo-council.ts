import { createHash } from 'node:crypto';

import { addDays, addMonths, endOfMonth, instantAt, municipalYearOf, startOfMonth, toDbDate, type IsoDate } from '../domain/calendar';
import type { Db } from '../db/client';
import type { IssueCategory, IssueSeverity, MemberRole, PoolPurpose } from '../prisma/generated/client';
import { hashPassword } from '../services/officer-auth';
import { ensureApiToken } from '../services/officers';
import { STANDARD_COURSES, STANDARD_PANELS, STANDARD_REPORT_DUTIES, type StandardPanel } from '../domain/standard-setup';

/**
 * Northmere Borough Council: a fictional council for demonstrations and
 * manual testing. Every name is invented; addresses use the reserved
 * .example domain. Running the seed again changes nothing.
 */
export const DEMO_COUNCIL_SLUG = 'northmere';
/** Printed by `npm start` outside production, so the API can be tried at once. */
export const DEMO_API_TOKEN = 'cpe_demo_northmere_dana_whitlock';
/** Every demo officer's password outside production, printed by `npm start`. */
export const DEMO_OFFICER_PASSWORD = 'northmere-demo-password';

const DOMAIN = 'northmere.example';

/** A UUID derived from a name, for seeded rows that have no natural key. */
function stableId(name: string): string {
  const hex = createHash('sha256').update(`northmere:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const WARDS = [
  'Abbeyfield',
  'Brackenridge',
  'Castlegate',
  'Dunmore',
  'Elmstead',
  'Fairhaven',
  'Greyfriars',
  'Hollins',
  'Ivywell',
  'Juniper Hill',
  'Kingsmead',
  'Longmoor',
  'Millbrook',
  'Northgate',
  'Orchard Vale',
  'Pennyfold',
];
const GIVEN_NAMES = [
  'Amara',
  'Ben',
  'Carys',
  'Declan',
  'Esme',
  'Farid',
  'Grace',
  'Hamish',
  'Ines',
  'Jonah',
  'Kezia',
  'Leon',
  'Maya',
  'Nikhil',
  'Orla',
  'Piotr',
  'Quinn',
  'Rosa',
  'Samir',
  'Tamsin',
  'Uzma',
  'Victor',
  'Wren',
  'Yusuf',
];
const FAMILY_NAMES = [
  'Ashdown',
  'Bellweather',
  'Crowhurst',
  'Dovecote',
  'Eldridge',
  'Fenwick',
  'Gallowglass',
  'Hartwell',
  'Inchbald',
  'Jessamy',
  'Kettleby',
  'Larkin',
  'Marchbank',
  'Nettleford',
  'Oakshott',
  'Penhallow',
  'Quarrie',
];
const PARTIES = ['Northmere First', 'Riverside Alliance', 'Independent'];

interface SeedMember {
  reference: string;
  givenName: string;
  familyName: string;
  ward: string | null;
  party: string | null;
  roles: MemberRole[];
  joinedOn: IsoDate;
}

/** 48 councillors (three per ward) and two co-opted members. */
function demoMembers(): SeedMember[] {
  const members: SeedMember[] = [];
  for (let index = 0; index < WARDS.length * 3; index += 1) {
    const roles: MemberRole[] = ['COUNCILLOR'];
    if (index < 3) roles.push('GROUP_LEADER');
    if (index % 9 === 4) roles.push('CABINET_MEMBER');
    if (index === 7) roles.push('LEAD_MEMBER_CHILDREN', 'CABINET_MEMBER');
    members.push({
      reference: `NM${String(index + 1).padStart(3, '0')}`,
      givenName: GIVEN_NAMES[index % GIVEN_NAMES.length]!,
      familyName: FAMILY_NAMES[(index * 7) % FAMILY_NAMES.length]!,
      ward: WARDS[Math.floor(index / 3)]!,
      party: PARTIES[index % PARTIES.length]!,
      roles,
      // Elections by thirds: one councillor per ward at each of the last three elections.
      joinedOn: ['2022-05-05', '2024-05-02', '2026-05-07'][index % 3]!,
    });
  }
  members.push(
    {
      reference: 'NMC01',
      givenName: 'Helena',
      familyName: 'Ravensworth',
      ward: null,
      party: null,
      roles: ['CO_OPTEE'],
      joinedOn: '2025-09-01',
    },
    {
      reference: 'NMC02',
      givenName: 'Tobias',
      familyName: 'Whitacre',
      ward: null,
      party: null,
      roles: ['CO_OPTEE'],
      joinedOn: '2026-06-01',
    },
  );
  return members;
}

const emailOf = (member: Pick<SeedMember, 'givenName' | 'familyName' | 'reference'>) =>
  `${member.givenName}.${member.familyName}.${member.reference}@councillors.${DOMAIN}`.toLowerCase();

const OFFICERS = [
  { name: 'Dana Whitlock', email: `dana.whitlock@${DOMAIN}`, role: 'ADMIN' as const },
  { name: 'Ravi Chandran', email: `ravi.chandran@${DOMAIN}`, role: 'OFFICER' as const },
  { name: 'Sam Okoro', email: `sam.okoro@${DOMAIN}`, role: 'READ_ONLY' as const },
];

const ESTABLISHMENTS = [
  {
    key: 'oakfield-house',
    name: 'Oakfield House',
    kind: 'CHILDRENS_HOME' as const,
    ofstedUrn: 'SC900101',
    address: '12 Orchard Lane, Northmere NM2 4QT',
  },
  {
    key: 'willow-lodge',
    name: 'Willow Lodge',
    kind: 'CHILDRENS_HOME' as const,
    ofstedUrn: 'SC900102',
    address: '3 Mill Row, Northmere NM5 1BD',
  },
  {
    key: 'bramble-cottage',
    name: 'Bramble Cottage',
    kind: 'CHILDRENS_HOME' as const,
    ofstedUrn: 'SC900103',
    address: 'Bramble Way, Longmoor NM7 2HF',
  },
  {
    key: 'harbour-view',
    name: 'Harbour View',
    kind: 'CHILDRENS_HOME' as const,
    ofstedUrn: 'SC900104',
    address: '41 Quay Street, Northmere NM1 6RA',
  },
  {
    key: 'larkspur-house',
    name: 'Larkspur House',
    kind: 'CHILDRENS_HOME' as const,
    ofstedUrn: 'SC900105',
    address: '7 Larkspur Close, Elmstead NM9 3TW',
  },
  {
    key: 'the-beeches',
    name: 'The Beeches',
    kind: 'CHILDRENS_HOME' as const,
    ofstedUrn: 'SC900106',
    address: '2 Beech Avenue, Fairhaven NM4 8LJ',
  },
  {
    key: 'civic-centre-social-care',
    name: "Civic Centre Children's Social Care",
    kind: 'SOCIAL_WORK_OFFICE' as const,
    ofstedUrn: null,
    address: 'Civic Centre, Market Square, Northmere NM1 1AA',
  },
  {
    key: 'eastgate-family-hub',
    name: 'Eastgate Family Hub',
    kind: 'SOCIAL_WORK_OFFICE' as const,
    ofstedUrn: null,
    address: '88 Eastgate, Northmere NM3 2PP',
  },
];

const POOLS: Array<{ key: string; name: string; purpose: PoolPurpose; approvedOn: IsoDate; memberIndexes: number[] }> = [
  {
    key: 'reg33-pool',
    name: 'Regulation 33 visiting pool',
    purpose: 'REG33_HOMES',
    approvedOn: '2026-05-19',
    memberIndexes: [1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34],
  },
  {
    key: 'rec41-pool',
    name: 'Recommendation 41 visiting pool',
    purpose: 'REC41_OFFICES',
    approvedOn: '2026-05-19',
    memberIndexes: [2, 8, 14, 20, 26, 32],
  },
];

const standardPanel = (key: string): StandardPanel => STANDARD_PANELS.find((panel) => panel.key === key)!;

/** The demo's meetings and seats of the standard panels. */
const PANELS: Array<
  StandardPanel & {
    meetings: Array<[IsoDate, string]>;
    seatIndexes: number[];
    chairIndex: number;
  }
> = [
  {
    ...standardPanel('cyp-scrutiny'),
    meetings: [
      ['2026-06-16', '18:30'],
      ['2026-09-15', '18:30'],
      ['2026-12-08', '18:30'],
      ['2027-03-16', '18:30'],
    ],
    seatIndexes: [0, 5, 11, 17, 23, 29, 35],
    chairIndex: 5,
  },
  {
    ...standardPanel('corporate-parenting'),
    meetings: [
      ['2026-07-07', '14:00'],
      ['2026-10-13', '14:00'],
      ['2027-01-19', '14:00'],
      ['2027-04-13', '14:00'],
    ],
    seatIndexes: [7, 3, 9, 15, 21, 27],
    chairIndex: 7,
  },
];

const PLEDGE_TEXT = `As corporate parents, we, the members of Northmere Borough Council, promise the children and young people in our care that we will:
1. listen to you, and act on what you tell us;
2. expect for you what any good parent expects for their own child;
3. champion your education, health and wellbeing;
4. help you prepare for adult life, and stand by you after you leave care;
5. visit the places you live and tell you what we did about what we found.`;

export interface SeedSummary {
  councilId: string;
  members: number;
}

export async function seedDemoCouncil(db: Db, options: { today: IsoDate; includeDemoCredentials: boolean }): Promise<SeedSummary> {
  const council = await db.council.upsert({
    where: { slug: DEMO_COUNCIL_SLUG },
    create: {
      slug: DEMO_COUNCIL_SLUG,
      name: 'Northmere Borough Council',
      alertsEmail: `democratic.services@${DOMAIN}`,
      websiteUrl: `https://www.${DOMAIN}`,
    },
    update: {},
  });
  const councilId = council.id;

  const members = demoMembers();
  const memberIds: string[] = [];
  for (const member of members) {
    const row = await db.member.upsert({
      where: { councilId_reference: { councilId, reference: member.reference } },
      create: {
        councilId,
        ...member,
        email: emailOf(member),
        joinedOn: toDbDate(member.joinedOn),
        electedOn: member.roles.includes('COUNCILLOR') ? toDbDate(member.joinedOn) : null,
      },
      update: {},
    });
    memberIds.push(row.id);
  }

  const demoPasswordHash = options.includeDemoCredentials ? await hashPassword(DEMO_OFFICER_PASSWORD) : null;
  for (const officer of OFFICERS) {
    const row = await db.officer.upsert({
      where: { councilId_email: { councilId, email: officer.email } },
      create: { councilId, ...officer, passwordHash: demoPasswordHash },
      update: {},
    });
    if (options.includeDemoCredentials && officer.role === 'ADMIN') {
      await ensureApiToken(db, row.id, councilId, 'Demo token (development only)', DEMO_API_TOKEN);
    }
  }

  for (const establishment of ESTABLISHMENTS) {
    await db.establishment.upsert({
      where: { councilId_key: { councilId, key: establishment.key } },
      create: {
        councilId,
        ...establishment,
        managerName: `${establishment.name} registered manager`,
        managerEmail: `manager.${establishment.key}@${DOMAIN}`,
      },
      update: {},
    });
  }

  for (const { memberIndexes, approvedOn, ...pool } of POOLS) {
    const row = await db.pool.upsert({
      where: { councilId_key: { councilId, key: pool.key } },
      create: { councilId, ...pool, approvedBy: 'Cabinet', approvedOn: toDbDate(approvedOn) },
      update: {},
    });
    for (const index of memberIndexes) {
      const id = stableId(`pool:${pool.key}:${index}`);
      await db.poolMembership.upsert({
        where: { id },
        create: { id, councilId, poolId: row.id, memberId: memberIds[index]!, fromDate: toDbDate(approvedOn) },
        update: {},
      });
    }
  }

  for (const course of STANDARD_COURSES) {
    await db.course.upsert({
      where: { councilId_key: { councilId, key: course.key } },
      create: { councilId, ...course },
      update: {},
    });
  }

  for (const panel of PANELS) {
    const row = await db.panel.upsert({
      where: { councilId_key: { councilId, key: panel.key } },
      create: {
        councilId,
        key: panel.key,
        name: panel.name,
        kind: panel.kind,
        clerkName: 'Ravi Chandran',
        clerkEmail: `ravi.chandran@${DOMAIN}`,
      },
      update: {},
    });
    const distribution = [
      ...panel.seatIndexes.map((index) => ({
        name: `Councillor ${members[index]!.givenName} ${members[index]!.familyName}`,
        email: emailOf(members[index]!),
        role: 'Member',
      })),
      { name: 'Ravi Chandran', email: `ravi.chandran@${DOMAIN}`, role: 'Clerk' },
      { name: "Director of Children's Services", email: `dcs@${DOMAIN}`, role: 'Officer' },
    ];
    for (const recipient of distribution) {
      await db.panelDistribution.upsert({
        where: { panelId_email: { panelId: row.id, email: recipient.email } },
        create: { councilId, panelId: row.id, ...recipient },
        update: {},
      });
    }
    for (const [date, time] of panel.meetings) {
      const startsAt = instantAt(date, time, council.timeZone);
      await db.panelMeeting.upsert({
        where: { panelId_startsAt: { panelId: row.id, startsAt } },
        create: { councilId, panelId: row.id, startsAt, location: 'Committee Room 2, Northmere Town Hall' },
        update: {},
      });
    }
    for (const index of panel.seatIndexes) {
      const id = stableId(`seat:${panel.key}:${index}`);
      await db.panelSeat.upsert({
        where: { id },
        create: { id, councilId, panelId: row.id, memberId: memberIds[index]!, fromDate: toDbDate('2026-05-19') },
        update: {},
      });
    }
  }

  await seedTraining(db, councilId, memberIds, members);
  await seedProgrammesAndHistory(db, councilId, memberIds, options.today);
  await seedReportDuties(db, councilId);

  await seedPledge(
    db,
    councilId,
    memberIds,
    members,
    municipalYearOf(options.today, council.municipalYearStartMonth).startYear,
    council.timeZone,
  );

  return { councilId, members: members.length };
}

/**
 * Training as a council that keeps up would have it, with the exceptions a
 * demonstration needs: every member has done the induction (except one new
 * co-optee), every member has a DBS check (two due soon, one lapsed, which
 * also takes that member out of the visit rota), every councillor the
 * safeguarding seminar, and panel members the performance-data course
 * (except one, who has never done it).
 */
async function seedTraining(db: Db, councilId: string, memberIds: string[], members: SeedMember[]): Promise<void> {
  const courses = await db.course.findMany({ where: { councilId } });
  const course = (key: string) => courses.find((candidate) => candidate.key === key)!;
  const { id: officerId } = await db.officer.findFirstOrThrow({ where: { councilId, role: 'OFFICER' } });
  const seated = new Set(PANELS.flatMap((panel) => panel.seatIndexes));
  const records: Array<{ index: number; courseKey: string; completedOn: IsoDate; expiresOn: IsoDate | null }> = [];
  members.forEach((member, index) => {
    if (member.reference !== 'NMC02')
      records.push({ index, courseKey: 'corporate-parenting-induction', completedOn: addDays(member.joinedOn, 21), expiresOn: null });
    const dbs = index === 22 ? '2023-10-30' : [3, 12].includes(index) ? '2023-12-15' : '2024-09-02';
    records.push({ index, courseKey: 'dbs-check', completedOn: dbs, expiresOn: addMonths(dbs, 36) });
    if (member.roles.includes('COUNCILLOR'))
      records.push({ index, courseKey: 'safeguarding-seminar', completedOn: '2026-06-10', expiresOn: '2027-06-10' });
    if (seated.has(index) && index !== 29)
      records.push({ index, courseKey: 'performance-data', completedOn: '2026-06-24', expiresOn: '2027-04-30' });
  });
  for (const record of records) {
    await db.trainingRecord.upsert({
      where: {
        memberId_courseId_completedOn: {
          memberId: memberIds[record.index]!,
          courseId: course(record.courseKey).id,
          completedOn: toDbDate(record.completedOn),
        },
      },
      create: {
        councilId,
        memberId: memberIds[record.index]!,
        courseId: course(record.courseKey).id,
        completedOn: toDbDate(record.completedOn),
        expiresOn: record.expiresOn ? toDbDate(record.expiresOn) : null,
        source: 'OFFICER',
        // Recorded by an officer, so verified as it was recorded.
        recordedByOfficerId: officerId,
        verifiedByOfficerId: officerId,
        verifiedAt: instantAt(record.completedOn, '12:00'),
      },
      update: {},
    });
  }
}

const HISTORY_ISSUES: Array<{
  home: number;
  monthsAgo: number;
  category: IssueCategory;
  severity: IssueSeverity;
  description: string;
  resolvedAfterDays: number | null;
}> = [
  {
    home: 0,
    monthsAgo: 5,
    category: 'PREMISES',
    severity: 'LOW',
    description: 'The garden fence by the play area is loose.',
    resolvedAfterDays: 20,
  },
  {
    home: 1,
    monthsAgo: 3,
    category: 'STAFFING',
    severity: 'MEDIUM',
    description: 'Three agency staff on the rota the evening of the visit.',
    resolvedAfterDays: null,
  },
  {
    home: 3,
    monthsAgo: 2,
    category: 'SAFEGUARDING',
    severity: 'HIGH',
    description: 'Missing-from-care return interviews were not recorded for two episodes.',
    resolvedAfterDays: 9,
  },
  {
    home: 5,
    monthsAgo: 1,
    category: 'EDUCATION',
    severity: 'MEDIUM',
    description: 'One young person has been without a school place for four weeks.',
    resolvedAfterDays: null,
  },
];

/**
 * A visit programme for every home (monthly) and office (quarterly), and six
 * months of visit history for the homes: mostly reported, two missed.
 */
async function seedProgrammesAndHistory(db: Db, councilId: string, memberIds: string[], today: IsoDate): Promise<void> {
  const pools = await db.pool.findMany({ where: { councilId } });
  const establishments = await db.establishment.findMany({ where: { councilId }, orderBy: { key: 'asc' } });
  const homes = ESTABLISHMENTS.filter((establishment) => establishment.kind === 'CHILDRENS_HOME').map((seed) =>
    establishments.find((row) => row.key === seed.key)!,
  );
  for (const establishment of establishments) {
    const home = establishment.kind === 'CHILDRENS_HOME';
    await db.visitProgramme.upsert({
      where: { establishmentId: establishment.id },
      create: {
        councilId,
        establishmentId: establishment.id,
        poolId: pools.find((pool) => pool.purpose === (home ? 'REG33_HOMES' : 'REC41_OFFICES'))!.id,
        cadenceMonths: home ? 1 : 3,
        visitorsPerVisit: 1,
        reminderDays: [14, 3],
        responseDays: 5,
        startsOn: toDbDate('2026-05-19'),
      },
      update: {},
    });
  }
  const reg33 = POOLS.find((pool) => pool.purpose === 'REG33_HOMES')!.memberIndexes.filter((index) => index !== 22);
  const programmes = await db.visitProgramme.findMany({ where: { councilId } });
  for (const [homeIndex, establishment] of homes.entries()) {
    const programme = programmes.find((candidate) => candidate.establishmentId === establishment.id)!;
    for (let monthsAgo = 6; monthsAgo >= 1; monthsAgo -= 1) {
      const periodStart = startOfMonth(addMonths(today, -monthsAgo));
      const missed = (homeIndex === 2 && monthsAgo === 2) || (homeIndex === 4 && monthsAgo === 1);
      const memberId = memberIds[reg33[(homeIndex + monthsAgo * 5) % reg33.length]!]!;
      const visit = await db.visit.upsert({
        where: { programmeId_periodStart: { programmeId: programme.id, periodStart: toDbDate(periodStart) } },
        create: {
          councilId,
          programmeId: programme.id,
          establishmentId: establishment.id,
          periodStart: toDbDate(periodStart),
          periodEnd: toDbDate(endOfMonth(periodStart)),
          status: missed ? 'MISSED' : 'REPORTED',
          closedAt: instantAt(addDays(endOfMonth(periodStart), 1), '00:00'),
        },
        update: {},
      });
      await db.visitAssignment.upsert({
        where: { visitId_memberId: { visitId: visit.id, memberId } },
        create: {
          councilId,
          visitId: visit.id,
          memberId,
          status: 'ACCEPTED',
          invitedAt: instantAt(periodStart, '00:00'),
          respondedAt: instantAt(periodStart, '10:00'),
        },
        update: {},
      });
      if (missed) continue;
      const visitedOn = addDays(periodStart, 9 + homeIndex);
      const report = await db.visitReport.upsert({
        where: { visitId: visit.id },
        create: {
          councilId,
          visitId: visit.id,
          submittedByMemberId: memberId,
          visitedOn: toDbDate(visitedOn),
          spokeWithChildren: monthsAgo % 3 !== 0,
          spokeWithStaff: true,
          summary: 'A warm, well-run home. The young people showed me the new games room they helped to design.',
          quotable: homeIndex % 2 === 0,
          submittedAt: instantAt(addDays(visitedOn, 1), '19:30'),
        },
        update: {},
      });
      for (const issue of HISTORY_ISSUES.filter((candidate) => candidate.home === homeIndex && candidate.monthsAgo === monthsAgo)) {
        const id = stableId(`issue:${homeIndex}:${monthsAgo}`);
        await db.visitIssue.upsert({
          where: { id },
          create: {
            id,
            councilId,
            reportId: report.id,
            establishmentId: establishment.id,
            category: issue.category,
            severity: issue.severity,
            description: issue.description,
            resolvedOn: issue.resolvedAfterDays === null ? null : toDbDate(addDays(visitedOn, issue.resolvedAfterDays)),
          },
          update: {},
        });
      }
    }
  }
}

/** The reports the CYP Scrutiny Panel receives: four generated, one written by a partner. */
async function seedReportDuties(db: Db, councilId: string): Promise<void> {
  const panels = await db.panel.findMany({ where: { councilId }, select: { id: true, key: true } });
  const duties = [
    ...STANDARD_REPORT_DUTIES.map((duty) => ({ ...duty, authoring: 'GENERATED' as const })),
    // Written by a partner, who is reminded before each panel meeting it is due for.
    {
      key: 'safeguarding-partnership-update',
      title: 'Safeguarding Children Partnership: business plan update',
      panelKey: 'cyp-scrutiny',
      authoring: 'AUTHORED' as const,
      cadence: 'SIX_MONTHLY' as const,
      ownerName: 'Partnership Business Manager',
      ownerEmail: `business.manager@safeguarding-partnership.${DOMAIN}`,
      extraRecipients: [`dcs@${DOMAIN}`],
    },
  ];
  for (const { panelKey, ...duty } of duties) {
    await db.reportDuty.upsert({
      where: { councilId_key: { councilId, key: duty.key } },
      create: { councilId, panelId: panels.find((panel) => panel.key === panelKey)!.id, yearBasis: 'MUNICIPAL', ...duty },
      update: {},
    });
  }
}

/** Members who have not signed this year's pledge, for the demonstration. */
const PLEDGE_NON_SIGNERS = new Set(['NM014', 'NM027', 'NM041', 'NM045', 'NMC01']);

/**
 * This municipal year's pledge, confirmed, with its May signing event held:
 * most members signed there, a few online afterwards, five not yet; Council
 * renewed its commitment at its first ordinary meeting.
 */
async function seedPledge(
  db: Db,
  councilId: string,
  memberIds: string[],
  members: SeedMember[],
  startYear: number,
  zone: string,
): Promise<void> {
  const eventDay = `${startYear}-05-19`;
  const pledge = await db.pledge.upsert({
    where: { councilId_municipalYear: { councilId, municipalYear: startYear } },
    create: {
      councilId,
      municipalYear: startYear,
      text: PLEDGE_TEXT,
      version: `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')} v1`,
      adoptedOn: toDbDate(eventDay),
      eventStartsAt: instantAt(eventDay, '17:30', zone),
      eventEndsAt: instantAt(eventDay, '18:15', zone),
      eventLocation: 'Council Chamber, Northmere Town Hall',
      childrenInCareCouncilNote: 'The Children in Care Council co-wrote promises 1 and 5 and hosted the signing event.',
      status: 'OPEN',
      confirmedAt: instantAt(`${startYear}-05-05`, '10:00', zone),
      firstCouncilMeetingOn: toDbDate(`${startYear}-05-21`),
      commitmentRenewedOn: toDbDate(`${startYear}-05-21`),
      tellGroupLeaders: true,
    },
    update: {},
  });
  for (const [index, member] of members.entries()) {
    if (PLEDGE_NON_SIGNERS.has(member.reference)) continue;
    const atEvent = member.joinedOn <= eventDay && index % 7 !== 6;
    await db.pledgeSignature.upsert({
      where: { pledgeId_memberId: { pledgeId: pledge.id, memberId: memberIds[index]! } },
      create: {
        councilId,
        pledgeId: pledge.id,
        memberId: memberIds[index]!,
        method: atEvent ? 'AT_EVENT' : 'ONLINE',
        signedAt: atEvent ? instantAt(eventDay, '17:45', zone) : instantAt(addDays(eventDay, 20 + index), '20:10', zone),
        typedName: atEvent ? null : `${member.givenName} ${member.familyName}`,
      },
      update: {},
    });
  }
}
