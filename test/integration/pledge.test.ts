import type { ParsedMail } from 'mailparser';

import { addDays, localDateOf, municipalYearOf } from '../../domain/calendar';
import type { Actor } from '../../services/context';
import { confirmPledge } from '../../services/pledge/pledge';
import { TEST_BASE_URL } from '../support/activities';
import { startTestEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { createCouncil, createMember } from '../support/fixtures';
import { postForm } from '../support/forms';
import { pdfText } from '../support/pdf';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

let engine: TestEngine;
let web: TestWebApp;
let councilSlug: string;
let pledgeId: string;

beforeAll(async () => {
  engine = await startTestEngine();
  web = await serveTestWebApp(engine.services());

  const council = await createCouncil(engine.db, 'Testshire County Council');
  councilSlug = council.slug;
  const officer = await engine.db.officer.create({
    data: { councilId: council.id, name: 'Pat Officer', email: 'pat@testshire.example', role: 'ADMIN' },
  });
  const actor: Actor = { councilId: council.id, officerId: officer.id, role: 'ADMIN' };
  for (const [givenName, familyName] of [
    ['Amara', 'Okafor'],
    ['Bryn', 'Talbot'],
    ['Siân', 'Price'],
  ] as const) {
    await createMember(engine.db, council.id, { givenName, familyName, email: `${familyName.toLowerCase()}@members.example` });
  }
  const today = localDateOf(new Date());
  await engine.db.pledge.create({
    data: {
      councilId: council.id,
      municipalYear: municipalYearOf(today).startYear,
      text: 'We promise:\n1. to listen to you;\n2. to act on what you tell us.',
      version: 'v1',
    },
  });
  ({ pledgeId } = await confirmPledge(engine.services(), actor, {
    adoptedOn: today,
    eventDate: addDays(today, 14),
    eventStart: '17:30',
    eventLocation: 'Council Chamber',
  }));
});

afterAll(async () => {
  await web?.close();
  await engine?.close();
});

async function invitationTo(address: string): Promise<ParsedMail> {
  return eventually(
    async () => engine.sink.to(address)[0],
    (message) => message !== undefined,
  ) as Promise<ParsedMail>;
}

function linkIn(message: ParsedMail): string {
  const link = /https?:\/\/\S+\/p\/[A-Za-z0-9_.-]+/.exec(message.text ?? '')?.[0];
  if (!link) throw new Error(`No pledge link in "${message.subject}"`);
  return link.replace(TEST_BASE_URL, web.baseUrl);
}

test('a member signs online through the emailed link, typing their name; the published pledge and its PDF list every member, signed or not', async () => {
  const link = linkIn(await invitationTo('okafor@members.example'));
  const page = await (await fetch(link)).text();
  expect(page).toContain('Corporate Parenting Pledge');
  expect(page).toContain('to act on what you tell us.');

  const wrongName = await postForm(`${link}/sign`, { typedName: 'Someone Else' });
  expect(wrongName.status).toBe(400);
  expect(await wrongName.text()).toContain('does not match the name we have for you (Amara Okafor)');

  const signed = await postForm(`${link}/sign`, { typedName: 'amara okafor' });
  expect(signed.status).toBe(303);
  expect(await (await fetch(`${link}?done=signed`)).text()).toContain('You signed this pledge');

  const published = await (await fetch(`${web.baseUrl}/public/${councilSlug}/pledge.html`)).text();
  expect(published).toContain('1 of 3');
  for (const name of ['Amara Okafor', 'Bryn Talbot', 'Siân Price']) expect(published).toContain(name);
  expect(published).toContain('Not yet signed');

  const pdf = await fetch(`${web.baseUrl}/public/${councilSlug}/pledge.pdf`);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
  for (const name of ['Amara Okafor', 'Bryn Talbot', 'Siân Price']) expect(text).toContain(name);
});

test('a second signature by the same member is refused politely and changes nothing', async () => {
  const link = linkIn(await invitationTo('okafor@members.example'));
  const again = await postForm(`${link}/sign`, { typedName: 'Amara Okafor' });
  expect(again.status).toBe(409);
  expect(await again.text()).toMatch(/You have already signed this pledge, on \w+day \d+ \w+ \d{4}/);
  expect(await engine.db.pledgeSignature.count({ where: { pledgeId } })).toBe(1);
});

test('a forged link changes nothing, and says so', async () => {
  const genuine = linkIn(await invitationTo('talbot@members.example'));
  const forged = `${genuine.slice(0, -3)}abc`;
  const response = await postForm(`${forged}/sign`, { typedName: 'Bryn Talbot' });
  expect(response.status).toBe(400);
  expect(await response.text()).toContain('This link is not valid');
  const rsvp = await postForm(`${forged}/rsvp`, { attending: 'yes' });
  expect(rsvp.status).toBe(400);
  expect(await engine.db.pledgeSignature.count({ where: { pledgeId } })).toBe(1);
  expect(await engine.db.pledgeRsvp.count({ where: { pledgeId } })).toBe(0);
});
