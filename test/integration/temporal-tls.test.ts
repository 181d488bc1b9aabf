import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

import { Connection } from '@temporalio/client';

import { loadConfig } from '../../config/env';
import { panelMeetingInvites, panelMeetingInvitesWorkflowId } from '../../workflows';
import { startTestEngine, type TestEngine } from '../support/engine';
import { createCouncil, createPanelWithMeeting } from '../support/fixtures';

// A secured Temporal cluster, as a council's IT team or Temporal Cloud runs it: a TLS-terminating proxy that asks for a
// client certificate (mTLS), in front of the integration run's dev server. The engine reaches it only through
// loadConfig's TEMPORAL_TLS_* settings, as the worker, web app and command line do.

const SERVER_NAME = 'temporal.council.test';
let dir: string;
let proxy: tls.Server;
let address: string;
const refusedHandshakes: string[] = [];

/** A CA, a server certificate for SERVER_NAME and a client certificate, all signed by the CA, as PEM files in `dir`. */
function makeCertificates(): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Test council CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  for (const [name, extension] of [
    ['server', `subjectAltName=DNS:${SERVER_NAME}`],
    ['client', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    fs.writeFileSync(path.join(dir, `${name}.ext`), `${extension}\n`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpe-tls-'));
  makeCertificates();
  const [upstreamHost, upstreamPort] = process.env.CPE_TEST_TEMPORAL_ADDRESS!.split(':');
  const read = (file: string) => fs.readFileSync(path.join(dir, file));
  proxy = tls.createServer(
    {
      key: read('server.key'),
      cert: read('server.pem'),
      ca: read('ca.pem'),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      const upstream = net.connect(Number(upstreamPort), upstreamHost);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    },
  );
  proxy.on('tlsClientError', (error) => refusedHandshakes.push(error.message));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const settings = (overrides: Record<string, string> = {}) => ({
  TEMPORAL_ADDRESS: address,
  TEMPORAL_TLS_CA_FILE: path.join(dir, 'ca.pem'),
  TEMPORAL_TLS_CERT_FILE: path.join(dir, 'client.pem'),
  TEMPORAL_TLS_KEY_FILE: path.join(dir, 'client.key'),
  TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
  ...overrides,
});

test('with the CA, a client certificate and the server name, the worker and the client reach Temporal over mTLS and a meeting invitation is emailed', async () => {
  let engine: TestEngine | undefined;
  try {
    engine = await startTestEngine({ temporal: loadConfig(settings()).temporalConnection });
    const council = await createCouncil(engine.db);
    const { meeting } = await createPanelWithMeeting(engine.db, council.id, {
      startsAt: new Date('2027-01-19T18:30:00Z'),
      recipients: [{ name: 'Councillor Amara Okafor', email: 'amara.okafor@members.example' }],
    });
    const result = await engine.client.workflow.execute(panelMeetingInvites, {
      workflowId: panelMeetingInvitesWorkflowId(meeting.id),
      taskQueue: engine.taskQueue,
      args: [{ meetingId: meeting.id }],
    });
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    await engine.sink.waitForMessages(1);
    expect(engine.sink.messages[0]!.subject).toBe('Children and Young People Scrutiny Panel: Tuesday 19 January 2027 at 6:30pm');
  } finally {
    await engine?.close();
  }
});

test('without a client certificate the cluster refuses the connection', async () => {
  const { temporalConnection } = loadConfig(settings({ TEMPORAL_TLS_CERT_FILE: '', TEMPORAL_TLS_KEY_FILE: '' }));
  expect(temporalConnection.tls?.clientCertPair).toBeUndefined();
  const before = refusedHandshakes.length;
  await expect(Connection.connect({ ...temporalConnection, connectTimeout: '5s' })).rejects.toThrow();
  expect(refusedHandshakes.length).toBeGreaterThan(before);
});

test('a certificate issued for another name is not trusted', async () => {
  const { temporalConnection } = loadConfig(settings({ TEMPORAL_TLS_SERVER_NAME: 'temporal.elsewhere.test' }));
  await expect(Connection.connect({ ...temporalConnection, connectTimeout: '5s' })).rejects.toThrow();
});
