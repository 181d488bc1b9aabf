import type { AppConfig } from '../config/env';

/** The fictional demo council goes only into the embedded local database, and never in production. */
export const seedsDemoCouncil = (config: Pick<AppConfig, 'NODE_ENV' | 'embedded'>): boolean =>
  config.embedded.postgres && config.NODE_ENV !== 'production';
