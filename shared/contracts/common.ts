/**
 * Request/response contracts of the admin HTTP API (DESIGN section 11), imported by the server's
 * controllers and the admin panel alike.
 */
export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface ErrorDetailsIssue {
  path: string[];
  message: string;
  name: string;
}

export interface ApiError {
  status: number;
  name: string;
  message: string;
  details?: { errors?: ErrorDetailsIssue[] } & Record<string, unknown>;
}

export interface ErrorResponse {
  data: null;
  error: ApiError;
}

export interface ListResponse<T, M = undefined> {
  results: T[];
  pagination: Pagination;
  meta?: M;
}

export interface EntityResponse<T> {
  data: T;
}
