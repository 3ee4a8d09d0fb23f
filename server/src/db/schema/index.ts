export * from './users';
export * from './sessions';
export * from './taxonomy';
export * from './tools';
export * from './audit';
export * from './runs';
export * from './catalog';
export * from './samples';
