export * from './define-secure-sum';
export * from './round';
export * from './shares';
export * from './labels';
