import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import { METADATA_ENCODING_KEY, ValueError, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';

import type { PayloadKeys } from '../config/env';

/** The encoding an encrypted payload declares, as Temporal's samples and UI name it. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Names the key a payload was encrypted with, so a changed key is reported as such rather than as tampering. */
export const KEY_ID_METADATA = 'encryption-key-id';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A payload as JSON, every byte field in base64: the shape of Temporal's codec protocol and of what is encrypted. */
export interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

export function payloadToJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value).toString('base64')]),
    ),
    data: payload.data ? Buffer.from(payload.data).toString('base64') : undefined,
  };
}

export function payloadFromJson(json: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(json.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value, 'base64')])),
    data: json.data ? Buffer.from(json.data, 'base64') : undefined,
  };
}

/** A short public name for a key (not the key): the start of its SHA-256. */
export const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/**
 * Encrypts every workflow payload with AES-256-GCM: the whole payload (its
 * own metadata too) is sealed, and only the encoding and the key's public
 * name are left readable. The authentication tag makes any change to the
 * stored bytes, or a different key, fail loudly instead of decoding to
 * something else. Payloads written before encryption was turned on pass
 * through unchanged, so running workflows carry on.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;

  constructor(keys: PayloadKeys) {
    for (const key of [keys.current, ...keys.previous]) {
      if (key.length !== 32) throw new Error(`A payload key must be 32 bytes for AES-256; got ${key.length}.`);
    }
    this.currentKeyId = keyIdOf(keys.current);
    this.keys = new Map([keys.current, ...keys.previous].map((key) => [keyIdOf(key), key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(this.currentKeyId));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(payloadToJson(payload)), 'utf8'), cipher.final()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(this.currentKeyId) },
      data: Buffer.concat([iv, sealed, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = text(payload.metadata?.[KEY_ID_METADATA]) ?? '(none)';
    const key = this.keys.get(keyId);
    if (!key) {
      throw new ValueError(
        `This payload was encrypted with key ${keyId}, which is not configured here (this process has ${[...this.keys.keys()].join(', ')}). ` +
          'Set TEMPORAL_PAYLOAD_KEY to that key, or list it in TEMPORAL_PAYLOAD_PREVIOUS_KEYS.',
      );
    }
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new ValueError('This encrypted payload is too short to be one of ours: it has been cut or altered.');
    const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: string;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new ValueError(`This encrypted payload failed its integrity check (key ${keyId}): it has been altered since it was written.`);
    }
    return payloadFromJson(JSON.parse(plain) as JsonPayload);
  }
}

/** The codec of this deployment, or none when TEMPORAL_PAYLOAD_KEY is not set. */
export function payloadCodecFor(keys: PayloadKeys | undefined): AesGcmPayloadCodec | undefined {
  return keys ? new AesGcmPayloadCodec(keys) : undefined;
}

/**
 * What every Temporal client and worker of the engine is given: with a codec,
 * payloads are encrypted, and so are failure messages and stack traces (they
 * can name people, e.g. an address a relay refused). Without one, Temporal's
 * defaults.
 */
export function temporalDataConverter(codec: PayloadCodec | undefined): DataConverter | undefined {
  if (!codec) return undefined;
  return { payloadCodecs: [codec], failureConverterPath: require.resolve('./failure-converter') };
}
