import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';

import type { Db } from '../db/client';

/**
 * A rate-limit store in Postgres, so a limit holds however many web
 * instances share the load: an address that spreads its sign-in attempts
 * over two instances gets no more than one instance would allow. As the
 * plugin's own in-memory store does, a key's window starts at its first
 * request; one row per key, incremented atomically.
 */
export function postgresRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow?: number): void {
      const now = new Date();
      countHit(db, key, now, new Date(now.getTime() + (timeWindow ?? 60_000))).then(
        ({ hits, expiresAt }) => callback(null, { current: hits, ttl: expiresAt.getTime() - now.getTime() }),
        (error: Error) => callback(error),
      );
    }

    /** Every limit shares the one table; their keys carry the limit's name. */
    child(): FastifyRateLimitStore {
      return this;
    }
  };
}

async function countHit(db: Db, key: string, now: Date, windowEnd: Date): Promise<{ hits: number; expiresAt: Date }> {
  const [row] = await db.$queryRaw<Array<{ hits: number; expiresAt: Date }>>`
    INSERT INTO "RateLimitHit" ("key", "hits", "expiresAt") VALUES (${key}, 1, ${windowEnd})
    ON CONFLICT ("key") DO UPDATE SET
      "hits" = CASE WHEN "RateLimitHit"."expiresAt" <= ${now} THEN 1 ELSE "RateLimitHit"."hits" + 1 END,
      "expiresAt" = CASE WHEN "RateLimitHit"."expiresAt" <= ${now} THEN ${windowEnd} ELSE "RateLimitHit"."expiresAt" END
    RETURNING "hits", "expiresAt"`;
  // A new window's first request clears the counts whose windows have ended, so the table holds only live ones.
  if (row!.hits === 1) await db.$executeRaw`DELETE FROM "RateLimitHit" WHERE "expiresAt" <= ${now}`;
  return row!;
}
