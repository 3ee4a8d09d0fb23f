export * from './values';
export * from './errors';
export * from './identity';
export * from './governance';
export * from './catalog';
export * from './runs';
export * from './ui-payload';
export * from './ops';
