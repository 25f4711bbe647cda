import type { z } from 'zod';

/**
 * A JSON column whose text does not hold what its schema says. It is not an `AppError`: the
 * request is answered with the generic 500 and the log names the column, never its content.
 */
export class JsonColumnError extends Error {
  override name = 'JsonColumnError';
  constructor(
    readonly column: string,
    problem: string,
  ) {
    super(`${column} holds data that does not match its schema: ${problem}`);
  }
}

/**
 * Parses a JSON text column with the zod schema of what it holds, as the row leaves a repository,
 * instead of trusting `JSON.parse(text) as T`. `what` names the column in the error, e.g.
 * `grants.flags`. The issue paths and messages are kept; the stored values are not.
 *
 * @example const flags = parseJsonColumn(zFlagSchema.array(), row.flags, 'grants.flags');
 */
export function parseJsonColumn<S extends z.ZodType>(schema: S, text: string, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JsonColumnError(what, 'not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`);
    throw new JsonColumnError(what, issues.join('; '));
  }
  return parsed.data;
}
