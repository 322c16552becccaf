import { errors } from '@strapi/utils';
import type { z } from 'zod';

/** Parses `input`, or throws Strapi's ValidationError: one line per problem, each with its path. */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown
): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    path: issue.path.map(String),
    message: issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  }));
  throw new errors.ValidationError(problems.map((problem) => problem.message).join('; '), {
    errors: problems,
  });
}
