import type { z } from 'zod';

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

/** The request is valid but clashes with what is already recorded. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/** Parses input with its zod schema, turning every issue into a FieldProblem. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InputError(
    parsed.error.issues.map((issue) => ({ field: issue.path.length ? issue.path.join('.') : '(input)', message: issue.message })),
  );
}
