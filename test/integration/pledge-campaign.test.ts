import { addDays, instantAt, municipalYearOf, type IsoDate } from '../../domain/calendar';
import { signLink } from '../../links/signed-links';
import { nudgePledgeCampaigns } from '../../services/duty-signals';
import { confirmPledge, recordSignaturesAtEvent, signPledgeOnline } from '../../services/pledge/pledge';
import { pledgeCampaignWorkflowId } from '../../workflows';
import { TEST_LINK_SECRET } from '../support/activities';
import { createCouncil, createMember } from '../support/fixtures';
import { parseInvite } from '../support/ics';
import { recipientOf } from '../support/smtp-sink';
import { startTimeSkippingEngine, type TimeSkippingEngine } from '../support/time-skipping-engine';

let engine: TimeSkippingEngine;

beforeAll(async () => {
  engine = await startTimeSkippingEngine({ taskQueue: 'pledge-campaign-year' });
});

afterAll(async () => {
  await engine?.close();
});

const recipientsOf = (subjectStart: string) =>
  engine.sink.messages
    .filter((message) => message.subject?.startsWith(subjectStart))
    .map(recipientOf)
    .sort();

/** A council with an officer, three members and this municipal year's pledge, not yet confirmed. */
async function councilWithPledge(today: IsoDate) {
  const { db } = engine;
  const council = await createCouncil(db);
  const officer = await db.officer.create({
    data: { councilId: council.id, name: 'Pat Officer', email: 'pat@testshire.example', role: 'ADMIN' },
  });
  const actor = { councilId: council.id, officerId: officer.id, role: 'ADMIN' as const };
  const [amara, bryn] = [
    await createMember(db, council.id, { givenName: 'Amara', familyName: 'Okafor', email: 'amara@members.example' }),
    await createMember(db, council.id, { givenName: 'Bryn', familyName: 'Talbot', email: 'bryn@members.example' }),
    await createMember(db, council.id, { givenName: 'Cerys', familyName: 'Morgan', email: 'cerys@members.example' }),
  ];
  const year = municipalYearOf(today);
  await db.pledge.create({
    data: {
      councilId: council.id,
      municipalYear: year.startYear,
      text: 'We promise to listen to you and act on what you tell us.',
      version: `${year.label} v1`,
    },
  });
  return { council, actor, amara: amara!, bryn: bryn!, year };
}

/** The signed link in a member's pledge email. */
const signingLink = (councilId: string, pledgeId: string, memberId: string) =>
  signLink(TEST_LINK_SECRET, {
    purpose: 'pledge',
    councilId,
    subjectId: pledgeId,
    memberId,
    expiresAt: new Date(Date.now() + 30 * 86_400_000),
  });

/** The invitation carries a calendar request for the signing at 17:30 on the event day, in the Council Chamber. */
function expectInvitedToEvent(eventDay: IsoDate): void {
  const invitation = engine.sink.messages.find((message) => message.subject?.startsWith('You are invited'))!;
  expect(
    parseInvite(invitation.attachments.find((attachment) => attachment.filename === 'invite.ics')!.content.toString('utf8')),
  ).toMatchObject({
    method: 'REQUEST',
    location: 'Council Chamber',
  });
  expect(invitation.attachments.find((attachment) => attachment.filename === 'invite.ics')!.content.toString('utf8')).toContain(
    instantAt(eventDay, '17:30')
      .toISOString()
      .replace(/[-:]|\.\d{3}/g, ''),
  );
}

test('a pledge campaign from confirmation to close: invitations, reminders, signatures both ways, chasing that stops for signers, a member joining mid-year', async () => {
  const { db, sink } = engine;
  const today = await engine.today();
  const { council, actor, amara, bryn, year } = await councilWithPledge(today);
  const deps = engine.services();
  const eventDay = addDays(today, 10);

  const confirmed = await confirmPledge(deps, actor, {
    adoptedOn: today,
    eventDate: eventDay,
    eventStart: '17:30',
    eventLocation: 'Council Chamber',
    chaseEveryDays: 7,
    chaseRounds: 2,
  });
  await engine.skipTo(today, '23:00');
  expect(recipientsOf('You are invited to sign the Corporate Parenting Pledge')).toEqual([
    'amara@members.example',
    'bryn@members.example',
    'cerys@members.example',
  ]);
  expectInvitedToEvent(eventDay);

  await engine.skipTo(addDays(eventDay, -7));
  expect(recipientsOf('Reminder: Corporate Parenting Pledge signing in 7 days')).toEqual([
    'amara@members.example',
    'bryn@members.example',
    'cerys@members.example',
  ]);

  // Amara signs online with her typed name; she is not reminded again.
  const link = (memberId: string) => signingLink(council.id, confirmed.pledgeId, memberId);
  await signPledgeOnline(deps, link(amara.id), { typedName: 'amara okafor' });
  await engine.skipTo(addDays(eventDay, -1));
  expect(recipientsOf('Reminder: Corporate Parenting Pledge signing tomorrow')).toEqual(['bryn@members.example', 'cerys@members.example']);

  // Bryn signs at the event; Dafydd joins the council the week after and is invited to sign online.
  await engine.skipTo(eventDay, '18:30');
  await recordSignaturesAtEvent(deps, actor, { memberReferences: [bryn.reference] });
  const dafydd = await createMember(db, council.id, {
    givenName: 'Dafydd',
    familyName: 'Price',
    email: 'dafydd@members.example',
    joinedOn: addDays(eventDay, 3),
  });
  await engine.skipTo(addDays(eventDay, 3));
  await nudgePledgeCampaigns(deps, council.id);
  await engine.skipTo(addDays(eventDay, 4));
  expect(recipientsOf('Please sign the Corporate Parenting Pledge')).toEqual(['dafydd@members.example']);

  await engine.skipTo(addDays(eventDay, 7));
  expect(recipientsOf('Please sign the Corporate Parenting Pledge')).toEqual([
    'cerys@members.example',
    'dafydd@members.example',
    'dafydd@members.example',
  ]);
  await signPledgeOnline(deps, link(dafydd.id), { typedName: 'Dafydd Price' });

  sink.messages.length = 0;
  await engine.skipTo(addDays(eventDay, 14));
  expect(recipientsOf('Please sign the Corporate Parenting Pledge')).toEqual(['cerys@members.example']);

  await engine.skipTo(addDays(eventDay, 21));
  const list = sink.messages.find(
    (message) => message.subject === '1 member(s) have not signed the ' + year.label + ' Corporate Parenting Pledge',
  )!;
  expect(list.text).toContain('Councillor Cerys Morgan');
  expect(list.text).not.toContain('Amara');

  const signatures = await db.pledgeSignature.findMany({ where: { pledgeId: confirmed.pledgeId }, include: { member: true } });
  expect(signatures.map((signature) => `${signature.member.givenName}: ${signature.method}`).sort()).toEqual([
    'Amara: ONLINE',
    'Bryn: AT_EVENT',
    'Dafydd: ONLINE',
  ]);

  await engine.skipTo(addDays(year.end, 1), '01:00');
  expect(await db.pledge.findUniqueOrThrow({ where: { id: confirmed.pledgeId } })).toMatchObject({ status: 'CLOSED' });
  expect(await engine.client.workflow.getHandle(pledgeCampaignWorkflowId(confirmed.pledgeId)).result()).toBe('CLOSED');
});
