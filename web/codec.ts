import { ValueError, type PayloadCodec } from '@temporalio/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import type { Actor, ServiceDependencies } from '../services/context';
import { InputError, parseInput, type FieldProblem } from '../services/errors';
import { sessionForToken } from '../services/officer-auth';
import { actorForApiToken } from '../services/officers';
import { payloadFromJson, payloadToJson } from '../worker/payload-codec';
import { SESSION_COOKIE } from './officer/session';

export interface CodecEndpointOptions {
  codec: PayloadCodec;
  /** Origins of the Temporal UI, whose pages call this endpoint from the browser. */
  allowedOrigins: string[];
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'must be base64, as Temporal sends it' });

/** Temporal's remote codec protocol: {"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}, answered in kind. */
const codecRequest = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), base64).nullish(), data: base64.nullish() }), {
      error: 'must be a list of payloads, e.g. {"payloads":[{"metadata":{"encoding":"YmluYXJ5L2VuY3J5cHRlZA=="},"data":"…"}]}',
    })
    .max(10_000, 'send at most 10,000 payloads at a time'),
});

/** The officer behind an API token (the Temporal CLI's --codec-auth) or a signed-in session (the UI, sending credentials). */
async function officerOf(request: FastifyRequest, deps: ServiceDependencies): Promise<Actor | null> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (token) return actorForApiToken(deps.db, token);
  const sessionToken = request.cookies[SESSION_COOKIE];
  return sessionToken ? ((await sessionForToken(deps.db, sessionToken, deps.clock()))?.actor ?? null) : null;
}

/** Lets the Temporal UI's pages read the answers, sending the officer's cookie; other sites get no CORS headers. */
function allowTemporalUi(request: FastifyRequest, reply: FastifyReply, allowedOrigins: string[]): void {
  reply.header('Vary', 'Origin');
  const origin = request.headers.origin;
  if (!origin || !allowedOrigins.includes(origin)) return;
  reply.header('Access-Control-Allow-Origin', origin).header('Access-Control-Allow-Credentials', 'true');
  if (request.method === 'OPTIONS') {
    reply
      .header('Access-Control-Allow-Methods', 'POST')
      .header('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization')
      .header('Access-Control-Max-Age', '600');
  }
}

/**
 * The codec endpoint, so the Temporal UI and CLI can show encrypted payloads
 * (POST /codec/decode) and encrypt what an operator types (POST /codec/encode).
 * Admin officers only: payloads of every council share the Temporal namespace.
 */
export async function codecRoutes(app: FastifyInstance, deps: ServiceDependencies, options: CodecEndpointOptions): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    allowTemporalUi(request, reply, options.allowedOrigins);
    // Browsers ask first without credentials; the answer above says what they may then send.
    if (request.method === 'OPTIONS') return;
    const actor = await officerOf(request, deps);
    if (!actor) {
      return reply
        .status(401)
        .header('WWW-Authenticate', 'Bearer')
        .send({
          error: {
            message:
              'Sign in as an admin officer and let the Temporal UI send credentials ("Include cross-origin credentials" in its codec settings), ' +
              'or send an admin officer\'s API token as "Authorization: Bearer <token>".',
          },
        });
    }
    if (actor.role !== 'ADMIN') {
      return reply.status(403).send({ error: { message: 'Only admin officers may read or write workflow payloads; ask an admin.' } });
    }
  });

  for (const operation of ['decode', 'encode'] as const) {
    app.options(`/codec/${operation}`, async (_request, reply) => reply.status(204).send());
    app.post(`/codec/${operation}`, async (request) => {
      const { payloads } = parseInput(codecRequest, request.body);
      const problems: FieldProblem[] = [];
      const results = await Promise.all(
        payloads.map(async (payload, index) => {
          try {
            const [result] = await options.codec[operation]([payloadFromJson(payload)]);
            return payloadToJson(result!);
          } catch (error) {
            if (!(error instanceof ValueError)) throw error;
            problems.push({ field: `payloads.${index}`, message: error.message });
            return null;
          }
        }),
      );
      if (problems.length) throw new InputError(problems, `Some payloads could not be ${operation}d`);
      return { payloads: results };
    });
  }
}
