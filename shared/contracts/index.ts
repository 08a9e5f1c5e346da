export * from './common';
export * from './settings';
