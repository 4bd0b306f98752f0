/** Schemas of the flow parameters (every value arrives as a bounded string). */
import * as z from 'zod/mini';
import { MAX_AUTH_TOKEN_LENGTH } from '../domain/auth-token';
import { ORDER_ID_PATTERN } from '../domain/order-status';
import { ACCOUNT_NUMBER_PATTERN, PIN_PATTERN } from '../domain/pin';
import { INTENT_PATTERN } from '../domain/sms-link';
import { textParam } from './connect-event';

/** Customer ids: letters, digits, `_` and `-`. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Language tags such as `en`, `fr`, `en-GB`. */
export const LANGUAGE_PATTERN = /^[A-Za-z]{2}(?:[-_][A-Za-z]{2})?$/;

/** The parameters the integrations take. */
export const param = {
  customerId: textParam(CUSTOMER_ID_PATTERN),
  accountNumber: textParam(ACCOUNT_NUMBER_PATTERN, 12),
  pin: textParam(PIN_PATTERN, 8),
  otpCode: textParam(/^\d{6}$/, 6),
  orderId: textParam(ORDER_ID_PATTERN, 8),
  authToken: textParam(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, MAX_AUTH_TOKEN_LENGTH),
  language: textParam(LANGUAGE_PATTERN, 5),
  intent: textParam(INTENT_PATTERN, 40),
} as const;

/** An optional parameter (absent or empty). */
export const optional = z.optional;
