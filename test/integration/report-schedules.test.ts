import { reconcileDuties } from '../../services/reconcile';
import { syncReportSchedules } from '../../services/schedules';
import { reportDutyScheduleId } from '../../workflows';
import { startTestEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { createCouncil, createReg33QuarterlyDuty } from '../support/fixtures';

let engine: TestEngine;
let dutyId: string;

beforeAll(async () => {
  engine = await startTestEngine();
  const council = await createCouncil(engine.db);
  const panel = await engine.db.panel.create({
    data: {
      councilId: council.id,
      key: 'cyp',
      name: 'Children and Young People Scrutiny Panel',
      kind: 'CYP_SCRUTINY',
      distribution: { create: [{ councilId: council.id, name: 'Scrutiny Officer', email: 'scrutiny@testshire.example' }] },
    },
  });
  const duty = await createReg33QuarterlyDuty(engine.db, council.id, panel.id);
  dutyId = duty.id;
});

afterAll(async () => {
  await engine.client.schedule
    .getHandle(reportDutyScheduleId(dutyId))
    .delete()
    .catch(() => undefined);
  await engine?.close();
});

const monthsOf = (calendar: { month?: Array<{ start: string; end?: string }> } | undefined) => calendar?.month?.map((range) => range.start);

test('each generated duty gets one schedule from the database: London time, 07:00 on the first day of each new quarter, explicit policies', async () => {
  expect(await syncReportSchedules(engine.services())).toEqual({ created: ['reg33-quarterly'], updated: [], deleted: [] });
  const described = await engine.client.schedule.getHandle(reportDutyScheduleId(dutyId)).describe();
  expect(described.spec.timezone).toBe('Europe/London');
  expect(monthsOf(described.spec.calendars?.[0] as never)).toEqual(['FEBRUARY', 'MAY', 'AUGUST', 'NOVEMBER']);
  expect(described.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 1 }], hour: [{ start: 7 }] });
  expect(described.policies).toMatchObject({ overlap: 'BUFFER_ONE', catchupWindow: 7 * 24 * 60 * 60 * 1000 });

  expect(await syncReportSchedules(engine.services())).toEqual({ created: [], updated: [], deleted: [] });
});

test('changing a cadence updates the schedule rather than adding a second', async () => {
  await engine.db.reportDuty.update({ where: { id: dutyId }, data: { cadence: 'SIX_MONTHLY' } });
  expect(await syncReportSchedules(engine.services())).toEqual({ created: [], updated: ['reg33-quarterly'], deleted: [] });
  const described = await engine.client.schedule.getHandle(reportDutyScheduleId(dutyId)).describe();
  expect(monthsOf(described.spec.calendars?.[0] as never)).toEqual(['MAY', 'NOVEMBER']);
  const ours: string[] = [];
  for await (const schedule of engine.client.schedule.list())
    if (schedule.scheduleId.startsWith(reportDutyScheduleId(dutyId))) ours.push(schedule.scheduleId);
  expect(ours).toEqual([reportDutyScheduleId(dutyId)]);
});

test('a triggered schedule produces the report and it reaches the panel list with its PDF and CSV', async () => {
  await engine.client.schedule.getHandle(reportDutyScheduleId(dutyId)).trigger();
  const [message] = await engine.sink.waitForMessages(1, 60_000);
  expect(message!.subject).toMatch(/^Regulation 33 visits: quarterly summary: \w+day \d+ \w+ \d{4} to \w+day \d+ \w+ \d{4}$/);
  expect(message!.attachments.map((attachment) => attachment.contentType).sort()).toEqual(['application/pdf', 'text/csv']);
  const report = await eventually(
    () => engine.db.report.findFirstOrThrow({ where: { dutyId } }),
    (row) => row.status === 'CIRCULATED',
  );
  expect(report.version).toBe(1);
  expect(report.circulatedAt).not.toBeNull();
});

test('start-up reconciliation is idempotent, and switching a duty off removes its schedule', async () => {
  expect((await reconcileDuties(engine.services())).schedules).toEqual({ created: [], updated: [], deleted: [] });
  await engine.db.reportDuty.update({ where: { id: dutyId }, data: { active: false } });
  expect((await reconcileDuties(engine.services())).schedules).toEqual({ created: [], updated: [], deleted: ['reg33-quarterly'] });
  await expect(engine.client.schedule.getHandle(reportDutyScheduleId(dutyId)).describe()).rejects.toThrow();
});
