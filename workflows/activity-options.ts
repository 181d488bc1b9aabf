import type { ActivityOptions } from '@temporalio/workflow';

/**
 * Email activities retry transient failures (relay down, 4xx) without an
 * attempt cap: the outbox makes retries safe, and an SMTP outage must delay
 * reminders, never lose them. A permanently refused address is not an error:
 * the activity returns FAILED and the officers are alerted.
 */
export const emailActivityOptions: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' },
};

/** Database reads and writes: quick, retried briefly, then the workflow sees the error. */
export const dataActivityOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
};
