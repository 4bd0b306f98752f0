/**
 * Every integration's handler factory by contract name, for the journey simulator and tests that
 * run the real handlers with injected ports. Not a Lambda entry point (each function bundles only
 * its own `lambda/<name>/index.ts`).
 */
import type { IntegrationName } from '../lib/integrations/contracts';
import { createHandler as balanceLookup } from './balance-lookup';
import { createHandler as callbackNumber } from './callback-number';
import { createHandler as identifyCaller } from './identify-caller';
import { createHandler as orderStatus } from './order-status';
import { createHandler as otpStart } from './otp-start';
import { createHandler as otpVerify } from './otp-verify';
import { createHandler as passwordReset } from './password-reset';
import { createHandler as pinVerify } from './pin-verify';
import { createHandler as routingContext } from './routing-context';
import { createHandler as smsLink } from './sms-link';
import type { IntegrationDeps } from './shared/deps';
import type { ConnectIntegrationHandler } from './shared/integration';

/** Builds a handler from (partial) deps; missing ones come from the environment. */
export type HandlerFactory = (deps?: Partial<IntegrationDeps>) => ConnectIntegrationHandler;

/** The handler factory of every integration in `INTEGRATIONS`. */
export const HANDLER_FACTORIES: Readonly<Record<IntegrationName, HandlerFactory>> = {
  'identify-caller': identifyCaller,
  'otp-start': otpStart,
  'otp-verify': otpVerify,
  'pin-verify': pinVerify,
  'balance-lookup': balanceLookup,
  'order-status': orderStatus,
  'password-reset': passwordReset,
  'routing-context': routingContext,
  'sms-link': smsLink,
  'callback-number': callbackNumber,
};

export type { ConnectIntegrationHandler, IntegrationDeps };
