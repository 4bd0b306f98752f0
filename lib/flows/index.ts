/** The flow-language model, builder, compiler, validator, path walker and renderer. */
export * from './model';
export * from './builder';
export * from './fragments';
export * from './compile';
export * from './validate';
export * from './walk';
export * from './render-mermaid';
