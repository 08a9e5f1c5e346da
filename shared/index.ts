/** Pure domain core shared by the server and the admin panel (no Strapi, no Node-only APIs). */
export * from './dates';
export * from './periods';
export * from './money';
export * from './lifecycle';
export * from './jobs';
export * from './naming';
export * from './validation';
export * from './permissions';
export * from './csv';
export * from './totals';
export * from './vat-breakdown';
export * from './document-texts';
export * from './countries';
export * from './identifiers';
export * from './credit-notes';
