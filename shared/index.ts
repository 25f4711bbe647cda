export * from './errors.js';
export * from './grants.js';
export * from './reason.js';
export * from './settings.js';
export * from './time.js';
export * from './reviews.js';
export * from './gateway.js';
export * from './boot.js';
