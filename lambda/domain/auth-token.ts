/**
 * The short-lived auth token a successful OTP or PIN check returns and the flow passes on to the
 * functions that disclose data. Format: `base64url(payload JSON) + '.' + base64url(MAC)` with the MAC
 * over `MAC_MESSAGE.token(payloadPart)` from the KMS HMAC key. Functions verify it themselves, so
 * a miswired flow cannot skip authentication.
 */
import * as z from 'zod/mini';
import { MAC_MESSAGE, SECURITY } from '../../lib/integrations/contracts';
import type { AuthClaims, AuthLevel, MacPort } from './ports';

/** Clock skew tolerated between the instance that minted a token and the one checking it (s). */
export const TOKEN_CLOCK_SKEW_SECONDS = 30;

/** Longest token accepted (a payload of the longest ids plus a 32-byte MAC fits well below). */
export const MAX_AUTH_TOKEN_LENGTH = 1024;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const payloadSchema = z.strictObject({
  v: z.literal(1),
  c: z.string().check(z.minLength(1), z.maxLength(128)),
  u: z.string().check(z.minLength(1), z.maxLength(128)),
  l: z.enum(['OTP', 'PIN']),
  a: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  e: z.number().check(z.int(), z.positive()),
});

/** What a caller of {@link verifyAuthToken} requires of the token. */
export interface TokenRequirement {
  /** The event's ContactId and InitialContactId: the token's contact must be one of them. */
  readonly contactIds: readonly string[];
  /** Levels accepted. */
  readonly levels: readonly AuthLevel[];
  /** Epoch ms now. */
  readonly now: number;
}

/** Mints a token for the claims (expiry is `SECURITY.authTokenLifetimeSeconds` from `now`). */
export async function issueAuthToken(
  mac: MacPort,
  claims: Omit<AuthClaims, 'expiresAt'>,
  now: number,
): Promise<string> {
  const payload: z.infer<typeof payloadSchema> = {
    v: 1,
    c: claims.contactId,
    u: claims.customerId,
    l: claims.level,
    ...(claims.accountNumber === undefined ? {} : { a: claims.accountNumber }),
    e: Math.floor(now / 1000) + SECURITY.authTokenLifetimeSeconds,
  };
  const payloadPart = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const tag = await mac.generate(MAC_MESSAGE.token(payloadPart));
  return `${payloadPart}.${Buffer.from(tag).toString('base64url')}`;
}

/**
 * Verifies a token: shape, expiry, contact and level are checked on the (as yet unauthenticated)
 * payload first so garbage costs no KMS call, then the MAC. Returns the claims or undefined.
 */
export async function verifyAuthToken(
  mac: MacPort,
  token: string,
  requirement: TokenRequirement,
): Promise<AuthClaims | undefined> {
  if (token.length === 0 || token.length > MAX_AUTH_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 2) return undefined;
  const [payloadPart, macPart] = parts as [string, string];
  if (!BASE64URL.test(payloadPart) || !BASE64URL.test(macPart)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = payloadSchema.safeParse(decoded);
  if (!parsed.success) return undefined;
  const payload = parsed.data;
  const nowSeconds = Math.floor(requirement.now / 1000);
  // Expired, or implausibly far in the future (only a forged payload could be; its MAC fails anyway).
  if (payload.e <= nowSeconds) return undefined;
  if (payload.e > nowSeconds + SECURITY.authTokenLifetimeSeconds + TOKEN_CLOCK_SKEW_SECONDS) return undefined;
  if (!requirement.contactIds.includes(payload.c)) return undefined;
  if (!requirement.levels.includes(payload.l)) return undefined;
  if ((payload.l === 'PIN') !== (payload.a !== undefined)) return undefined;
  const tag = Buffer.from(macPart, 'base64url');
  if (tag.length !== 32) return undefined;
  if (!(await mac.verify(MAC_MESSAGE.token(payloadPart), tag))) return undefined;
  return {
    contactId: payload.c,
    customerId: payload.u,
    level: payload.l,
    ...(payload.a === undefined ? {} : { accountNumber: payload.a }),
    expiresAt: payload.e,
  };
}
