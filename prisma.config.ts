import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

// Offline setup (see README, "Why these parts"): the JavaScript schema engine
// talks to Postgres through the pg driver adapter, so no native engine is downloaded.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error('DATABASE_URL is not set. Run migrations through `npm start` or set DATABASE_URL.');
    }
    // allowExitOnIdle: the CLI exits as soon as it is done instead of waiting out the pool idle timeout (10 s).
    return new PrismaPg({ connectionString, allowExitOnIdle: true });
  },
});
