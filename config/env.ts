import fs from 'node:fs';
import path from 'node:path';

import type { TLSConfig } from '@temporalio/client';
import { z } from 'zod';

import type { SmtpOAuth2, SmtpOptions } from '../email/mailer';

/** A TCP port; the message says which variable to change when it is wrong. */
const portNumber = z.coerce
  .number({ error: 'must be a whole number between 1 and 65535' })
  .int('must be a whole number between 1 and 65535')
  .min(1, 'must be a whole number between 1 and 65535')
  .max(65535, 'must be a whole number between 1 and 65535');
const port = (fallback: number) => portNumber.default(fallback);
/** The port of something that is off unless given one. */
const optionalPort = z.preprocess((value) => (value === '' ? undefined : value), portNumber.optional());

/** An AES-256 key: 32 random bytes written in base64, as `openssl rand -base64 32` prints them. */
const AES_KEY_PATTERN = /^[A-Za-z0-9+/]{43}=$/;
const AES_KEY_HINT = 'must be 32 random bytes in base64 (44 characters ending in =); generate one with `openssl rand -base64 32`';

const LINK_SECRET_HINT = 'must be at least 32 characters; generate one with `openssl rand -hex 32`';

/** The demo council's sending address: fine on a developer's machine, never in production. */
const DEMO_MAIL_FROM = 'Corporate Parenting Engine <corporate-parenting@northmere.example>';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/** Which proxies to believe about the client's address and scheme: every hop (unset or true), a number of hops, or the proxies' addresses. */
const trustProxy = z
  .string()
  .trim()
  .regex(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, {
    error: 'must be true, false, the number of proxies in front of the app (e.g. 1), or their addresses, e.g. 10.0.0.0/8,192.168.1.5',
  })
  .optional()
  .transform((value): boolean | number | string | undefined =>
    value === undefined ? undefined : value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value,
  );

/** A path to a file this process can read, checked at start-up rather than at the first connection. */
const readableFile = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((file) => file === undefined || isReadableFile(file), { error: `must be the path of ${what}, readable by this process` });

function isReadableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

