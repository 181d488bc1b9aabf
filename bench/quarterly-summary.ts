import { performance } from 'node:perf_hooks';

import { addMonths, toDbDate, type IsoDate } from '../domain/calendar';
import type { Db } from '../db/client';
import type { Mailer } from '../email/mailer';
import { createTestActivities } from '../test/support/activities';
import { createCouncil, createPanelWithMeeting, createReg33QuarterlyDuty } from '../test/support/fixtures';
import { addCouncillors, addEstablishments, addVisitingPool } from './support/council';
import { type BenchResult, figure, printTable, sizeFromEnv, sizesFromEnv } from './support/figures';
import { type DatabaseTime, runBenchmark, withQueryTiming } from './support/stack';

const SIZES = sizesFromEnv('BENCH_VISITS', [10_000, 50_000, 100_000]).sort((a, b) => a - b);
const RUNS = sizeFromEnv('BENCH_SUMMARY_RUNS', 3);
/** The quarter reported on: Q2 of 2026/27 (August to October 2026), the last one completed on 23 November 2026. */
const QUARTER_START: IsoDate = '2026-08-01';
const LAST_MONTH: IsoDate = '2026-10-01';
/** Homes of the council whose history grows. */
const HOMES = 100;
/** Years of history of the councils that grow in homes. */
const HISTORY_MONTHS = 120;
const VISITORS = 40;

/** No email is sent while a report is prepared. */
const noMailer: Mailer = {
  send: () => Promise.reject(new Error('The quarterly summary benchmark sends no email.')),
  close: () => undefined,
};

/** A council with `homes` children's homes, each with a monthly Regulation 33 programme, and its quarterly summary duty. */
async function createSummaryCouncil(db: Db, homes: number) {
  const council = await createCouncil(db, 'Benchshire County Council');
  await addCouncillors(db, council.id, VISITORS, '2022-05-05');
  const { panel } = await createPanelWithMeeting(db, council.id, {
    recipients: [{ name: 'Panel Clerk', email: 'clerk@council.example' }],
    startsAt: new Date('2026-12-08T18:30:00Z'),
  });
  const pool = await addVisitingPool(db, council.id, 'REG33_HOMES', '2022-05-19');
  const establishments = await addEstablishments(db, council.id, 'CHILDRENS_HOME', homes);
  await db.visitProgramme.createMany({
    data: establishments.map((establishment) => ({
      councilId: council.id,
      establishmentId: establishment.id,
      poolId: pool.id,
      reminderDays: [14, 3],
      startsOn: toDbDate('1900-01-01'),
    })),
  });
  const duty = await createReg33QuarterlyDuty(db, council.id, panel.id);
  return { councilId: council.id, dutyId: duty.id };
}

/**
 * Monthly visits for every programme of the council from `from` to `to`, in
 * bulk SQL: mostly reported (one visitor, a report, sometimes an issue, nearly
 * always resolved within a month), some missed, a few never allocated.
 */
