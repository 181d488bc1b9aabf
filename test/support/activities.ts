import { createActivities, type Activities } from '../../activities';
import type { Db } from '../../db/client';
import type { Mailer } from '../../email/mailer';

export const TEST_MAIL_FROM = 'Democratic Services <democratic.services@testshire.example>';
export const TEST_BASE_URL = 'http://cpe.testshire.example';
export const TEST_LINK_SECRET = 'test-link-secret-that-is-long-enough-to-use';

/**
 * The real activities, as worker/main.ts builds them, with the tests' sender,
 * public address and link key; the clock is the wall clock unless given.
 */
export function createTestActivities(options: { db: Db; mailer: Mailer; clock?: () => Date }): Activities {
  return createActivities({
    db: options.db,
    mailer: options.mailer,
    mailFrom: TEST_MAIL_FROM,
    publicBaseUrl: TEST_BASE_URL,
    linkSecret: TEST_LINK_SECRET,
    clock: options.clock ?? (() => new Date()),
  });
}
