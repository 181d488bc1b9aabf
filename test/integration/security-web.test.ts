import { randomBytes } from 'node:crypto';

import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';

import type { Actor, ServiceDependencies } from '../../services/context';
import { hashPassword } from '../../services/officer-auth';
import { createApiToken } from '../../services/officers';
import { registerEstablishment, startProgramme } from '../../services/visits/programmes';
import { programmeState, visitProgrammeWorkflowId } from '../../workflows';
import { ENCRYPTED_ENCODING, payloadCodecFor, payloadToJson, temporalDataConverter } from '../../worker/payload-codec';
import { startTestEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { createCouncil, createMember, registerReg33Pool } from '../support/fixtures';
import { OfficerBrowser } from '../support/officer-browser';
import { serveTestWebApp, type TestWebApp, type TestWebAppOptions } from '../support/web-app';

/*
 * The web server's defences (headers, rate limits) and workflow payload
 * encryption with its codec endpoint, on the real stack: a worker and a web
 * app configured as worker/main.ts and web/main.ts configure them when
 * TEMPORAL_PAYLOAD_KEY is set.
 */

const PASSWORD = 'correct horse battery staple';
const TEMPORAL_UI = 'http://localhost:8233';

let engine: TestEngine;
let deps: ServiceDependencies;
let baseUrl: string;
const openApps: TestWebApp[] = [];
let councilSlug: string;
let admin: Actor;
let adminToken: string;
let memberId: string;
let establishmentId: string;
let programmeId: string;

const codec = payloadCodecFor({ current: randomBytes(32), previous: [] })!;

async function serve(options: TestWebAppOptions = {}): Promise<TestWebApp> {
  const served = await serveTestWebApp(deps, options);
  openApps.push(served);
  return served;
}

beforeAll(async () => {
  engine = await startTestEngine({ dataConverter: temporalDataConverter(codec) });
  deps = engine.services();
  ({ baseUrl } = await serve({ codec: { codec, allowedOrigins: [TEMPORAL_UI] } }));

  const council = await createCouncil(engine.db, 'Testshire County Council');
  councilSlug = council.slug;
  const passwordHash = await hashPassword(PASSWORD);
  const adminRow = await engine.db.officer.create({
    data: { councilId: council.id, name: 'Ada Admin', email: 'ada@testshire.example', role: 'ADMIN', passwordHash },
  });
  await engine.db.officer.create({
    data: { councilId: council.id, name: 'Pat Officer', email: 'pat@testshire.example', role: 'OFFICER', passwordHash },
  });
  admin = { councilId: council.id, officerId: adminRow.id, role: 'ADMIN' };
  adminToken = (await createApiToken(engine.db, admin, { label: 'Codec' })).token;
  const member = await createMember(engine.db, council.id, {
    givenName: 'Amara',
    familyName: 'Okafor',
    email: 'amara@members.testshire.example',
  });
  memberId = member.id;
});

afterAll(async () => {
  await Promise.all(openApps.map((served) => served.close()));
  await engine?.close();
});

describe('security headers', () => {
  test('every page forbids scripts, framing, sniffing and referrers; HSTS is sent only over HTTPS', async () => {
    const signIn = await fetch(`${baseUrl}/sign-in`);
    expect(signIn.status).toBe(200);
    const policy = signIn.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("form-action 'self'");
    expect(signIn.headers.get('x-content-type-options')).toBe('nosniff');
    expect(signIn.headers.get('x-frame-options')).toBe('DENY');
    expect(signIn.headers.get('referrer-policy')).toBe('no-referrer');
    expect(signIn.headers.get('strict-transport-security')).toBeNull();

    // Behind the council's TLS proxy, which says the browser used HTTPS.
    const overHttps = await fetch(`${baseUrl}/sign-in`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(overHttps.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');

    const api = await fetch(`${baseUrl}/api/v1/members`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(api.status).toBe(200);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('rate limits', () => {
  const tight = { max: 3, windowSeconds: 60 };

  // Counts live in Postgres and outlast an app instance; each test starts from none.
  beforeEach(async () => {
    await deps.db.rateLimitHit.deleteMany();
  });

  test('a limit holds across web instances sharing the database: attempts spread over two count as one', async () => {
    const instances = [await serve({ rateLimits: { signIn: tight } }), await serve({ rateLimits: { signIn: tight } })];
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const { baseUrl } = instances[attempt % 2]!;
      // An address with no account, so no real account pauses after wrong passwords.
      const response = await new OfficerBrowser(baseUrl).signIn({
        council: councilSlug,
        email: 'nobody@testshire.example',
        password: 'not it',
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses[3]).toBe(429);
  });

  test("member links: after the limit the address gets a page saying how long to wait, while officers' pages still work", async () => {
    const { baseUrl: url } = await serve({ rateLimits: { memberLinks: tight } });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) statuses.push((await fetch(`${url}/m/not-a-real-link`)).status);
    expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
    const refused = await fetch(`${url}/m/not-a-real-link`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const page = await refused.text();
    expect(page).toContain('Too many requests');
    expect(page).toMatch(/Wait \d+ seconds?, then try again/);
    expect((await fetch(`${url}/sign-in`)).status).toBe(200);
  });

  test('sign-in: wrong passwords from one address are stopped after the limit, even across accounts', async () => {
    const { baseUrl: url } = await serve({ rateLimits: { signIn: tight } });
    const attempt = (email: string) =>
      new OfficerBrowser(url).signIn({ council: councilSlug, email, password: 'not the password' }).then((response) => response.status);
    const statuses = [
      await attempt('pat@testshire.example'),
      await attempt('ada@testshire.example'),
      await attempt('pat@testshire.example'),
      await attempt('ada@testshire.example'),
    ];
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses[3]).toBe(429);
  });

  test('API: each token has its own limit, and made-up tokens from one address are capped too', async () => {
    const { baseUrl: url } = await serve({ rateLimits: { apiPerCredential: tight, apiPerAddress: { max: 5, windowSeconds: 60 } } });
    const call = (token: string) => fetch(`${url}/api/v1/members`, { headers: { authorization: `Bearer ${token}` } });
    const withToken = [];
    for (let attempt = 0; attempt < 4; attempt += 1) withToken.push(await call(adminToken));
    expect(withToken.map((response) => response.status)).toEqual([200, 200, 200, 429]);
    const refusal = (await withToken[3]!.json()) as { error: { message: string } };
    expect(refusal.error.message).toMatch(/Too many requests with this token or from this address\. Wait \d+ seconds? \(see Retry-After\)/);

    // Three requests from this address so far; guessing tokens uses up the rest.
    const guesses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) guesses.push((await call(`cpe_guess_${attempt}`)).status);
    expect(guesses).toEqual([401, 401, 429]);
  });
});

describe('encrypted workflow payloads', () => {
  let stored: Payload[];

  test('with a payload key, Temporal stores only ciphertext, and the engine still runs the duty and sends its email', async () => {
    await registerReg33Pool(deps, admin, '2026-05-19', [
      { reference: await referenceOf(memberId), email: 'amara@members.testshire.example' },
    ]);
    await registerEstablishment(deps, admin, { key: 'oakfield', name: 'Oakfield House', kind: 'CHILDRENS_HOME' });
    await startProgramme(deps, admin, { establishmentKey: 'oakfield', poolKey: 'reg33' });
    establishmentId = (await engine.db.establishment.findFirstOrThrow({ where: { key: 'oakfield' } })).id;
    programmeId = (await engine.db.visitProgramme.findFirstOrThrow({ where: { establishmentId } })).id;

    // The worker read its (encrypted) input and asked the member: it decrypts with the same key.
    const invitation = await eventually(
      async () => engine.sink.messages.find((message) => message.subject?.includes('Oakfield House')),
      (message) => message !== undefined,
    );
    expect(invitation).toBeDefined();
    const handle = engine.client.workflow.getHandle(visitProgrammeWorkflowId(establishmentId));
    expect((await handle.query(programmeState)).visitId).toEqual(expect.any(String));

    // What the Temporal server holds, read without the key (as the Temporal UI or an operator would see it).
    const connection = await Connection.connect({ address: process.env.CPE_TEST_TEMPORAL_ADDRESS });
    try {
      const history = await new Client({ connection }).workflow.getHandle(visitProgrammeWorkflowId(establishmentId)).fetchHistory();
      stored = payloadsIn(history);
    } finally {
      await connection.close();
    }
    expect(stored.length).toBeGreaterThan(3);
    const encodings = new Set(stored.map((payload) => Buffer.from(payload.metadata!.encoding!).toString()));
    expect([...encodings]).toEqual([ENCRYPTED_ENCODING]);
    const raw = stored.map((payload) => Buffer.from(payload.data ?? []).toString('latin1')).join('\n');
    expect(raw).not.toContain(programmeId);
    expect(raw).not.toContain(memberId);
  });

  test('the codec endpoint decodes them for an admin officer only, and answers the Temporal UI across origins', async () => {
    const body = JSON.stringify({ payloads: stored.map(payloadToJson) });
    const decode = (headers: Record<string, string>) =>
      fetch(`${baseUrl}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    const anonymous = await decode({});
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('Sign in as an admin officer');

    const officer = new OfficerBrowser(baseUrl);
    const signedIn = await officer.signIn({ council: councilSlug, email: 'pat@testshire.example', password: PASSWORD });
    expect(signedIn.status).toBe(303);
    expect((await decode({ cookie: officer.cookieHeader() })).status).toBe(403);

    const decoded = await decode({ authorization: `Bearer ${adminToken}`, origin: TEMPORAL_UI });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(TEMPORAL_UI);
    expect(decoded.headers.get('access-control-allow-credentials')).toBe('true');
    const { payloads } = (await decoded.json()) as { payloads: Array<{ data?: string }> };
    const plain = payloads.map((payload) => Buffer.from(payload.data ?? '', 'base64').toString('utf8')).join('\n');
    expect(plain).toContain(`"programmeId":"${programmeId}"`);

    const elsewhere = await decode({ authorization: `Bearer ${adminToken}`, origin: 'https://elsewhere.example' });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = await fetch(`${baseUrl}/codec/decode`, { method: 'OPTIONS', headers: { origin: TEMPORAL_UI } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
  });

  test('a tampered payload is refused by the codec endpoint, naming the payload', async () => {
    const tampered = payloadToJson(stored[0]!);
    const bytes = Buffer.from(tampered.data!, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    const response = await fetch(`${baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ payloads: [{ ...tampered, data: bytes.toString('base64') }] }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { problems: Array<{ field: string; message: string }> } };
    expect(error.problems).toEqual([{ field: 'payloads.0', message: expect.stringContaining('failed its integrity check') }]);
  });
});

test('passwords, API tokens and session cookies are stored only as hashes', async () => {
  const browser = new OfficerBrowser(baseUrl);
  await browser.signIn({ council: councilSlug, email: 'ada@testshire.example', password: PASSWORD });
  const sessionToken = /cpe_session=([^;]+)/.exec(browser.cookieHeader())![1]!;
  const stored = JSON.stringify([
    await engine.db.officer.findMany(),
    await engine.db.apiToken.findMany(),
    await engine.db.officerSession.findMany(),
  ]);
  expect(stored).not.toContain(PASSWORD);
  expect(stored).not.toContain(adminToken);
  expect(stored).not.toContain(decodeURIComponent(sessionToken));
  expect((await engine.db.officer.findFirstOrThrow({ where: { email: 'ada@testshire.example' } })).passwordHash).toMatch(/^scrypt/);
});

async function referenceOf(id: string): Promise<string> {
  return (await engine.db.member.findUniqueOrThrow({ where: { id } })).reference;
}

/** Every payload anywhere in a workflow history. */
function payloadsIn(value: unknown): Payload[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return [];
  if ('metadata' in value && 'data' in value && (value as Payload).metadata?.encoding) return [value as Payload];
  return Object.values(value).flatMap(payloadsIn);
}
