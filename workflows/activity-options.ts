import type { ActivityOptions } from '@temporalio/workflow';

/**
 * Email activities retry transient failures (relay down, 4xx) without an
 * attempt cap: the outbox makes retries safe, and an SMTP outage must delay
 * reminders, never lose them. A permanently refused address is not an error:
 * the activity returns FAILED and the officers are alerted. The worker
 * heartbeats them while they run (worker/activity-heartbeats.ts), so those
 * of a worker that died are retried elsewhere 10 seconds later.
 */
export const emailActivityOptions: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' },
};

/** Database reads and writes: quick, retried briefly, then the workflow sees the error. */
export const dataActivityOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
};
