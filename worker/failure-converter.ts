import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Loaded by path into the workflow sandbox and by clients when payloads are
 * encrypted: error messages and stack traces travel as a payload, so the
 * codec encrypts them too.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
