import path from 'path';
import * as bundledUtils from '@strapi/utils';
import bundledCreateHttpError from 'http-errors';
import type { ValidationIssue } from '../../../shared/validation';

type StrapiUtils = typeof bundledUtils;
type CreateHttpError = (status: number, message: string) => Error & { status: number; expose: boolean };

/**
 * Strapi's error middleware answers an error in its `{ data, error }` shape only when it is an
 * `instanceof` the error classes of *its own* copy of `@strapi/utils` (and of the `http-errors` that
 * copy uses); anything else becomes a 500. A package manager may give the plugin a copy of its own
 * (pnpm and Yarn PnP do whenever the versions differ), so the plugin throws the host's classes: found
 * from `@strapi/strapi` (a peer dependency, so always the host's) through `@strapi/core`. Only when
 * that lookup fails (never in a Strapi app) does it fall back to its own copy.
 */
function hostModules(): { utils: StrapiUtils; createHttpError: CreateHttpError } {
  try {
    if (typeof require !== 'function') throw new Error('not CommonJS');
    const strapiDir = path.dirname(require.resolve('@strapi/strapi/package.json'));
    const coreDir = path.dirname(require.resolve('@strapi/core/package.json', { paths: [strapiDir] }));
    const utilsPath = require.resolve('@strapi/utils', { paths: [coreDir] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path found at run time
    const utils = require(utilsPath) as StrapiUtils;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path found at run time
    const createHttpError = require(require.resolve('http-errors', { paths: [path.dirname(utilsPath)] })) as CreateHttpError;
    return { utils, createHttpError };
  } catch {
    return { utils: bundledUtils, createHttpError: bundledCreateHttpError as unknown as CreateHttpError };
  }
}

const host = hostModules();

/** The host Strapi's error classes (see `hostModules`). */
export const errors: StrapiUtils['errors'] = host.utils.errors;

/** 400 in Strapi's error shape, with every issue's field path in `details.errors`. */
export const validationError = (message: string, issues: ValidationIssue[]) =>
  new errors.ValidationError(message, { errors: issues });

/**
 * 409: an illegal lifecycle transition or a state conflict. Strapi maps its ApplicationErrors to
 * 400, so a 409 is an http-errors error, which Strapi's error middleware answers in the same shape
 * `{ data: null, error: { status, name, message, details } }`.
 */
export const conflict = (message: string, details: Record<string, unknown> = {}) => {
  const error = host.createHttpError(409, message) as Error & { details?: unknown };
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
