/**
 * Drop-in for `@aws-sdk/credential-provider-node` inside Lambda bundles (wired by the esbuild alias
 * in `lambda/build-options.ts`). The Lambda runtime always provides the execution role's
 * credentials in `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, so the default
 * chain's SSO/INI/STS/IMDS providers (and the nested STS/SSO clients they bundle, ~130 KB minified)
 * are dead weight. Tests and tools import the real SDK and keep the full chain.
 */

/** Credentials as the SDK expects them. */
export interface EnvCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Error thrown when the environment holds no credentials (outside Lambda). */
export class LambdaCredentialsError extends Error {
  /** Lets the SDK try another provider if it chains this one. */
  readonly tryNextLink = false;
  constructor() {
    super(
      'no credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (bundled handlers read only the environment)',
    );
    this.name = 'CredentialsProviderError';
  }
}

/** Same signature as the SDK's `defaultProvider`: returns a provider reading the environment. */
export function defaultProvider(_init?: unknown): () => Promise<EnvCredentials> {
  return async () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) throw new LambdaCredentialsError();
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
  };
}
