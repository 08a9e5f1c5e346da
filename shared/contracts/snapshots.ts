import type { DeliveryChannel, Language, Seller } from '../validation';

/**
 * What an invoice shows of its seller and debtor, copied when the invoice is generated (DESIGN §16).
 * Later edits of the settings or the debtor never change an invoice's snapshot.
 */

/** The Media Library file of the seller's logo at generation. */
export interface LogoSnapshot {
  id: number;
  name: string;
  url: string;
  mime: string;
}

/** The seller details of the settings, with the logo file resolved. */
export type SellerSnapshot = Omit<Seller, 'logo'> & { logo: LogoSnapshot | null };

/**
 * The debtor details. `reference` and `name` are the invoice's own (from the approved amounts); the
 * address and delivery details come from the debtor record at generation (null when not filled in).
 */
export interface DebtorSnapshot {
  documentId: string;
  reference: string;
  name: string;
  email: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  /** free text country name, when given */
  country: string | null;
  countryCode: string | null;
  vatNumber: string | null;
  /** null: the seller's default language */
  language: Language | null;
  electronicAddress: string | null;
  deliveryChannel: DeliveryChannel;
}
