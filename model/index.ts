export * from './review';
export * from './search';
export * from './taxonomy';
export * from './audit';
export * from './labels';
export * from './field-descriptions';
export * from './dates';
