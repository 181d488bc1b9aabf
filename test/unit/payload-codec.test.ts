import { randomBytes } from 'node:crypto';

import { defaultPayloadConverter, ValueError, type Payload } from '@temporalio/common';

import { loadConfig } from '../../config/env';
import { configProblems } from '../support/config-problems';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, keyIdOf } from '../../worker/payload-codec';

const key = randomBytes(32);
const codec = new AesGcmPayloadCodec({ current: key, previous: [] });
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

/** A workflow input as the SDK turns it into a payload before any codec runs. */
const input = (): Payload =>
  defaultPayloadConverter.toPayload({ meetingId: '3f0c5d2e-9a41-4c55-b1a8-2d6f1c0e7b11', note: 'Élodie O’Brien' });

describe('the AES-256-GCM payload codec', () => {
  test('an encrypted payload says only that it is encrypted and with which key, and decodes to the original', async () => {
    const original = input();
    const [encrypted] = await codec.encode([original]);

    expect(text(encrypted!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted!.metadata![KEY_ID_METADATA])).toBe(keyIdOf(key));
    expect(Object.keys(encrypted!.metadata!)).toEqual(['encoding', KEY_ID_METADATA]);
    expect(Buffer.from(encrypted!.data!).includes('meetingId')).toBe(false);
    expect(Buffer.from(encrypted!.data!).includes('json/plain')).toBe(false);

    const [decoded] = await codec.decode([encrypted!]);
    expect(text(decoded!.metadata!.encoding)).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({
      meetingId: '3f0c5d2e-9a41-4c55-b1a8-2d6f1c0e7b11',
      note: 'Élodie O’Brien',
    });
  });

  test('the same value encrypts differently each time (a fresh nonce per payload)', async () => {
    const [first, second] = await codec.encode([input(), input()]);
    expect(Buffer.from(first!.data!).equals(Buffer.from(second!.data!))).toBe(false);
  });

  test('an empty payload (a workflow returning nothing) round-trips', async () => {
    const nothing = defaultPayloadConverter.toPayload(undefined);
    const [decoded] = await codec.decode(await codec.encode([nothing]));
    expect(defaultPayloadConverter.fromPayload(decoded!)).toBeUndefined();
  });

  test('any change to the stored bytes is detected, not decoded into something else', async () => {
    const [encrypted] = await codec.encode([input()]);
    const data = Buffer.from(encrypted!.data!);
    for (const position of [0, 12, data.length - 20, data.length - 1]) {
      const altered = Buffer.from(data);
      altered[position] = altered[position]! ^ 0x01;
      await expect(codec.decode([{ ...encrypted!, data: altered }])).rejects.toThrow(/failed its integrity check/);
    }
    await expect(codec.decode([{ ...encrypted!, data: data.subarray(0, 20) }])).rejects.toThrow(/too short/);
    await expect(codec.decode([{ ...encrypted!, data: Buffer.concat([data, Buffer.from('x')]) }])).rejects.toThrow(ValueError);
  });

  test('a payload written with another key is refused, naming both keys and the setting to change', async () => {
    const [encrypted] = await codec.encode([input()]);
    const otherKey = randomBytes(32);
    const other = new AesGcmPayloadCodec({ current: otherKey, previous: [] });
    await expect(other.decode([encrypted!])).rejects.toThrow(
      `This payload was encrypted with key ${keyIdOf(key)}, which is not configured here (this process has ${keyIdOf(otherKey)}). ` +
        'Set TEMPORAL_PAYLOAD_KEY to that key, or list it in TEMPORAL_PAYLOAD_PREVIOUS_KEYS.',
    );

    // Relabelling the payload with the other key's name does not help: it is authenticated with its own key's name.
    const relabelled = { ...encrypted!, metadata: { ...encrypted!.metadata, [KEY_ID_METADATA]: Buffer.from(keyIdOf(otherKey)) } };
    await expect(other.decode([relabelled])).rejects.toThrow(/failed its integrity check/);
  });

  test('after a key change, payloads of running workflows are still read and new ones use the new key', async () => {
    const [old] = await codec.encode([input()]);
    const newKey = randomBytes(32);
    const rotated = new AesGcmPayloadCodec({ current: newKey, previous: [key] });

    const [decoded] = await rotated.decode([old!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toMatchObject({ meetingId: '3f0c5d2e-9a41-4c55-b1a8-2d6f1c0e7b11' });
    const [fresh] = await rotated.encode([input()]);
    expect(text(fresh!.metadata![KEY_ID_METADATA])).toBe(keyIdOf(newKey));
  });

  test('payloads written before encryption was turned on pass through unchanged', async () => {
    const plain = input();
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  test('a key that is not 32 bytes is refused when the codec is made', () => {
    expect(() => new AesGcmPayloadCodec({ current: randomBytes(16), previous: [] })).toThrow(
      'A payload key must be 32 bytes for AES-256; got 16.',
    );
  });
});

describe('the payload key in the configuration', () => {
  test('unset, payloads are not encrypted; set, the key is read from base64', () => {
    expect(loadConfig({}).payloadKeys).toBeUndefined();
    const current = randomBytes(32);
    const previous = randomBytes(32);
    const config = loadConfig({
      TEMPORAL_PAYLOAD_KEY: current.toString('base64'),
      TEMPORAL_PAYLOAD_PREVIOUS_KEYS: ` ${previous.toString('base64')} `,
    });
    expect(config.payloadKeys).toEqual({ current, previous: [previous] });
  });

  test('a malformed key is a clear configuration problem that does not print the key', () => {
    const tooShort = randomBytes(16).toString('base64');
    const problems = configProblems({ TEMPORAL_PAYLOAD_KEY: tooShort });
    expect(problems).toEqual([
      'TEMPORAL_PAYLOAD_KEY must be 32 random bytes in base64 (44 characters ending in =); generate one with `openssl rand -base64 32` (got a value of 24 characters).',
    ]);
    expect(problems.join()).not.toContain(tooShort);

    expect(configProblems({ TEMPORAL_PAYLOAD_KEY: randomBytes(32).toString('hex') })).toHaveLength(1);
    expect(
      configProblems({ TEMPORAL_PAYLOAD_KEY: randomBytes(32).toString('base64'), TEMPORAL_PAYLOAD_PREVIOUS_KEYS: 'not-a-key' }),
    ).toEqual([
      expect.stringMatching(
        /^TEMPORAL_PAYLOAD_PREVIOUS_KEYS each key must be 32 random bytes in base64 .*separated by commas \(got a value of 9 characters\)\.$/,
      ),
    ]);
  });

  test('previous keys without a current one are refused', () => {
    expect(configProblems({ TEMPORAL_PAYLOAD_PREVIOUS_KEYS: randomBytes(32).toString('base64') })).toEqual([
      expect.stringMatching(/^TEMPORAL_PAYLOAD_KEY is needed when TEMPORAL_PAYLOAD_PREVIOUS_KEYS is set/),
    ]);
  });

  test('the Temporal UI allowed to call the codec endpoint is the embedded one, or the one configured', () => {
    expect(loadConfig({}).temporalUiOrigins).toEqual(['http://localhost:8233', 'http://127.0.0.1:8233']);
    expect(loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233' }).temporalUiOrigins).toEqual([]);
    expect(loadConfig({ TEMPORAL_UI_URL: 'https://temporal.council.gov.uk/namespaces/default' }).temporalUiOrigins).toEqual([
      'https://temporal.council.gov.uk',
    ]);
  });

  test('TRUST_PROXY takes true, false, a number of proxies or their addresses', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5' }).TRUST_PROXY).toBe('10.0.0.0/8, 192.168.1.5');
    expect(configProblems({ TRUST_PROXY: 'yes please' })).toEqual([
      expect.stringMatching(/^TRUST_PROXY must be true, false, the number of proxies/),
    ]);
  });
});
