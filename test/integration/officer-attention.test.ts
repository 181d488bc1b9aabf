import { useDemoCouncil } from '../support/demo-council';
import { textOf } from '../support/page-text';

const demo = useDemoCouncil({ taskQueue: 'attention-test-no-worker' });
let failedEmailId: string;

beforeAll(async () => {
  const member = await demo.db.member.findFirstOrThrow({
    where: { councilId: demo.id, leftOn: null },
    orderBy: { reference: 'asc' },
  });
  ({ id: failedEmailId } = await demo.db.notification.create({
    data: {
      councilId: demo.id,
      idempotencyKey: 'attention-test:failed',
      kind: 'visit.invitation',
      toAddress: member.email,
      toName: `${member.givenName} ${member.familyName}`,
      subject: 'Please visit Oakfield House in December',
      html: '<p>x</p>',
      text: 'x',
      status: 'FAILED',
      lastError: '550 5.1.1 mailbox unavailable',
      messageId: '<attention-test@northmere.example>',
    },
  }));
});

test('the home page lists what needs doing in the demo council, each item linking to where it is done', async () => {
  const browser = await demo.officer();
  const response = await browser.get('/');
  expect(response.status).toBe(200);
  const page = await response.text();
  const text = page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(text).toContain('Today is Monday 23 November 2026.');
  for (const heading of [
    'Visits this period with nobody allocated',
    'Visits this period not yet accepted',
    'Overdue visits: period over, no report',
    'Missed visits in the last three months',
    'Recent visit reports',
    'Lapsed training',
    'Training due soon',
    'Members who have not signed the pledge',
    'Late reports',
    'Emails that could not be delivered',
  ]) {
    expect(text).toContain(heading);
  }
  expect(text).toContain(
    'Missed visits in the last three months 2 Bramble Cottage: Tuesday 1 September 2026 to Wednesday 30 September 2026',
  );
  expect(text).toContain('Lapsed training 3 Councillor Wren Bellweather: Enhanced DBS check Lapsed, was due by Friday 30 October 2026.');
  expect(text).toContain('Training due soon 2 Councillor Declan Eldridge: Enhanced DBS check Due soon, due by Tuesday 15 December 2026.');
  expect(text).toContain('Members who have not signed the pledge 5');
  expect(page).toMatch(/href="\/training\/record\?member=[^&"]+&amp;course=[^"]+"/);
  expect(page).toContain(`href="/emails#email-${failedEmailId}"`);
  expect(text).toContain('550 5.1.1 mailbox unavailable');
});

test('an undelivered email links to the member whose address to check, and leaves the list once dealt with', async () => {
  const browser = await demo.officer();
  const page = await browser.get('/emails');
  const html = await page.text();
  expect(html).toMatch(/href="\/members\/[^"]+"/);
  const resolved = await browser.post(`/emails/${failedEmailId}/resolved`, { _csrf: await browser.formToken('/emails') });
  expect(resolved.status).toBe(303);
  expect(await textOf(await browser.get('/emails'))).toContain('Every email was delivered.');
  expect(await demo.db.auditEvent.count({ where: { action: 'email.failure-resolved', entityId: failedEmailId } })).toBe(1);
});

test('a read-only officer sees the list but cannot mark an email dealt with', async () => {
  await demo.db.notification.update({ where: { id: failedEmailId }, data: { resolvedAt: null } });
  const browser = await demo.readOnly();
  expect((await browser.get('/')).status).toBe(200);
  const refused = await browser.post(`/emails/${failedEmailId}/resolved`, { _csrf: await browser.formToken('/emails') });
  expect(refused.status).toBe(403);
  expect(await textOf(refused)).toContain('Read-only officers cannot mark emails as dealt with');
});

test("another council's officer sees none of this council's items and cannot act on them", async () => {
  const browser = await demo.otherOfficer();
  const home = await textOf(await browser.get('/'));
  expect(home).toContain('Otherton Borough Council');
  expect(home).not.toContain('mailbox unavailable');
  const refused = await browser.post(`/emails/${failedEmailId}/resolved`, { _csrf: await browser.formToken('/emails') });
  expect(refused.status).toBe(404);
  expect((await demo.db.notification.findUniqueOrThrow({ where: { id: failedEmailId } })).resolvedAt).toBeNull();
});