async function insertVisitHistory(db: Db, councilId: string, from: IsoDate, to: IsoDate): Promise<void> {
  const inRange = `v."councilId" = $1::uuid AND v."periodStart" BETWEEN $2::date AND $3::date`;
  const statements = [
    `INSERT INTO "Visit" (id, "councilId", "programmeId", "establishmentId", "periodStart", "periodEnd", status, "closedAt")
     SELECT gen_random_uuid(), p."councilId", p.id, p."establishmentId", month::date, (month + interval '1 month' - interval '1 day')::date,
            (CASE WHEN roll < 5 THEN 'UNALLOCATED' WHEN roll < 15 THEN 'MISSED' ELSE 'REPORTED' END)::"VisitStatus",
            month + interval '1 month'
     FROM "VisitProgramme" p
     CROSS JOIN generate_series($2::date, $3::date, interval '1 month') AS month
     CROSS JOIN LATERAL (SELECT abs(hashtext(p.id::text || month::text)) % 100 AS roll) AS dice
     WHERE p."councilId" = $1::uuid`,
    `INSERT INTO "VisitAssignment" (id, "councilId", "visitId", "memberId", status, "invitedAt", "respondedAt")
     SELECT gen_random_uuid(), v."councilId", v.id, members.ids[1 + abs(hashtext(v.id::text)) % cardinality(members.ids)],
            'ACCEPTED', v."periodStart", v."periodStart" + interval '1 day'
     FROM "Visit" v, (SELECT array_agg(id) AS ids FROM "Member" WHERE "councilId" = $1::uuid) AS members
     WHERE ${inRange} AND v.status <> 'UNALLOCATED'`,
    `INSERT INTO "VisitReport" (id, "councilId", "visitId", "submittedByMemberId", "visitedOn", "spokeWithChildren", "spokeWithStaff",
                               summary, quotable, "submittedAt")
     SELECT gen_random_uuid(), v."councilId", v.id, a."memberId", v."periodStart" + 9, true, true,
            'A warm, well-run home. The young people showed me the new games room they helped to design.',
            abs(hashtext(v.id::text)) % 2 = 0, v."periodStart" + interval '10 days'
     FROM "Visit" v JOIN "VisitAssignment" a ON a."visitId" = v.id
     WHERE ${inRange} AND v.status = 'REPORTED'`,
    `INSERT INTO "VisitIssue" (id, "councilId", "reportId", "establishmentId", category, severity, description, "resolvedOn")
     SELECT gen_random_uuid(), r."councilId", r.id, v."establishmentId",
            (ARRAY['SAFEGUARDING','CARE_QUALITY','PREMISES','STAFFING','EDUCATION','HEALTH','OTHER'])[1 + roll % 7]::"IssueCategory",
            (ARRAY['LOW','MEDIUM','HIGH'])[1 + roll % 3]::"IssueSeverity",
            'The garden fence by the play area is loose.',
            CASE WHEN abs(hashtext(r.id::text || 'resolved')) % 100 < 3 THEN NULL ELSE r."visitedOn" + 30 END
     FROM "VisitReport" r JOIN "Visit" v ON v.id = r."visitId"
     CROSS JOIN LATERAL (SELECT abs(hashtext(r.id::text)) AS roll) AS dice
     WHERE ${inRange} AND roll % 100 < 15`,
    'ANALYZE "Visit", "VisitAssignment", "VisitReport", "VisitIssue"',
  ];
  for (const statement of statements) {
    await (statement.startsWith('ANALYZE') ? db.$executeRawUnsafe(statement) : db.$executeRawUnsafe(statement, councilId, from, to));
  }
}

interface SummaryFigures {
  visits: number;
  inQuarter: number;
  totalMs: number;
  database: DatabaseTime;
}

/**
 * Prepares the council's quarterly summary RUNS times after a warm-up, as its
 * workflow does (queries, summary, HTML, CSV and PDF, stored as a new
 * version): the median run, with how much of it went to the database.
 */
async function measureSummary(db: Db, council: { councilId: string; dutyId: string }): Promise<SummaryFigures> {
  const timing = withQueryTiming(db);
  const activities = createTestActivities({ db: timing.db, mailer: noMailer });
  const runs: Array<{ totalMs: number; database: DatabaseTime }> = [];
  // The first run warms up (JIT, fonts, query plans) and is not counted.
  for (let run = 0; run <= RUNS; run += 1) {
    timing.reset();
    const started = performance.now();
    await activities.prepareReport({
      dutyId: council.dutyId,
      asOf: '2026-11-23T09:00:00Z',
      workflowId: 'bench-quarterly-summary',
      periodStart: QUARTER_START,
      regenerate: true,
    });
    if (run > 0) runs.push({ totalMs: performance.now() - started, database: timing.spent() });
  }
  const median = runs.sort((a, b) => a.totalMs - b.totalMs)[Math.floor(runs.length / 2)]!;
  const [visits, inQuarter] = await Promise.all([
    db.visit.count({ where: { councilId: council.councilId } }),
    db.visit.count({ where: { councilId: council.councilId, periodStart: { gte: toDbDate(QUARTER_START), lte: toDbDate(LAST_MONTH) } } }),
  ]);
  return { visits, inQuarter, ...median };
}

/** How much longer a summary takes per tenfold growth in visits, from `first` to `row`; null for the same size. */
const growthPerTenfold = (first: SummaryFigures, row: SummaryFigures) =>
  row.visits > first.visits ? (row.totalMs / first.totalMs) ** (1 / Math.log10(row.visits / first.visits)) : null;

