import { seedDemoCouncil } from '../../seeds/demo-council';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

/** How many rows of each kind the demo council has. */
async function counts() {
  const { db } = database;
  const tallies = {
    members: db.member.count(),
    homes: db.establishment.count({ where: { kind: 'CHILDRENS_HOME' } }),
    offices: db.establishment.count({ where: { kind: 'SOCIAL_WORK_OFFICE' } }),
    pools: db.pool.count(),
    poolMemberships: db.poolMembership.count(),
    courses: db.course.count(),
    trainingRecords: db.trainingRecord.count(),
    panels: db.panel.count(),
    distribution: db.panelDistribution.count(),
    meetings: db.panelMeeting.count(),
    seats: db.panelSeat.count(),
    programmes: db.visitProgramme.count(),
    visits: db.visit.count(),
    visitReports: db.visitReport.count(),
    issues: db.visitIssue.count(),
    reportDuties: db.reportDuty.count(),
    pledges: db.pledge.count(),
    signatures: db.pledgeSignature.count(),
    officers: db.officer.count(),
    tokens: db.apiToken.count(),
  };
  const values = await Promise.all(Object.values(tallies));
  return Object.fromEntries(Object.keys(tallies).map((key, index) => [key, values[index]]));
}

test('the demo council has what DESIGN.md promises, and seeding it again changes nothing', async () => {
  await seedDemoCouncil(database.db, { today: '2026-11-23', includeDemoCredentials: true });
  const first = await counts();
  expect(first).toMatchObject({
    members: 50,
    homes: 6,
    offices: 2,
    pools: 2,
    courses: 4,
    // Induction (49: one co-optee has not done it), DBS (50), safeguarding (48 councillors), performance data (12 panel members).
    trainingRecords: 159,
    panels: 2,
    meetings: 8,
    programmes: 8,
    // Six months of history for six homes, two of them missed.
    visits: 36,
    visitReports: 34,
    issues: 4,
    // Four generated reports and one written by a partner.
    reportDuties: 5,
    pledges: 1,
    // 50 members, five of whom have not signed.
    signatures: 45,
    officers: 3,
    tokens: 1,
  });

  await seedDemoCouncil(database.db, { today: '2026-11-23', includeDemoCredentials: true });
  expect(await counts()).toEqual(first);

  const pledge = await database.db.pledge.findFirstOrThrow();
  expect(pledge).toMatchObject({ municipalYear: 2026, status: 'OPEN' });
  const reg33 = await database.db.pool.findFirstOrThrow({ where: { purpose: 'REG33_HOMES' }, include: { memberships: true } });
  expect(reg33).toMatchObject({ approvedBy: 'Cabinet' });
  expect(reg33.memberships).toHaveLength(12);
});
