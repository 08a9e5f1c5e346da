import type { Settings } from '../validation';
import type { EntityResponse, ErrorResponse } from './common';

/** GET /invoicing/settings */
export declare namespace GetSettings {
  export type Response = EntityResponse<Settings>;
}

/** PUT /invoicing/settings: a partial update; answers the whole settings after the update. */
export declare namespace UpdateSettings {
  export type Request = { body: Partial<Settings> };
  export type Response = EntityResponse<Settings> | ErrorResponse;
}
