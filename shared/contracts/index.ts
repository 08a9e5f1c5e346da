export * from './common';
export * from './settings';
export * from './runs';
export * from './schedules';
export * from './contracts-import';
export * from './documents';
export * from './snapshots';
export * from './credit-notes';
