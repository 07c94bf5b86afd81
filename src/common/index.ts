// The ground floor's public face: bytes, cells and their order, limits, errors, config, logging,
// clock and randomness. Every role imports these from here.
export * from './assert.js';
export * from './bytes.js';
export * from './cell.js';
export * from './cell-comparator.js';
export * from './clock.js';
export * from './config.js';
export * from './errors.js';
export * from './limits.js';
export * from './log.js';
export * from './rng.js';
