import path from 'node:path';
import { z } from 'zod';

/** A TCP port; the message says which variable to change when it is wrong. */
const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number between 1 and 65535' })
    .int('must be a whole number between 1 and 65535')
    .min(1, 'must be a whole number between 1 and 65535')
    .max(65535, 'must be a whole number between 1 and 65535')
    .default(fallback);

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
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('corporate-parenting'),
    TEMPORAL_PORT: port(7233),
    TEMPORAL_UI_PORT: port(8233),
    TEMPORAL_CLI_PATH: z.string().optional(),
    TEMPORAL_TEST_SERVER_PATH: z.string().optional(),

    SMTP_URL: optionalUrl(['smtp', 'smtps'], 'smtp://user:password@relay.example.gov.uk:587'),
    MAILDEV_SMTP_PORT: port(1025),
    MAILDEV_WEB_PORT: port(1080),
    MAIL_FROM: z
      .string()
      .regex(/^.*<[^@\s]+@[^@\s]+>$|^[^@\s]+@[^@\s]+$/, {
        error: 'must be an address, optionally with a name, e.g. "Democratic Services <democratic.services@council.gov.uk>"',
      })
      .default('Corporate Parenting Engine <corporate-parenting@northmere.example>'),

    APP_HOST: z.string().min(1).default('127.0.0.1'),
    APP_PORT: port(3000),
    PUBLIC_BASE_URL: z.url({ error: 'must be the address members open links at, e.g. https://cpe.council.gov.uk' }).optional(),
    LINK_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters; generate one with `openssl rand -hex 32`').optional(),
  })
  .superRefine(
    (env, ctx) => {
      if (env.NODE_ENV === 'production' && !env.LINK_SIGNING_SECRET) {
        ctx.addIssue({
          code: 'custom',
          path: ['LINK_SIGNING_SECRET'],
          message: 'is required in production; generate one with `openssl rand -hex 32`',
        });
      }
    },
    // Run even when other variables are wrong, so every problem is reported in one go.
    { when: () => true },
  );

export type Environment = z.infer<typeof environmentSchema>;

export interface AppConfig extends Environment {
  /** Absolute path of DATA_DIR. */
  dataDir: string;
  publicBaseUrl: string;
  linkSigningSecret: string;
  databaseUrl: string;
  temporalAddress: string;
  smtpUrl: string;
  /** Which parts `npm start` runs itself because no URL was given for them. */
  embedded: { postgres: boolean; temporal: boolean; mail: boolean };
}

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
        const name = issue.path.join('.');
        const value = env[name];
        const shown = value === undefined ? 'it is not set' : `got ${JSON.stringify(value)}`;
        return `${name} ${issue.message} (${shown}).`;
      }),
    );
  }
  const values = parsed.data;
  return {
    ...values,
    dataDir: path.resolve(cwd, values.DATA_DIR),
    publicBaseUrl: (values.PUBLIC_BASE_URL ?? `http://localhost:${values.APP_PORT}`).replace(/\/$/, ''),
    linkSigningSecret: values.LINK_SIGNING_SECRET ?? DEVELOPMENT_LINK_SECRET,
    databaseUrl: values.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${values.EMBEDDED_POSTGRES_PORT}/${EMBEDDED_DATABASE}`,
    temporalAddress: values.TEMPORAL_ADDRESS ?? `127.0.0.1:${values.TEMPORAL_PORT}`,
    smtpUrl: values.SMTP_URL ?? `smtp://127.0.0.1:${values.MAILDEV_SMTP_PORT}`,
    embedded: { postgres: !values.DATABASE_URL, temporal: !values.TEMPORAL_ADDRESS, mail: !values.SMTP_URL },
  };
}
