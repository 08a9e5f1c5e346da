import type { SellerInput, Settings } from '../validation';
import type { EntityResponse, ErrorResponse } from './common';

/** GET /invoicing/settings: every setting, the seller object whole. */
export declare namespace GetSettings {
  export type Response = EntityResponse<Settings>;
}

/**
 * PUT /invoicing/settings: a partial update (a setting left out keeps its stored value); `seller`, when
 * given, is the whole seller object (a field left out of it is emptied). Answers the whole settings.
 */
export declare namespace UpdateSettings {
  export type Request = { body: Partial<Omit<Settings, 'seller'>> & { seller?: SellerInput } };
  export type Response = EntityResponse<Settings> | ErrorResponse;
}
