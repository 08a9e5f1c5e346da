import createHttpError from 'http-errors';
import { errors } from '@strapi/utils';
import type { ValidationIssue } from '../../../shared/validation';

/** 400 in Strapi's error shape, with every issue's field path in `details.errors`. */
export const validationError = (message: string, issues: ValidationIssue[]) =>
  new errors.ValidationError(message, { errors: issues });

/**
 * 409: an illegal lifecycle transition or a state conflict. Strapi maps its ApplicationErrors to
 * 400, so a 409 is an http-errors error, which Strapi's error middleware answers in the same shape
 * `{ data: null, error: { status, name, message, details } }`.
 */
export const conflict = (message: string, details: Record<string, unknown> = {}) => {
  const error = createHttpError(409, message) as createHttpError.HttpError & { details?: unknown };
  error.name = 'ConflictError';
  error.details = details;
  return error;
};

/**
 * Whether a documentId taken from a URL can name a row at all: one with a NUL character cannot be
 * stored, and PostgreSQL refuses to compare text with it (which would be a 500 instead of a 404).
 */
export const isStorableId = (id: string): boolean => !id.includes('\u0000');

/** 404 naming the entity; an id longer than 60 characters is shortened (it is echoed to the client). */
export const notFound = (what: string, id: string) =>
  new errors.NotFoundError(`${what} "${id.length > 60 ? `${id.slice(0, 57)}...` : id}" does not exist.`);
