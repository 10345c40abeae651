export * from './bitstring';
export * from './credential-profile';
export * from './issuer-keys';
export * from './jwk';
export * from './status-lists';
export * from './credential-labels';
