/**
 * Security headers of the contact page, in one place: CloudFront's response headers policy sends
 * them in production and the browser test's local server sends the same ones, so the page is
 * tested under the policy it is deployed with (no inline script or style, same-origin API only).
 */

/** Content-Security-Policy of the contact page. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

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
