import { seedDemoCouncil } from '../../seeds/demo-council';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

async function counts() {
  const { db } = database;
  const [members, homes, offices, pools, poolMemberships, courses, panels, distribution, meetings, seats, pledges, officers, tokens] =
    await Promise.all([
      db.member.count(),
      db.establishment.count({ where: { kind: 'CHILDRENS_HOME' } }),
      db.establishment.count({ where: { kind: 'SOCIAL_WORK_OFFICE' } }),
      db.pool.count(),
      db.poolMembership.count(),
      db.course.count(),
      db.panel.count(),
      db.panelDistribution.count(),
      db.panelMeeting.count(),
      db.panelSeat.count(),
      db.pledge.count(),
      db.officer.count(),
      db.apiToken.count(),
    ]);
  return { members, homes, offices, pools, poolMemberships, courses, panels, distribution, meetings, seats, pledges, officers, tokens };
}

test('the demo council has what DESIGN.md promises, and seeding it again changes nothing', async () => {
  await seedDemoCouncil(database.db, { today: '2026-11-23', includeDemoToken: true });
  const first = await counts();
  expect(first).toMatchObject({
    members: 50,
    homes: 6,
    offices: 2,
    pools: 2,
    courses: 4,
    panels: 2,
    meetings: 8,
    pledges: 1,
    officers: 3,
    tokens: 1,
  });

  await seedDemoCouncil(database.db, { today: '2026-11-23', includeDemoToken: true });
  expect(await counts()).toEqual(first);

  const pledge = await database.db.pledge.findFirstOrThrow();
  expect(pledge.municipalYear).toBe(2026);
  const reg33 = await database.db.pool.findFirstOrThrow({ where: { purpose: 'REG33_HOMES' }, include: { memberships: true } });
  expect(reg33).toMatchObject({ approvedBy: 'Cabinet' });
  expect(reg33.memberships).toHaveLength(12);
});
