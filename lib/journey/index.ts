/** The journey map: types, the default map, validation and hours helpers. */
export * from './types';
export * from './default-map';
export * from './validate';
export * from './hours';
export * from './queues';
export * from './environment';
