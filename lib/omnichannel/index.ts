/** The omnichannel referential: types, the default referential, validation, the decision function. */
export * from './types';
export * from './messages';
export * from './opening';
export * from './validate';
export * from './decide';
export * from './default-referential';
export * from './reporting';
export * from './page-headers';
export * from './callback-flow';
export * from './ivr';
