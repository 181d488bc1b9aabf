import type { IncomingMessage } from 'node:http';

import pino from 'pino';

import type { AppConfig } from './env';

/**
 * Member links carry their signed token as the path's second segment (/a/, /h/, /m/, /p/, /r/, /t/); set-password links in
 * `token=`; the identity provider's answer at sign-in its authorization code in `code=`.
 */
const LINK_TOKEN_IN_PATH = /^\/([ahmprt])\/[^/?#]+/;
const TOKEN_IN_QUERY = /([?&](?:token|code)=)[^&#]*/g;

/** A request's URL as logs may show it: what was asked for, without the secret that grants it. */
export const withoutLinkTokens = (url: string): string =>
  url.replace(LINK_TOKEN_IN_PATH, '/$1/[token]').replace(TOKEN_IN_QUERY, '$1[token]');

/**
 * Structured logs (JSON lines) tagged with the process they come from. A
 * request is logged by method, URL without link tokens and client address:
 * never its headers (cookies, API tokens) or body (passwords).
 */
export function createLogger(config: Pick<AppConfig, 'LOG_LEVEL'>, processName: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { process: processName },
      serializers: {
        req: (request: IncomingMessage & { ip?: string }) => ({
          method: request.method,
          url: withoutLinkTokens(request.url ?? ''),
          remoteAddress: request.ip ?? request.socket?.remoteAddress,
        }),
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;
