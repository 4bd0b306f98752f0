/**
 * Security headers of the contact page, in one place: CloudFront's response headers policy sends
 * them in production and the browser test's local server sends the same ones, so the page is
 * tested under the policy it is deployed with (no inline script or style, same-origin API only).
 */

/**
 * Content-Security-Policy of the contact page. `integrationOrigin` is the AWS WAF application
 * integration origin (`https://<id>.<region>.sdk.awswaf.com`) when the stage turns bot control on:
 * its SDK script is loaded from there and fetches its token from there.
 */
export function contentSecurityPolicy(integrationOrigin?: string): string {
  const extra = integrationOrigin ? ` ${integrationOrigin}` : '';
  return [
    "default-src 'none'",
    `script-src 'self'${extra}`,
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${extra}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Content-Security-Policy of the contact page without bot control. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** File name of the page's WAF loader (not in `web/`: the deployment writes it per stage). */
export const WAF_LOADER_FILE = 'waf-integration.js';

/** The page's WAF loader (`waf-integration.js`, deployed beside the page, same origin). */
export function wafIntegrationLoader(integrationUrl?: string): string {
  if (!integrationUrl) return '// No AWS WAF bot control on this stage (waf.callbackChallenge).\n';
  return [
    '// AWS WAF application integration (stage waf.callbackChallenge): loads the web ACL SDK, whose',
    '// AwsWafIntegration.fetch the page uses for callback requests.',
    '(function () {',
    "  var script = document.createElement('script');",
    `  script.src = ${JSON.stringify(integrationUrl)};`,
    '  script.defer = true;',
    '  document.head.appendChild(script);',
    '})();',
    '',
  ].join('\n');
}

/** The origin of a WAF integration URL (for the CSP). */
export function integrationOrigin(integrationUrl: string): string {
  return new URL(integrationUrl).origin;
}

/** HSTS lifetime (two years, the preload list's minimum is one). */
export const HSTS_MAX_AGE_SECONDS = 63072000;

/** Referrer policy: the page's URL never leaks to self-service or chat pages on other origins. */
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/** The headers as a plain map (local server and tests). */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains; preload`,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': REFERRER_POLICY,
};