/** Table rows for a series, each size against the first: the cost per tenfold growth in visits. */
function seriesRows(series: SummaryFigures[]): Array<[string, string]> {
  const first = series[0]!;
  return series.map((row) => {
    const growth = growthPerTenfold(first, row);
    const slowest = row.database.slowest ? ` (slowest ${row.database.slowest.operation}, ${figure(row.database.slowest.ms)} ms)` : '';
    return [
      `${figure(row.visits)} visits (${figure(row.inQuarter)} in the quarter)`,
      `${figure(row.totalMs)} ms per summary: ${figure(row.database.ms)} ms database${slowest}, ` +
        `${figure(row.totalMs - row.database.ms)} ms summary, rendering and storing` +
        (growth === null ? '' : `; ×${figure(growth, 2)} per 10× visits`),
    ];
  });
}

const GOAL_VISITS = 100_000;

/** Issue 15's goals: fast at 100,000 visits, nearly flat as history grows, linear in the quarter's visits. */
function summaryResult(history: SummaryFigures[], larger: SummaryFigures[]): BenchResult {
  const [first, last] = [history[0]!, history.at(-1)!];
  const atGoal = history[SIZES.indexOf(GOAL_VISITS)];
  const growth = growthPerTenfold(first, last);
  const [smallest, largest] = [larger[0]!, larger.at(-1)!];
  // Time ∝ (the quarter's visits)^exponent: 1 is linear.
  const exponent =
    largest.inQuarter > smallest.inQuarter
      ? Math.log(largest.totalMs / smallest.totalMs) / Math.log(largest.inQuarter / smallest.inQuarter)
      : null;
  const oneSize = 'not measured: one size (BENCH_VISITS)';
  return {
    name: 'quarterly-summary',
    figures: Object.fromEntries(history.map((row, index) => [`msAt${SIZES[index]}Visits`, row.totalMs])),
    baseline: { [`msAt${SIZES[0]}Visits`]: first.totalMs },
    ratio: last.totalMs / first.totalMs,
    goals: [
      {
        goal: `quarterly summary < 150 ms at ${figure(GOAL_VISITS)} visits of history`,
        figure: atGoal ? `${figure(atGoal.totalMs)} ms` : `not measured: BENCH_VISITS has no ${GOAL_VISITS}`,
        met: atGoal !== undefined && atGoal.totalMs < 150,
      },
      {
        goal: 'quarterly summary ≤ ×1.1 per 10× history',
        figure: growth === null ? oneSize : `×${figure(growth, 2)}`,
        met: growth !== null && growth <= 1.1,
      },
      {
        goal: "quarterly summary linear in the quarter's visits (exponent ≤ 1.1)",
        figure: exponent === null ? oneSize : `exponent ${figure(exponent, 2)}`,
        met: exponent !== null && exponent <= 1.1,
      },
    ],
  };
}

runBenchmark(
  `Quarterly visit summary for councils with ${SIZES.map((size) => figure(size)).join(', ')} visits (median of ${RUNS})`,
  { temporal: 'none' },
  async (stack) => {
    const { db } = stack;
    // History grows: the same 100 homes over more years, so each quarter has the same visits.
    const older = await createSummaryCouncil(db, HOMES);
    const history: SummaryFigures[] = [];
    let earliest = addMonths(LAST_MONTH, 1);
    for (const size of SIZES) {
      const from = addMonths(LAST_MONTH, -Math.ceil(size / HOMES) + 1);
      console.log(`  ${HOMES} homes, ${figure(size)} visits of history (from ${from})...`);
      await insertVisitHistory(db, older.councilId, from, addMonths(earliest, -1));
      earliest = from;
      history.push(await measureSummary(db, older));
    }
    // The council grows: ten years of history for more homes, so each quarter has more visits.
    const larger: SummaryFigures[] = [];
    for (const size of SIZES) {
      const homes = Math.ceil(size / HISTORY_MONTHS);
      console.log(`  ${figure(homes)} homes, ${figure(size)} visits over ten years...`);
      const council = await createSummaryCouncil(db, homes);
      await insertVisitHistory(db, council.councilId, addMonths(LAST_MONTH, -HISTORY_MONTHS + 1), LAST_MONTH);
      larger.push(await measureSummary(db, council));
    }
    printTable(`Results: history grows (${HOMES} homes, one quarter's visits each time)`, seriesRows(history));
    printTable('Results: the council grows (ten years of history; more homes, so more visits in the quarter)', seriesRows(larger));
    return summaryResult(history, larger);
  },
);
