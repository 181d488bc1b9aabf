import type { TestWorkflowEnvironment } from '@temporalio/testing';

import { instantAt, localDateOf, type IsoDate } from '../../domain/calendar';

/** The time-skipping test server's clock, which moves only when told to. */
export interface ServerClock {
  /** Today in London on the server's clock. */
  today(): Promise<IsoDate>;
  /**
   * Moves the server's clock to an instant, or to a day at `time` (London
   * time), running every timer on the way, then one minute on, so that the
   * work due at that instant has finished when it returns: the server does
   * not move its clock while a workflow task or an activity is outstanding.
   * An instant already past moves the clock that minute only.
   */
  skipTo(to: Date | IsoDate, time?: string): Promise<void>;
}

export function serverClock(env: TestWorkflowEnvironment): ServerClock {
  return {
    today: async () => localDateOf(new Date(await env.currentTimeMs())),
    async skipTo(to, time = '10:00') {
      const instant = to instanceof Date ? to : instantAt(to, time);
      const wait = instant.getTime() - (await env.currentTimeMs());
      if (wait > 0) await env.sleep(wait);
      await env.sleep('1 minute');
    },
  };
}
