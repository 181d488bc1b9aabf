import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/**
 * Heartbeats, while it runs, every activity whose options ask for heartbeats
 * (a heartbeatTimeout), at a third of that timeout. When a worker dies, its
 * activities then time out after the heartbeat timeout and are retried on
 * another worker within seconds, instead of after their whole start-to-close
 * timeout.
 */
export const heartbeatWhileRunning: ActivityInterceptorsFactory = (context) => ({
  inbound: {
    async execute(input, next) {
      const timeoutMs = context.info.heartbeatTimeoutMs;
      if (!timeoutMs) return next(input);
      const beat = setInterval(() => context.heartbeat(), timeoutMs / 3);
      try {
        return await next(input);
      } finally {
        clearInterval(beat);
      }
    },
  },
});
