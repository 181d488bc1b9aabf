import type { Db } from '../../db/client';
import { instantAt } from '../../domain/calendar';
import { DEMO_COUNCIL_SLUG, DEMO_OFFICER_PASSWORD, seedDemoCouncil } from '../../seeds/demo-council';
import type { Actor, ServiceDependencies } from '../../services/context';
import { startTestEngine, type DevServerEngine } from './engine';
import { createOtherCouncilOfficer } from './fixtures';
import { signedInOfficer, type OfficerBrowser } from './officer-browser';
import { startTestServices, type TestServices } from './services';
import { serveTestWebApp, type TestWebApp } from './web-app';

/** The day the demo council is seeded for, Monday 23 November 2026, at nine in the morning. */
export const demoDayClock = () => instantAt('2026-11-23', '09:00');

/** The demo council (Northmere) on its day, its officer pages served, and an officer of another council. */
export interface DemoCouncil {
  db: Db;
  deps: ServiceDependencies;
  web: TestWebApp;
  /** Northmere's id. */
  id: string;
  /** An officer of Otherton Borough Council, to show Northmere's pages keep to Northmere. */
  other: Awaited<ReturnType<typeof createOtherCouncilOfficer>>;
  /** A browser signed in as an officer, of Northmere with the demo password unless told. */
  signedIn(email: string, council?: string, password?: string): Promise<OfficerBrowser>;
  /** Ravi Chandran, an officer of Northmere. */
  officer(): Promise<OfficerBrowser>;
  /** Sam Okoro, a read-only officer of Northmere. */
  readOnly(): Promise<OfficerBrowser>;
  /** Olu Other, the other council's officer. */
  otherOfficer(): Promise<OfficerBrowser>;
}

interface DemoOptions {
  /** The other council's officer's role: an officer unless told. */
  otherRole?: Actor['role'];
}

interface Stack {
  db: Db;
  deps: ServiceDependencies;
  close(): Promise<void>;
}

/**
 * For the tests of a file: before them, the stack `start` starts with the demo council seeded on its day
 * (with its demo sign-ins), the officer web app on it and the other council's officer; after them, the
 * web app closed, `beforeClose` run, then the stack closed. What it returns is filled in before the first
 * test runs, so read it in tests and hooks, not when the file loads.
 */
function useDemoCouncilOn<Started extends Stack>(
  start: () => Promise<Started>,
  options: DemoOptions & { beforeClose?: (demo: DemoCouncil & Started) => Promise<void> },
): DemoCouncil & Started {
  const demo = {
    signedIn: (email: string, council = DEMO_COUNCIL_SLUG, password = DEMO_OFFICER_PASSWORD) =>
      signedInOfficer(demo.web.baseUrl, { council, email, password }),
    officer: () => demo.signedIn('ravi.chandran@northmere.example'),
    readOnly: () => demo.signedIn('sam.okoro@northmere.example'),
    otherOfficer: () => demo.signedIn(demo.other.email, demo.other.slug, demo.other.password),
  } as DemoCouncil & Started;
  beforeAll(async () => {
    const started = await start();
    Object.assign(demo, started);
    const { councilId } = await seedDemoCouncil(started.db, { today: '2026-11-23', includeDemoCredentials: true });
    demo.id = councilId;
    demo.web = await serveTestWebApp(started.deps);
    demo.other = await createOtherCouncilOfficer(started.db, options.otherRole);
  });
  afterAll(async () => {
    await demo.web?.close();
    if (demo.db) await options.beforeClose?.(demo);
    await demo.close?.();
  });
  return demo;
}

/** The demo council (useDemoCouncilOn) on the services alone, with a task queue no worker polls: for what the pages check, store and start. */
export const useDemoCouncil = (options: DemoOptions & { taskQueue: string }): DemoCouncil & TestServices =>
  useDemoCouncilOn(() => startTestServices({ taskQueue: options.taskQueue, clock: demoDayClock }), options);

/** The demo council (useDemoCouncilOn) on the whole engine, whose worker runs what the pages start. */
export const useDemoCouncilEngine = (
  options: DemoOptions & { beforeClose?: (demo: DemoCouncil & { engine: DevServerEngine }) => Promise<void> } = {},
): DemoCouncil & { engine: DevServerEngine } & Stack =>
  useDemoCouncilOn(async () => {
    const engine = await startTestEngine({ clock: demoDayClock });
    return { engine, db: engine.db, deps: engine.services(), close: () => engine.close() };
  }, options);