const optionalUrl = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || protocols.some((p) => value.startsWith(`${p}://`)), {
      error: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}, e.g. ${example}`,
    });

/**
 * Every environment variable the engine reads. Optional service URLs select
 * the embedded local stack when unset (see stack/).
 */
export const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().min(1).default('.data'),

    DATABASE_URL: optionalUrl(['postgres', 'postgresql'], 'postgres://user:password@localhost:5432/cpe'),
    EMBEDDED_POSTGRES_PORT: port(5488),

    TEMPORAL_ADDRESS: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value === '' ? undefined : value))
      .refine((value) => value === undefined || /^[^\s:/]+:\d{1,5}$/.test(value), {
        error: 'must be host:port, e.g. temporal.internal:7233 (no scheme)',
      }),
    /** TLS to the Temporal frontend; implied by any of the settings below it. */
    TEMPORAL_TLS: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .optional()
      .transform((value) => (value === undefined ? undefined : value === 'true')),
    /** The CA that signed the frontend's certificate, when the system's CAs do not know it (a self-hosted cluster). */
    TEMPORAL_TLS_CA_FILE: readableFile('the PEM file of the CA that signed the Temporal frontend’s certificate'),
    /** mTLS: this client's certificate and key, as Temporal Cloud's certificate namespaces and secured clusters ask. */
    TEMPORAL_TLS_CERT_FILE: readableFile('the PEM file of this client’s certificate'),
    TEMPORAL_TLS_KEY_FILE: readableFile('the PEM file of this client’s private key'),
    /** The name to check the frontend's certificate against, when it differs from TEMPORAL_ADDRESS's host. */
    TEMPORAL_TLS_SERVER_NAME: z.string().trim().min(1).optional(),
    /** Temporal Cloud API key (sent as a bearer token, over TLS). */
    TEMPORAL_API_KEY: z.string().trim().min(1).optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('corporate-parenting'),
    TEMPORAL_PORT: port(7233),
    TEMPORAL_UI_PORT: port(8233),
    TEMPORAL_CLI_PATH: z.string().optional(),
    TEMPORAL_TEST_SERVER_PATH: z.string().optional(),
    /** Turns on encryption of workflow payloads (AES-256-GCM) in every Temporal client and worker. */
    TEMPORAL_PAYLOAD_KEY: z.string().trim().regex(AES_KEY_PATTERN, { error: AES_KEY_HINT }).optional(),
    /** Keys used before the current one, comma-separated: still read, never written, so running workflows survive a key change. */
    TEMPORAL_PAYLOAD_PREVIOUS_KEYS: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value.split(',').map((key) => key.trim()) : []))
      .refine((keys) => keys.every((key) => AES_KEY_PATTERN.test(key)), { error: `each key ${AES_KEY_HINT}, separated by commas` }),
    /** Where people open the Temporal UI, so its codec requests may reach this app, e.g. https://temporal.council.gov.uk. */
    TEMPORAL_UI_URL: z
      .url({ error: 'must be the address people open the Temporal UI at, e.g. https://temporal.council.gov.uk' })
      .optional(),

    SMTP_URL: optionalUrl(['smtp', 'smtps'], 'smtp://user:password@relay.example.gov.uk:587'),
    MAILDEV_SMTP_PORT: port(1025),
    /** Refuse to send unless the relay offers STARTTLS: for a relay on port 587 (smtps:// on 465 is always encrypted). */
    SMTP_REQUIRE_TLS: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true'),
    /** OAuth 2.0 sign-in to the relay (Microsoft 365, Google Workspace): the mailbox sent from, and the app registration's id, secret and token endpoint. */
    SMTP_OAUTH2_USER: z.email({ error: 'must be the mailbox the engine sends as, e.g. democratic.services@council.gov.uk' }).optional(),
    SMTP_OAUTH2_CLIENT_ID: z.string().trim().min(1).optional(),
    SMTP_OAUTH2_CLIENT_SECRET: z.string().trim().min(1).optional(),
    SMTP_OAUTH2_TOKEN_URL: z
      .url({ error: 'must be the token endpoint, e.g. https://login.microsoftonline.com/<tenant id>/oauth2/v2.0/token' })
      .optional(),
    /** A delegated grant's refresh token (Google); without it the app's own client-credentials grant is used (Microsoft 365). */
    SMTP_OAUTH2_REFRESH_TOKEN: z.string().trim().min(1).optional(),
    SMTP_OAUTH2_SCOPE: z.string().trim().min(1).default('https://outlook.office365.com/.default'),
    MAILDEV_WEB_PORT: port(1080),
    MAIL_FROM: z
      .string()
      .regex(/^.*<[^@\s]+@[^@\s]+>$|^[^@\s]+@[^@\s]+$/, {
        error: 'must be an address, optionally with a name, e.g. "Democratic Services <democratic.services@council.gov.uk>"',
      })
      .default(DEMO_MAIL_FROM),

    /** The workflow bundle `npm run build` writes (dist/workflow-bundle.js): a worker given it starts at once instead of bundling. */
    WORKFLOW_BUNDLE_FILE: readableFile('the workflow bundle that `npm run build` writes, dist/workflow-bundle.js'),
    /** The worker's health check (GET /healthz) listens here when set, for an orchestrator's liveness probe. */
    WORKER_HEALTH_PORT: optionalPort,
    /** The Temporal SDK's Prometheus metrics (workflow and activity task latencies, pollers, cache) are served here when set. */
    WORKER_METRICS_PORT: optionalPort,
    APP_HOST: z.string().min(1).default('127.0.0.1'),
    APP_PORT: port(3000),
    PUBLIC_BASE_URL: z.url({ error: 'must be the address members open links at, e.g. https://cpe.council.gov.uk' }).optional(),
    LINK_SIGNING_SECRET: z.string().min(32, LINK_SECRET_HINT).optional(),
    /** Secrets used before the current one, comma-separated: links they signed still open until they expire; new links use the current one. */
    LINK_SIGNING_PREVIOUS_SECRETS: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value.split(',').map((secret) => secret.trim()) : []))
      .refine((secrets) => secrets.every((secret) => secret.length >= 32), {
        error: `each secret ${LINK_SECRET_HINT}, separated by commas`,
      }),
    TRUST_PROXY: trustProxy,
  })
  .superRefine(
    (env, ctx) => {
      if (env.TEMPORAL_PAYLOAD_PREVIOUS_KEYS.length && !env.TEMPORAL_PAYLOAD_KEY) {
        ctx.addIssue({
          code: 'custom',
          path: ['TEMPORAL_PAYLOAD_KEY'],
          message: 'is needed when TEMPORAL_PAYLOAD_PREVIOUS_KEYS is set: previous keys are only read, new payloads need the current key',
        });
      }
      if (env.NODE_ENV === 'production') refuseUnsafeProductionSettings(env, ctx);
      refuseInconsistentTemporalTls(env, ctx);
      refuseIncompleteSmtpOAuth2(env, ctx);
    },
    // Run even when other variables are wrong, so every problem is reported in one go.
    { when: () => true },
  );

/**
 * Settings whose development defaults are harmless on a laptop and harmful in
 * production: links pointing at localhost, mail from the demo council, and a
 * proxy setting that lets any client choose the address rate limits count.
 */
function refuseUnsafeProductionSettings(
  env: { PUBLIC_BASE_URL?: string; MAIL_FROM: string; LINK_SIGNING_SECRET?: string; TRUST_PROXY?: boolean | number | string },
  ctx: z.RefinementCtx,
): void {
  const refuse = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  if (!env.PUBLIC_BASE_URL) {
    refuse('PUBLIC_BASE_URL', 'is required in production: the address members open emailed links at, e.g. https://cpe.council.gov.uk');
  } else if (URL.canParse(env.PUBLIC_BASE_URL) && LOCAL_HOSTS.has(new URL(env.PUBLIC_BASE_URL).hostname)) {
    refuse(
      'PUBLIC_BASE_URL',
      'must be the public address members open emailed links at, e.g. https://cpe.council.gov.uk; a local address would put a link only this machine can open in every email',
    );
  }
  if (env.MAIL_FROM === DEMO_MAIL_FROM) {
    refuse(
      'MAIL_FROM',
      'must be your council\'s sending address in production, e.g. "Democratic Services <democratic.services@council.gov.uk>"; the default is the demo council\'s',
    );
  }
  if (!env.LINK_SIGNING_SECRET) refuse('LINK_SIGNING_SECRET', 'is required in production; generate one with `openssl rand -hex 32`');
  if (env.TRUST_PROXY === undefined || env.TRUST_PROXY === true) {
    refuse(
      'TRUST_PROXY',
      'must name the proxies in front of the app in production: their number (e.g. 1) or addresses (e.g. 10.0.0.0/8), or false with none; believing every hop lets any client set the address that rate limits count',
    );
  }
}

/** A client certificate needs its key and the other way round; TLS switched off cannot carry a certificate or an API key. */
function refuseInconsistentTemporalTls(
  env: { TEMPORAL_TLS?: boolean; TEMPORAL_TLS_CERT_FILE?: string; TEMPORAL_TLS_KEY_FILE?: string } & Record<string, unknown>,
  ctx: z.RefinementCtx,
): void {
  if (Boolean(env.TEMPORAL_TLS_CERT_FILE) !== Boolean(env.TEMPORAL_TLS_KEY_FILE)) {
    const missing = env.TEMPORAL_TLS_CERT_FILE ? 'TEMPORAL_TLS_KEY_FILE' : 'TEMPORAL_TLS_CERT_FILE';
    ctx.addIssue({
      code: 'custom',
      path: [missing],
      message: 'is needed too: a client certificate (mTLS) is given as a certificate and its key',
    });
  }
  const needingTls = TEMPORAL_TLS_SETTINGS.filter((name) => env[name]);
  if (env.TEMPORAL_TLS === false && needingTls.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_TLS'],
      message: `cannot be false while ${needingTls.join(', ')} is set; remove one or the other`,
    });
  }
}

const SMTP_OAUTH2_REQUIRED = ['SMTP_OAUTH2_USER', 'SMTP_OAUTH2_CLIENT_ID', 'SMTP_OAUTH2_CLIENT_SECRET', 'SMTP_OAUTH2_TOKEN_URL'] as const;

/** OAuth 2.0 to the relay needs all four of its settings, and replaces a password in SMTP_URL rather than adding to it. */
function refuseIncompleteSmtpOAuth2(
  env: { SMTP_URL?: string; SMTP_OAUTH2_REFRESH_TOKEN?: string } & Record<string, unknown>,
  ctx: z.RefinementCtx,
): void {
  const given = SMTP_OAUTH2_REQUIRED.filter((name) => env[name]);
  if (!given.length && !env.SMTP_OAUTH2_REFRESH_TOKEN) return;
  for (const name of SMTP_OAUTH2_REQUIRED.filter((name) => !env[name])) {
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message: 'is needed too: OAuth 2.0 sign-in to the relay takes the mailbox, client id, client secret and token endpoint',
    });
  }
  if (env.SMTP_URL && URL.canParse(env.SMTP_URL) && new URL(env.SMTP_URL).password) {
    ctx.addIssue({
      code: 'custom',
      path: ['SMTP_URL'],
      message: 'must not carry a password when SMTP_OAUTH2_* is set; remove user:password@ from it',
    });
  }
}

/** Settings that only make sense over TLS, and so turn it on. */
const TEMPORAL_TLS_SETTINGS = [
  'TEMPORAL_TLS_CA_FILE',
  'TEMPORAL_TLS_CERT_FILE',
  'TEMPORAL_TLS_KEY_FILE',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_API_KEY',
] as const;

export type Environment = z.infer<typeof environmentSchema>;

/** How every process (worker, web app, command line) connects to Temporal: the options of Connection and NativeConnection alike. */
export interface TemporalConnectionOptions {
  address: string;
  /** Absent: plain gRPC, as to the embedded dev server. */
  tls?: TLSConfig;
  apiKey?: string;
}

function temporalConnectionOf(values: Environment, address: string): TemporalConnectionOptions {
  const tlsOn = values.TEMPORAL_TLS ?? TEMPORAL_TLS_SETTINGS.some((name) => values[name]);
  if (!tlsOn) return { address };
  const read = (file: string | undefined) => (file ? fs.readFileSync(file) : undefined);
  const crt = read(values.TEMPORAL_TLS_CERT_FILE);
  const key = read(values.TEMPORAL_TLS_KEY_FILE);
  return {
    address,
    tls: {
      serverNameOverride: values.TEMPORAL_TLS_SERVER_NAME,
      serverRootCACertificate: read(values.TEMPORAL_TLS_CA_FILE),
      clientCertPair: crt && key ? { crt, key } : undefined,
    },
    apiKey: values.TEMPORAL_API_KEY,
  };
}

export interface AppConfig extends Environment {
  /** Absolute path of DATA_DIR. */
  dataDir: string;
  publicBaseUrl: string;
  linkSigningSecret: string;
  databaseUrl: string;
  temporalAddress: string;
  /** TEMPORAL_ADDRESS with its TLS, mTLS and API key settings, for every Temporal connection. */
  temporalConnection: TemporalConnectionOptions;
  smtpUrl: string;
  /** STARTTLS and OAuth 2.0 settings for the relay at smtpUrl. */
  smtp: SmtpOptions;
  /** The keys of workflow payload encryption; absent when TEMPORAL_PAYLOAD_KEY is not set. */
  payloadKeys?: PayloadKeys;
  /** Origins of the Temporal UI allowed to call the codec endpoint. */
  temporalUiOrigins: string[];
  /** Which parts `npm start` runs itself because no URL was given for them. */
  embedded: { postgres: boolean; temporal: boolean; mail: boolean };
}

function smtpOAuth2Of(values: Environment): SmtpOAuth2 | undefined {
  const {
    SMTP_OAUTH2_USER: user,
    SMTP_OAUTH2_CLIENT_ID: clientId,
    SMTP_OAUTH2_CLIENT_SECRET: clientSecret,
    SMTP_OAUTH2_TOKEN_URL: tokenUrl,
  } = values;
  if (!user || !clientId || !clientSecret || !tokenUrl) return undefined;
  return { user, clientId, clientSecret, tokenUrl, refreshToken: values.SMTP_OAUTH2_REFRESH_TOKEN, scope: values.SMTP_OAUTH2_SCOPE };
}

export interface PayloadKeys {
  /** Encrypts new payloads and reads them. */
  current: Buffer;
  /** Only read, for payloads written before the last key change. */
  previous: Buffer[];
}

/** Never echoed in a configuration problem, so a mistyped secret does not end up in a log. */
const SECRET_VARIABLES = new Set([
  'LINK_SIGNING_SECRET',
  'LINK_SIGNING_PREVIOUS_SECRETS',
  'TEMPORAL_PAYLOAD_KEY',
  'TEMPORAL_PAYLOAD_PREVIOUS_KEYS',
  'TEMPORAL_API_KEY',
  'SMTP_OAUTH2_CLIENT_SECRET',
  'SMTP_OAUTH2_REFRESH_TOKEN',
  // May carry a password: user:password@host.
  'SMTP_URL',
  'DATABASE_URL',
]);

/** The database the embedded Postgres serves. */
export const EMBEDDED_DATABASE = 'cpe';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Used only outside production, so a fresh clone starts without setup; production must set its own. */
const DEVELOPMENT_LINK_SECRET = 'development-only-link-secret-change-me-in-production';

/**
 * Parses the environment once. Every problem is reported together, each
 * naming the variable, what is wrong with its value, and how to fix it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        const value = env[name];
        const shown =
          value === undefined
            ? 'it is not set'
            : SECRET_VARIABLES.has(name)
              ? `got a value of ${value.length} characters`
              : `got ${JSON.stringify(value)}`;
        return `${name} ${issue.message} (${shown}).`;
      }),
    );
  }
  const values = parsed.data;
  const temporalAddress = values.TEMPORAL_ADDRESS ?? `127.0.0.1:${values.TEMPORAL_PORT}`;
  return {
    ...values,
    TRUST_PROXY: values.TRUST_PROXY ?? true,
    dataDir: path.resolve(cwd, values.DATA_DIR),
    publicBaseUrl: (values.PUBLIC_BASE_URL ?? `http://localhost:${values.APP_PORT}`).replace(/\/$/, ''),
    linkSigningSecret: values.LINK_SIGNING_SECRET ?? DEVELOPMENT_LINK_SECRET,
    databaseUrl: values.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${values.EMBEDDED_POSTGRES_PORT}/${EMBEDDED_DATABASE}`,
    temporalAddress,
    temporalConnection: temporalConnectionOf(values, temporalAddress),
    smtpUrl: values.SMTP_URL ?? `smtp://127.0.0.1:${values.MAILDEV_SMTP_PORT}`,
    smtp: { requireTls: values.SMTP_REQUIRE_TLS, oauth2: smtpOAuth2Of(values) },
    payloadKeys: values.TEMPORAL_PAYLOAD_KEY
      ? {
          current: Buffer.from(values.TEMPORAL_PAYLOAD_KEY, 'base64'),
          previous: values.TEMPORAL_PAYLOAD_PREVIOUS_KEYS.map((key) => Buffer.from(key, 'base64')),
        }
      : undefined,
    temporalUiOrigins: values.TEMPORAL_UI_URL
      ? [new URL(values.TEMPORAL_UI_URL).origin]
      : values.TEMPORAL_ADDRESS
        ? []
        : [`http://localhost:${values.TEMPORAL_UI_PORT}`, `http://127.0.0.1:${values.TEMPORAL_UI_PORT}`],
    embedded: { postgres: !values.DATABASE_URL, temporal: !values.TEMPORAL_ADDRESS, mail: !values.SMTP_URL },
  };
}
