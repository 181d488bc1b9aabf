import { z } from 'zod';

import { Prisma } from '../prisma/generated/client';

export interface FieldProblem {
  /** The field as the person wrote it: "email", "rows[3].email", "row 4, email". */
  field: string;
  message: string;
}

/** Input a person gave was wrong. Every problem names its field and what to do. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly problems: FieldProblem[],
    summary = 'The input has problems',
  ) {
    super(`${summary}:\n${problems.map((problem) => `  - ${problem.field}: ${problem.message}`).join('\n')}`);
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(what: string, id: string) {
    super(`No ${what} with id or key "${id}" in this council.`);
  }
}

/** An id that is not a UUID names no record: the same answer as another council's record. */
export function requireRecordId(what: string, id: string): void {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError(what, id);
}

/** The request is valid but clashes with what is already recorded; `details` tell a script what clashed. */
export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/**
 * The service error a database error stands for, or the error itself. A
 * unique key taken between a service's check and its write (two requests at
 * once, as from a double click) is the clash the check would have reported.
 */
export function serviceErrorOf(error: Error): Error {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    return new ConflictError(
      'Another request recorded the same thing at the same moment; look at what is recorded now before trying again.',
    );
  }
  return error;
}

/** Half of a UTF-16 surrogate pair on its own: JSON can carry one, but it is no character and cannot be stored. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why Postgres could not store this text, or null: it refuses NUL, and text that is not valid Unicode. */
function unstorable(text: string): string | null {
  const nul = text.indexOf('\u0000');
  const at = nul === -1 ? (LONE_SURROGATE.exec(text)?.index ?? -1) : nul;
  if (at === -1) return null;
  // In a file or a long text the line helps find it.
  const where = text.includes('\n') ? ` (line ${text.slice(0, at).split('\n').length})` : '';
  return nul === -1
    ? `contains a broken character${where} (an unpaired UTF-16 surrogate); retype it`
    : `must not contain the control character NUL${where}; remove it`;
}

/**
 * A problem for every string in `input` (however deeply nested) that cannot
 * be stored, named by its path: "memberReferences.0". Checked before any
 * schema, so such text is refused wherever it was headed, even to a lookup.
 */
function unstorableText(input: unknown, path: ReadonlyArray<string | number> = []): FieldProblem[] {
  if (typeof input === 'string') {
    const message = unstorable(input);
    return message ? [{ field: path.length ? path.join('.') : '(input)', message }] : [];
  }
  // Uploaded files arrive as bytes, which are not text.
  if (input === null || typeof input !== 'object' || ArrayBuffer.isView(input)) return [];
  return Object.entries(input).flatMap(([key, value]) => unstorableText(value, [...path, key]));
}

/** Refuses every piece of text in these inputs that cannot be stored, naming each by its path. */
export function refuseUnstorableText(...inputs: unknown[]): void {
  const problems = inputs.flatMap((input) => unstorableText(input));
  if (problems.length) throw new InputError(problems);
}

/** Parses input with its zod schema, turning every issue (and any text that cannot be stored) into a FieldProblem. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const textProblems = unstorableText(input);
  const parsed = schema.safeParse(input);
  if (parsed.success && !textProblems.length) return parsed.data;
  const named = new Set(textProblems.map((problem) => problem.field));
  const schemaProblems = (parsed.error?.issues ?? [])
    .map((issue) => ({ field: issue.path.length ? issue.path.join('.') : '(input)', message: issue.message }))
    .filter((problem) => !named.has(problem.field));
  throw new InputError([...textProblems, ...schemaProblems]);
}
