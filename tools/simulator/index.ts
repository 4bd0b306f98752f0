/**
 * The offline journey simulator: plays scenario calls through the synthesized (or compiled) contact
 * flows with Connect's flow-language semantics and the real Lambda handlers against DynamoDB Local
 * and a loopback KMS server. See docs/simulator.md.
 */
export * from './errors';
export * from './model';
export * from './hours';
export * from './jsonpath';
export * from './flows';
export * from './interpreter';
export * from './handlers';
export * from './world';
export * from './scenario';
export * from './expect';
export * from './transcript';
export * from './runner';
