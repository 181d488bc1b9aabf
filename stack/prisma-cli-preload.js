// Preloaded into the Prisma CLI by stack/migrate.ts. Prisma 6.19's JavaScript
// schema engine leaves a 10-second timer running after `migrate deploy` has
// finished, which keeps the CLI alive for 10 s on every start and test run.
// Long timers are unref'd so the CLI exits when its work is done; pending
// database I/O still keeps it alive.
'use strict';
const originalSetTimeout = global.setTimeout;
global.setTimeout = function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = originalSetTimeout(callback, ms, ...args);
  if (typeof ms === 'number' && ms >= 5000) timer.unref();
  return timer;
};
