export * from './alert.ts';
export * from './analyzed-item.ts';
export * from './dead-letter.ts';
export * from './event.ts';
export * from './ledger.ts';
export * from './ledger-projections.ts';
export * from './raw-item.ts';
export * from './time.ts';
