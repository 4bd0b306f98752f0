/**
 * Imported first by the CLI and the benchmark: keeps the AWS SDK's Node-version notice out of the
 * transcript (the simulator talks to loopback stand-ins only, with dummy credentials).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.AWS_REGION ??= 'eu-west-2';
process.env.AWS_ACCESS_KEY_ID ??= 'AKIDLOCALTEST';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local-test-secret';

export {};
