import { DEMO_API_TOKEN, seedDemoCouncil } from '../../seeds/demo-council';
import { createApiToken } from '../../services/officers';
import { createCouncil, createPanelWithMeeting } from '../support/fixtures';
import { startTestServices, type TestServices } from '../support/services';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

let services: TestServices;
let web: TestWebApp;

/** Real HTTP to the server on a free port, as a browser or script would call it. */
async function call(path: string, options: { method?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${web.baseUrl}${path}`, { method: options.method ?? 'GET', headers: options.headers });
  const body = (await response.json()) as any;
  return { statusCode: response.status, json: () => body };
}

beforeAll(async () => {
  // No worker polls this queue: these tests check the API, not delivery.
  services = await startTestServices({ taskQueue: 'api-test-no-worker' });
  await seedDemoCouncil(services.db, { today: '2026-11-23', includeDemoCredentials: true });
  web = await serveTestWebApp(services.deps);
});

afterAll(async () => {
  await web?.close();
  await services?.close();
});

const asDemoAdmin = { authorization: `Bearer ${DEMO_API_TOKEN}` };

test('the process says it is alive at /healthz, and ready at /readyz once the database and Temporal answer', async () => {
  const alive = await call('/healthz');
  expect(alive.statusCode).toBe(200);
  expect(alive.json()).toEqual({ status: 'ok' });
  const ready = await call('/readyz');
  expect(ready.statusCode).toBe(200);
  expect(ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });
});

test('API routes refuse a request without a valid officer token and say how to get one', async () => {
  const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer not-a-real-token' }, { authorization: DEMO_API_TOKEN }];
  for (const headers of attempts) {
    const response = await call('/api/v1/meetings', { headers });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toContain('cpe tokens create');
  }
});

test("an officer sees their council's meetings: the instant in ISO 8601, and the weekday date beside it", async () => {
  const response = await call('/api/v1/meetings', { headers: asDemoAdmin });
  expect(response.statusCode).toBe(200);
  const { meetings } = response.json();
  expect(meetings).toHaveLength(8);
  expect(meetings[0]).toMatchObject({
    panel: 'Children and Young People Scrutiny Panel',
    startsAt: '2026-06-16T17:30:00.000Z',
    startsAtText: 'Tuesday 16 June 2026 at 6:30pm',
  });
  expect(meetings[0]).not.toHaveProperty('when');
});

test('sending invitations starts one workflow per meeting, however often it is asked, and is audited', async () => {
  const { meetings } = (await call('/api/v1/meetings', { headers: asDemoAdmin })).json();
  const url = `/api/v1/meetings/${meetings[1].id}/invitations`;
  const first = await call(url, { method: 'POST', headers: asDemoAdmin });
  const second = await call(url, { method: 'POST', headers: asDemoAdmin });
  expect(first.statusCode).toBe(202);
  expect(second.json().workflowId).toBe(first.json().workflowId);
  expect(second.json().runId).toBe(first.json().runId);
  expect(await services.db.auditEvent.count({ where: { action: 'panel-meeting.invitations-sent', entityId: meetings[1].id } })).toBe(2);
});

test('a malformed meeting id is refused naming the field; an unknown one is not found', async () => {
  const malformed = await call('/api/v1/meetings/not-an-id/invitations', { method: 'POST', headers: asDemoAdmin });
  expect(malformed.statusCode).toBe(400);
  expect(malformed.json().error.problems).toEqual([
    { field: 'meetingId', message: 'must be a meeting id (a UUID) from `cpe meetings list`' },
  ]);

  const unknown = await call('/api/v1/meetings/00000000-0000-4000-8000-000000000000/invitations', { method: 'POST', headers: asDemoAdmin });
  expect(unknown.statusCode).toBe(404);
});

test("an officer of another council cannot see or act on this council's meetings", async () => {
  const other = await createCouncil(services.db, 'Otherton District Council');
  const officer = await services.db.officer.create({
    data: { councilId: other.id, name: 'Other Officer', email: 'officer@otherton.example', role: 'ADMIN' },
  });
  const { token } = await createApiToken(services.db, { councilId: other.id, officerId: officer.id, role: 'ADMIN' }, { label: 'test' });
  const { meeting: theirMeeting } = await createPanelWithMeeting(services.db, other.id, {
    recipients: [],
    startsAt: new Date('2027-02-01T18:00:00Z'),
  });

  const list = await call('/api/v1/meetings', { headers: { authorization: `Bearer ${token}` } });
  expect(list.json().meetings.map((meeting: { id: string }) => meeting.id)).toEqual([theirMeeting.id]);

  const demoMeeting = await services.db.panelMeeting.findFirstOrThrow({ where: { councilId: { not: other.id } } });
  const attempt = await call(`/api/v1/meetings/${demoMeeting.id}/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(attempt.statusCode).toBe(404);
});

test('a read-only officer can read through the API but cannot send invitations', async () => {
  const council = await services.db.council.findUniqueOrThrow({ where: { slug: 'northmere' } });
  const readOnly = await services.db.officer.findFirstOrThrow({ where: { councilId: council.id, role: 'READ_ONLY' } });
  const { token } = await createApiToken(
    services.db,
    { councilId: council.id, officerId: readOnly.id, role: 'READ_ONLY' },
    { label: 'test' },
  );
  expect((await call('/api/v1/meetings', { headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
  const meeting = await services.db.panelMeeting.findFirstOrThrow({ where: { councilId: council.id } });
  const response = await call(`/api/v1/meetings/${meeting.id}/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.json().error.message).toBe('Read-only officers cannot send invitations; ask an officer or an admin.');
  expect(response.statusCode).toBe(403);
});
