/**
 * One place that turns validation issues into form field errors, for every form of the panel: the
 * issues of a client-side check with the shared schemas, and a server's 400 `details.errors` (both
 * carry Strapi's `[{ path, message }]`). A field's key is its body path joined with dots, e.g.
 * `template.dueDate` or `seller.iban`; issues on paths the form does not show are left out.
 */

export type FieldErrors<P extends string> = Partial<Record<P, string>>;

interface Issue {
  path?: unknown;
  message?: unknown;
}

/**
 * The first message per known field path. `translate` may replace the (English) message of a
 * client-side check by a translated one.
 */
export function issuesToFieldErrors<P extends string>(
  issues: readonly Issue[],
  isPath: (path: string) => path is P,
  translate?: (path: P, message: string) => string,
): FieldErrors<P> {
  const errors: FieldErrors<P> = {};
  for (const issue of issues) {
    if (!Array.isArray(issue.path) || typeof issue.message !== 'string') continue;
    const path = issue.path.map(String).join('.');
    if (isPath(path) && errors[path] === undefined) errors[path] = translate ? translate(path, issue.message) : issue.message;
  }
  return errors;
}

/**
 * An RTK Query error of Strapi's `adminApi` (`{ name, message, details }`) → the messages of its 400
 * (or 404) per field; empty when the error carries no field paths.
 */
export function serverFieldErrors<P extends string>(error: unknown, isPath: (path: string) => path is P): FieldErrors<P> {
  if (typeof error !== 'object' || error === null) return {};
  const details = (error as { details?: unknown }).details;
  if (typeof details !== 'object' || details === null) return {};
  const issues = (details as { errors?: unknown }).errors;
  return Array.isArray(issues) ? issuesToFieldErrors(issues as Issue[], isPath) : {};
}

/** A type guard for the paths of one form. */
export const pathGuard =
  <P extends string>(paths: readonly P[]) =>
  (path: string): path is P =>
    (paths as readonly string[]).includes(path);
