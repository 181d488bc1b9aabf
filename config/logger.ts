import pino from 'pino';

import type { AppConfig } from './env';

/** Structured logs (JSON lines) tagged with the process they come from. */
export function createLogger(config: Pick<AppConfig, 'LOG_LEVEL'>, processName: string) {
  return pino({ level: config.LOG_LEVEL, base: { process: processName } });
}

export type Logger = ReturnType<typeof createLogger>;
