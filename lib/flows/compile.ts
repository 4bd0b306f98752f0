/**
 * Compiles a journey map into Amazon Connect flows:
 *
 * - `inbound` (CONTACT_FLOW): logging on, customer queue flow hook, identify the caller by number
 *   (language; name greeting and proactive notice only when the map's `personalisation` allows),
 *   routing context (queue modes copied into contact attributes,
 *   announcement), hours check (closed: message + callback offer), DTMF menu with retries, per-intent
 *   authentication (OTP, PIN, either), inputs, self-service integration and its spoken result,
 *   "anything else", and routing by the queue's mode (NORMAL with an in-flow wait check, CALLBACK,
 *   OVERFLOW, DEFLECT). Technical failures retry once, apologise and go to an adviser.
 * - `customer-queue` (CUSTOMER_QUEUE): wait-time band, hold messages, and a callback offer every
 *   other interruption.
 *
 * Identity: caller ID identifies, it never authenticates (it can be spoofed). The caller-ID lookup
 * stays in flow attributes; the adviser's contact attributes say how identity was established
 * (`identifiedBy`: NONE, CALLER_ID, OTP, PIN) and carry `customerId` only once verified, taken from
 * the verifying function's answer. A PIN for another customer than the caller-ID match replaces the
 * caller's identity, or is refused (`auth.callerIdMismatch`).
 *
 * Sensitive data: secrets and balances are read from `$.External` or `$.StoredCustomerInput` and
 * never copied into contact attributes; the auth token, customer id, account number and other PII
 * live in flow attributes (not persisted); flow logging is off from the start of authentication or
 * input collection until the result has been spoken.
 *
 * Pure: no aws-cdk-lib; resources arrive as strings (CDK tokens at synth).
 */
import { INTEGRATIONS, routingModeKey, statusesOf } from '../integrations/contracts';
import type { InputSpec, IntentSpec, JourneyInput, JourneyMap, Language, QueueSpec } from '../journey/types';
import { callerIdMismatchOf, personalisationOf, validateJourneyMap } from '../journey/validate';
import {
  FlowBuilder,
  FlowBuildError,
  checkHours,
  compare,
  getQueueMetrics,
  holdLoop,
  logging,
  loop,
  menu,
  message,
  recordAgentCalls,
  setContactAttributes,
  setCustomerQueueFlow,
  setFlowAttributes,
  setWorkingQueue,
  transferToQueue,
  voice,
  when,
} from './builder';
import {
  FLOW_ATTR,
  LANGUAGE_ATTRIBUTE,
  ask,
  callIntegration,
  callbackFragment,
  collect,
  contactAttr,
  external,
  fill,
  flowAttr,
  goodbye,
  hangUp,
  sorryGoodbye,
  perLanguage,
  say,
  technicalFailure,
  type CollectedInput,
  type FlowContext,
  type FlowResources,
} from './fragments';
import type { FlowDocument } from './model';
import { assertValidFlow } from './validate';

export type { FlowResources, CollectedInput } from './fragments';

/** Name of the inbound flow (`CompiledFlow.name`). */
export const INBOUND_FLOW_NAME = 'inbound';

/** Name of the customer queue flow (`CompiledFlow.name`); the inbound flow refers to it with `flowArn`. */
export const CUSTOMER_QUEUE_FLOW_NAME = 'customer-queue';

/** One flow ready for AWS::Connect::ContactFlow. */
export interface CompiledFlow {
  /** Flow name: kebab-case, usable as a Connect flow name and a file name. */
  readonly name: string;
  readonly type: 'CONTACT_FLOW' | 'CUSTOMER_QUEUE';
  readonly description: string;
  /** The flow-language document; serialize with `Stack.toJsonString` so tokens resolve. */
  readonly content: FlowDocument;
  /** Stored-input actions and what they collect (not deployed; for the simulator and checks). */
  readonly inputs: Readonly<Record<string, CollectedInput>>;
}

/** Names of the flows `compileJourney` returns, in dependency order (referenced flows first). */
export const FLOW_NAMES = [CUSTOMER_QUEUE_FLOW_NAME, INBOUND_FLOW_NAME] as const;

/**
 * Compiles the journey map into flows, validating the map first and every flow after.
 * @throws JourneyError for an invalid map, FlowValidationError for an invalid flow
 */
export function compileJourney(journey: JourneyMap | JourneyInput, resources: FlowResources): CompiledFlow[] {
  // The resolved map: every language's voice and every prompt (the map's own or its language pack's).
  const map = validateJourneyMap(journey);
  const encrypted = map.inputs.filter((i) => i.encrypt === true);
  if (encrypted.length > 0 && resources.inputEncryption === undefined) {
    throw new FlowBuildError(
      `input '${encrypted[0]?.id}' has encrypt: true, so FlowResources.inputEncryption (security key id and certificate) is required`,
    );
  }
  const flows = [compileCustomerQueueFlow(map, resources), compileInboundFlow(map, resources)];
  for (const flow of flows) assertValidFlow(flow.content, flow.name, { flowType: flow.type });
  return flows;
}

function context(name: string, map: JourneyMap, resources: FlowResources): FlowContext {
  return { b: new FlowBuilder(name), map, resources, inputs: new Map() };
}

function finish(
  ctx: FlowContext,
  name: string,
  type: CompiledFlow['type'],
  description: string,
  start: string,
): CompiledFlow {
  return {
    name,
    type,
    description,
    content: ctx.b.build(start),
    inputs: Object.fromEntries(ctx.inputs),
  };
}

const queueById = (map: JourneyMap, id: string): QueueSpec => {
  const q = map.queues.find((x) => x.id === id);
  if (q === undefined) throw new FlowBuildError(`unknown queue '${id}'`);
  return q;
};

/** Intents in menu order. */
const byKey = (map: JourneyMap): IntentSpec[] =>
  [...map.intents].sort((a, b) => a.dtmf.localeCompare(b.dtmf));

// ---------------------------------------------------------------------------------------------
// Inbound flow
// ---------------------------------------------------------------------------------------------

/** Compiles the inbound flow alone (without validating it). */
export function compileInboundFlow(map: JourneyMap, resources: FlowResources): CompiledFlow {
  const ctx = context(INBOUND_FLOW_NAME, map, resources);
  const { b } = ctx;
  const personalise = personalisationOf(map);
  const notices = personalise.proactiveNotice && map.notices.length > 0;

  // Start: logging, flow-scope defaults, customer queue flow, recording of agent calls.
  b.add(logging('start-logging', true, 'start-attributes'));
  b.add(
    setFlowAttributes(
      'start-attributes',
      {
        [FLOW_ATTR.callerKnown]: 'false',
        [FLOW_ATTR.authLevel]: 'NONE',
        [FLOW_ATTR.identifiedBy]: 'NONE',
        // The notice check also runs for callers the lookup did not find.
        ...(notices ? { [FLOW_ATTR.notice]: 'NONE' } : {}),
      },
      'set-queue-flow',
    ),
  );
  b.add(
    setCustomerQueueFlow(
      'set-queue-flow',
      resources.flowArn(CUSTOMER_QUEUE_FLOW_NAME),
      map.recordAgentCalls ? 'record-agent-calls' : 'identify-caller',
    ),
  );
  if (map.recordAgentCalls) b.add(recordAgentCalls('record-agent-calls', 'identify-caller'));

  // Identification first, so the announcement and everything after it is in the caller's language.
  // Identification and routing context only enrich the call: if they fail, the call carries on.
  const languageUnknown = languageChoice(ctx);
  callIntegration(ctx, {
    id: 'identify-caller',
    name: 'identify-caller',
    params: {},
    on: { FOUND: 'remember-caller', NOT_FOUND: languageUnknown },
    otherwise: languageUnknown,
    failure: languageUnknown,
  });
  // Caller ID can be spoofed: what the lookup found stays in flow attributes (not persisted); the
  // adviser's contact attributes get only `identifiedBy` (with the language, below). Updates are
  // all-or-nothing, so the identity is kept apart from details a response may lack.
  const details = {
    ...(personalise.greetByName ? { [FLOW_ATTR.firstName]: external('firstName') } : {}),
    ...(notices ? { [FLOW_ATTR.notice]: external('notice') } : {}),
  };
  const hasDetails = Object.keys(details).length > 0;
  b.add(
    setFlowAttributes(
      'remember-caller',
      {
        [FLOW_ATTR.callerKnown]: 'true',
        [FLOW_ATTR.customerId]: external('customerId'),
        [FLOW_ATTR.identifiedBy]: 'CALLER_ID',
      },
      hasDetails ? 'remember-caller-details' : 'caller-language',
    ),
  );
  if (hasDetails) b.add(setFlowAttributes('remember-caller-details', details, 'caller-language'));
  b.add(
    compare(
      'caller-language',
      external('language'),
      map.languages.map((lang) => when('Equals', lang, `use-${lang}`)),
      languageUnknown,
    ),
  );
  for (const lang of map.languages) {
    const v = map.voices[lang];
    b.add(voice(`use-${lang}`, v.voice, v.engine, `use-${lang}-attribute`));
    // One update for the adviser's screen: language, and whether the number matched a customer.
    b.add(
      setContactAttributes(
        `use-${lang}-attribute`,
        { [LANGUAGE_ATTRIBUTE]: lang, identifiedBy: flowAttr(FLOW_ATTR.identifiedBy) },
        'routing-context',
      ),
    );
  }

  // Routing context: queue modes into contact attributes (later Lambda results overwrite $.External).
  callIntegration(ctx, {
    id: 'routing-context',
    name: 'routing-context',
    params: { language: contactAttr(LANGUAGE_ATTRIBUTE) },
    on: { OK: 'routing-modes' },
    otherwise: 'check-hours',
    failure: 'check-hours',
  });
  b.add(
    setContactAttributes(
      'routing-modes',
      Object.fromEntries(map.queues.map((q) => [routingModeKey(q.id), external(routingModeKey(q.id))])),
      'announcement-check',
    ),
  );
  b.add(
    compare(
      'announcement-check',
      external('hasAnnouncement'),
      [when('Equals', 'true', 'announcement')],
      'check-hours',
    ),
  );
  // Already in the caller's language: routing-context received it.
  b.add(message('announcement', { Text: external('announcement') }, 'check-hours'));

  // Greeting and proactive notice: by default a generic greeting for everyone.
  const greeting = personalise.greetByName ? 'greeting' : 'welcome';
  b.add(checkHours('check-hours', resources.hoursArn, greeting, 'after-hours', greeting));
  afterHours(ctx);

  const afterGreeting = notices ? 'notice' : 'menu';
  if (personalise.greetByName) {
    b.add(
      compare(
        'greeting',
        flowAttr(FLOW_ATTR.callerKnown),
        [when('Equals', 'true', 'welcome-back')],
        'welcome',
      ),
    );
    say(ctx, 'welcome-back', map.prompts.welcomeBack, afterGreeting, {
      firstName: flowAttr(FLOW_ATTR.firstName),
    });
  }
  say(ctx, 'welcome', map.prompts.welcome, personalise.greetByName ? 'menu' : afterGreeting);
  if (notices) {
    b.add(
      compare(
        'notice',
        flowAttr(FLOW_ATTR.notice),
        map.notices.map((n) => when('Equals', n.code, `notice-${n.code}`)),
        'menu',
      ),
    );
    for (const n of map.notices) say(ctx, `notice-${n.code}`, n.message, 'menu');
  }

  mainMenu(ctx);
  // Shared fragments (authentication, routing, callback...) are emitted once, when first needed.
  for (const intent of map.intents) intentEntry(ctx, intent);
  return finish(
    ctx,
    INBOUND_FLOW_NAME,
    'CONTACT_FLOW',
    `${map.name} inbound: caller identification, routing context, hours, menu, authentication, self-service and routing by queue mode (generated from the journey map)`,
    'start-logging',
  );
}

/** Language menu for callers whose language is unknown; returns the entry to use. */
function languageChoice(ctx: FlowContext): string {
  const { map, b } = ctx;
  if (map.languages.length === 1) return `use-${map.defaultLanguage}`;
  return b.once('choose-language', () => {
    // Spoken before any language is set, so each line is in its own language.
    const text = map.languages
      .map((lang, i) => fill(map.prompts.languageOption[lang], { key: String(i + 1) }))
      .join(' ');
    b.add(
      menu(
        'choose-language',
        { Text: text },
        map.languages.map((lang, i) => ({ key: String(i + 1), next: `use-${lang}` })),
        {
          timeout: `use-${map.defaultLanguage}`,
          noMatch: `use-${map.defaultLanguage}`,
          error: `use-${map.defaultLanguage}`,
        },
        map.inputTimeLimitSeconds,
      ),
    );
  });
}

function afterHours(ctx: FlowContext): void {
  const { map } = ctx;
  ask(
    ctx,
    'after-hours',
    (lang) => `${map.prompts.afterHours[lang]} ${map.prompts.afterHoursCallbackOffer[lang]}`,
    [{ key: '1', next: callbackEntry(ctx) }],
    goodbye(ctx),
  );
}

/** The callback booking of the inbound flow; failures go back to the queue the caller was heading for. */
function callbackEntry(ctx: FlowContext): string {
  return callbackFragment(ctx, resumeQueue(ctx));
}

function mainMenu(ctx: FlowContext): void {
  const { map, b } = ctx;
  const intents = byKey(map);
  const text = (lang: Language): string =>
    [
      map.prompts.menuIntro[lang],
      ...intents.map((i) => fill(map.prompts.menuOption[lang], { label: i.label[lang], key: i.dtmf })),
    ].join(' ');
  ask(
    ctx,
    'menu',
    text,
    intents.map((i) => ({ key: i.dtmf, next: `intent-${i.id}` })),
    'menu-retry',
  );
  b.add(loop('menu-retry', map.menuAttempts - 1, 'menu-sorry', 'menu-give-up'));
  say(ctx, 'menu-sorry', map.prompts.menuRetry, 'menu');
  passToAdviser(ctx, 'menu-give-up', 'menuGiveUp');
}

/** `intent-<id>`: records the intent, then authentication, self-service or the queue. */
function intentEntry(ctx: FlowContext, intent: IntentSpec): void {
  const { b } = ctx;
  const next = intent.auth === 'NONE' ? afterAuth(ctx, intent) : authEntry(ctx, intent.auth);
  b.add(setContactAttributes(`intent-${intent.id}`, { intent: intent.id }, next));
}

/** What follows a successful authentication (or none) for an intent. */
function afterAuth(ctx: FlowContext, intent: IntentSpec): string {
  return intent.integration === undefined ? route(ctx, intent.queueId) : selfService(ctx, intent);
}

// ----- authentication -------------------------------------------------------------------------

function authEntry(ctx: FlowContext, method: Exclude<IntentSpec['auth'], 'NONE'>): string {
  switch (method) {
    case 'OTP':
      return authOtp(ctx);
    case 'PIN':
      return authPin(ctx);
    case 'PIN_OR_OTP':
      return authEither(ctx);
  }
}

/**
 * After verification: logging off (it may be back on if the caller verified earlier in the call),
 * record for the adviser how the caller was verified and who they are (the verified customer, never
 * the caller-ID match), then continue with the caller's intent.
 */
function authDone(ctx: FlowContext): string {
  const { map, b } = ctx;
  return b.once('auth-done', () => {
    b.add(logging('auth-done', false, 'auth-record'));
    b.add(
      setContactAttributes(
        'auth-record',
        {
          authLevel: flowAttr(FLOW_ATTR.authLevel),
          identifiedBy: flowAttr(FLOW_ATTR.authLevel),
          customerId: flowAttr(FLOW_ATTR.customerId),
        },
        'auth-continue',
      ),
    );
    const verified = map.intents.filter((i) => i.auth !== 'NONE');
    b.add(
      compare(
        'auth-continue',
        contactAttr('intent'),
        verified.map((i) => when('Equals', i.id, afterAuth(ctx, i))),
        technicalFailure(ctx),
      ),
    );
  });
}

/** Logging back on (the caller may come from a sensitive step), then the queue of their intent. */
function adviserHandoff(ctx: FlowContext): string {
  return ctx.b.once('adviser-handoff', () => ctx.b.add(logging('adviser-handoff', true, toIntentQueue(ctx))));
}

/** Tells the caller why they are being passed on, then hands them to an adviser for their intent. */
function passToAdviser(ctx: FlowContext, id: string, text: keyof JourneyMap['prompts']): string {
  return ctx.b.once(id, () => say(ctx, id, ctx.map.prompts[text], adviserHandoff(ctx)));
}

function authOtp(ctx: FlowContext): string {
  const { map, b } = ctx;
  return b.once('auth-otp', () => {
    const code = map.inputs.find((i) => i.id === map.auth.otpCodeInputId);
    if (code === undefined) throw new FlowBuildError(`no input '${map.auth.otpCodeInputId}'`);
    const notIdentified = passToAdviser(ctx, 'otp-not-identified', 'authNotIdentified');
    const locked = passToAdviser(ctx, 'auth-locked', 'authLocked');
    const failed = passToAdviser(ctx, 'auth-failed', 'authFailed');
    b.add(
      compare('auth-otp', flowAttr(FLOW_ATTR.authLevel), [when('Equals', 'OTP', authDone(ctx))], 'otp-known'),
    );
    b.add(
      compare(
        'otp-known',
        flowAttr(FLOW_ATTR.callerKnown),
        [when('Equals', 'true', 'otp-start')],
        notIdentified,
      ),
    );
    callIntegration(ctx, {
      id: 'otp-start',
      name: 'otp-start',
      params: { customerId: flowAttr(FLOW_ATTR.customerId) },
      on: {
        SENT: 'otp-sent',
        NOT_FOUND: notIdentified,
        RATE_LIMITED: passToAdviser(ctx, 'otp-unavailable', 'otpUnavailable'),
      },
      otherwise: 'otp-unavailable',
      failure: technicalFailure(ctx),
    });
    say(ctx, 'otp-sent', map.prompts.otpSent, 'otp-logging-off', { phoneHint: external('phoneHint') });
    b.add(logging('otp-logging-off', false, 'otp-code'));
    collect(
      ctx,
      'otp-code',
      code.prompt,
      { inputId: code.id, dataClass: code.dataClass },
      storedInput(ctx, code),
      'otp-verify',
      technicalFailure(ctx),
    );
    // A timeout stores "Timeout", which otp-verify rejects as INVALID_INPUT: asked again.
    // The code goes straight from the stored input to the function: never into an attribute.
    callIntegration(ctx, {
      id: 'otp-verify',
      name: 'otp-verify',
      params: { customerId: flowAttr(FLOW_ATTR.customerId), code: '$.StoredCustomerInput' },
      on: {
        VERIFIED: 'otp-verified',
        INVALID_CODE: 'otp-invalid',
        INVALID_INPUT: 'otp-invalid',
        EXPIRED: locked,
        LOCKED: locked,
        NOT_FOUND: notIdentified,
      },
      otherwise: locked,
      failure: technicalFailure(ctx),
    });
    say(ctx, 'otp-invalid', map.prompts.otpInvalid, 'otp-retry');
    b.add(loop('otp-retry', map.auth.maxAttempts - 1, 'otp-code', failed));
    // The code went to the customer the flow asked for, but the identity is taken from the answer.
    // All or nothing: without the verified id the caller is not treated as verified.
    b.add(
      setFlowAttributes(
        'otp-verified',
        {
          [FLOW_ATTR.authLevel]: 'OTP',
          [FLOW_ATTR.authToken]: external('authToken'),
          [FLOW_ATTR.customerId]: external('customerId'),
        },
        authDone(ctx),
        technicalFailure(ctx),
      ),
    );
  });
}

function authPin(ctx: FlowContext): string {
  const { map, b } = ctx;
  return b.once('auth-pin', () => {
    const account = map.inputs.find((i) => i.id === map.auth.accountNumberInputId);
    const pin = map.inputs.find((i) => i.id === map.auth.pinInputId);
    if (account === undefined || pin === undefined)
      throw new FlowBuildError('the PIN inputs are not defined');
    const locked = passToAdviser(ctx, 'auth-locked', 'authLocked');
    const failed = passToAdviser(ctx, 'auth-failed', 'authFailed');
    b.add(
      compare(
        'auth-pin',
        flowAttr(FLOW_ATTR.authLevel),
        [when('Equals', 'PIN', authDone(ctx))],
        'pin-logging-off',
      ),
    );
    b.add(logging('pin-logging-off', false, 'pin-account'));
    collect(
      ctx,
      'pin-account',
      account.prompt,
      { inputId: account.id, dataClass: account.dataClass },
      storedInput(ctx, account),
      'pin-account-check',
      technicalFailure(ctx),
    );
    // No digits: the prompt is repeated (within the attempts) rather than checking a PIN for nothing.
    b.add(
      compare(
        'pin-account-check',
        '$.StoredCustomerInput',
        [when('Equals', 'Timeout', 'pin-account-retry')],
        'pin-account-keep',
      ),
    );
    b.add(loop('pin-account-retry', map.auth.maxAttempts - 1, 'pin-account', failed));
    // The account number is PII: kept in a flow attribute (not persisted) for the PIN check.
    b.add(
      setFlowAttributes(
        'pin-account-keep',
        { [FLOW_ATTR.accountNumber]: '$.StoredCustomerInput' },
        'pin-code',
      ),
    );
    collect(
      ctx,
      'pin-code',
      pin.prompt,
      { inputId: pin.id, dataClass: pin.dataClass },
      storedInput(ctx, pin),
      'pin-verify',
      technicalFailure(ctx),
    );
    // A timeout stores "Timeout", which pin-verify rejects as INVALID_INPUT: asked again.
    // The PIN goes straight from the stored input to the function: never into an attribute.
    // Refusing a mismatch: the flow cannot compare two attributes, so pin-verify compares the
    // account's customer with the caller-ID match (empty when the number matched nobody).
    const refuse = callerIdMismatchOf(map) === 'refuse';
    callIntegration(ctx, {
      id: 'pin-verify',
      name: 'pin-verify',
      params: {
        accountNumber: flowAttr(FLOW_ATTR.accountNumber),
        pin: '$.StoredCustomerInput',
        ...(refuse ? { callerCustomerId: flowAttr(FLOW_ATTR.customerId) } : {}),
      },
      on: {
        VERIFIED: refuse ? 'pin-caller-match' : 'pin-verified',
        INVALID_PIN: 'pin-invalid',
        INVALID_INPUT: 'pin-invalid',
        LOCKED: locked,
      },
      otherwise: locked,
      failure: technicalFailure(ctx),
    });
    say(ctx, 'pin-invalid', map.prompts.pinInvalid, 'pin-retry');
    // A wrong PIN may be a mistyped account number: both are asked again.
    b.add(loop('pin-retry', map.auth.maxAttempts - 1, 'pin-account', failed));
    if (refuse) {
      b.add(
        compare(
          'pin-caller-match',
          external('callerMatch'),
          [when('Equals', 'false', 'pin-refused')],
          'pin-verified',
        ),
      );
      // Someone else's PIN on a recognised number: no self-service, an adviser, identity NONE.
      b.add(setContactAttributes('pin-refused', { identifiedBy: 'NONE', authLevel: 'NONE' }, failed));
    }
    // The verified customer replaces the caller-ID match for the rest of the call (OTP, self-service,
    // the adviser's screen). All or nothing: without the verified id the caller is not verified.
    b.add(
      setFlowAttributes(
        'pin-verified',
        {
          [FLOW_ATTR.authLevel]: 'PIN',
          [FLOW_ATTR.authToken]: external('authToken'),
          [FLOW_ATTR.customerId]: external('customerId'),
          [FLOW_ATTR.callerKnown]: 'true',
        },
        authDone(ctx),
        technicalFailure(ctx),
      ),
    );
  });
}

function authEither(ctx: FlowContext): string {
  const { map, b } = ctx;
  return b.once('auth-either', () => {
    b.add(
      compare(
        'auth-either',
        flowAttr(FLOW_ATTR.authLevel),
        [when('Equals', 'OTP', authDone(ctx)), when('Equals', 'PIN', authDone(ctx))],
        'auth-either-known',
      ),
    );
    // A code can only be texted to a caller whose number identified them.
    b.add(
      compare(
        'auth-either-known',
        flowAttr(FLOW_ATTR.callerKnown),
        [when('Equals', 'true', 'auth-choice')],
        authPin(ctx),
      ),
    );
    ask(
      ctx,
      'auth-choice',
      map.prompts.authChoice,
      [
        { key: '1', next: authOtp(ctx) },
        { key: '2', next: authPin(ctx) },
      ],
      authOtp(ctx),
    );
  });
}

/**
 * Stored-input options of a collected input: its maximum length, the `#` terminator when its length
 * varies, and encryption with the instance key when the input asks for it.
 */
function storedInput(
  ctx: FlowContext,
  input: InputSpec,
): {
  validation: { CustomValidation: { MaximumLength: string } };
  terminator?: '#';
  encryption?: { readonly keyId: string; readonly certificate: string };
} {
  const options = {
    validation: { CustomValidation: { MaximumLength: String(input.maxDigits) } },
    ...(input.minDigits < input.maxDigits ? { terminator: '#' as const } : {}),
  };
  if (input.encrypt !== true) return options;
  const key = ctx.resources.inputEncryption;
  if (key === undefined)
    throw new FlowBuildError(`input '${input.id}' is encrypted but no input-encryption key was given`);
  return { ...options, encryption: key };
}

// ----- self-service ---------------------------------------------------------------------------

/**
 * Self-service of an intent: inputs, the integration, and its spoken result. Logging is already off
 * after authentication (`auth-done`); an intent without authentication turns it off itself.
 */
function selfService(ctx: FlowContext, intent: IntentSpec): string {
  const { map, b } = ctx;
  const name = intent.integration;
  if (name === undefined) throw new FlowBuildError(`intent '${intent.id}' has no integration`);
  const contract = INTEGRATIONS[name];
  const inputs = intent.inputs.map((inputId) => {
    const input = map.inputs.find((i) => i.id === inputId);
    if (input === undefined) throw new FlowBuildError(`no input '${inputId}'`);
    return input;
  });
  const callId = `svc-${intent.id}`;
  const inputIds = inputs.map((i) => `in-${intent.id}-${i.id}`);
  const privateId = `svc-${intent.id}-private`;
  const entry = intent.auth === 'NONE' ? privateId : (inputIds[0] ?? callId);
  return b.once(entry, () => {
    if (intent.auth === 'NONE') b.add(logging(privateId, false, inputIds[0] ?? callId));
    inputs.forEach((input, index) => {
      const base = inputIds[index] as string;
      const next = inputIds[index + 1] ?? callId;
      const pci = input.dataClass === 'PCI';
      collect(
        ctx,
        base,
        input.prompt,
        { inputId: input.id, dataClass: input.dataClass },
        storedInput(ctx, input),
        `${base}-check`,
        technicalFailure(ctx),
      );
      // PCI values are the last input (validated) and go straight to the function; others are kept
      // in a flow attribute because the next stored input overwrites $.StoredCustomerInput.
      b.add(
        compare(
          `${base}-check`,
          '$.StoredCustomerInput',
          [when('Equals', 'Timeout', `${base}-retry`)],
          pci ? next : `${base}-keep`,
        ),
      );
      b.add(
        loop(
          `${base}-retry`,
          map.auth.maxAttempts - 1,
          base,
          passToAdviser(ctx, 'menu-give-up', 'menuGiveUp'),
        ),
      );
      if (!pci)
        b.add(
          setFlowAttributes(`${base}-keep`, { [FLOW_ATTR.input(input.id)]: '$.StoredCustomerInput' }, next),
        );
    });

    const params: Record<string, string> = {};
    for (const raw of contract.parameters) {
      const p = raw.replace(/\?$/, '');
      const input = inputs.find((i) => (i.parameter ?? i.id) === p);
      if (input !== undefined) {
        params[p] = input.dataClass === 'PCI' ? '$.StoredCustomerInput' : flowAttr(FLOW_ATTR.input(input.id));
      } else if (p === 'authToken' && intent.auth !== 'NONE') params[p] = flowAttr(FLOW_ATTR.authToken);
      else if (p === 'customerId' && intent.auth !== 'NONE') params[p] = flowAttr(FLOW_ATTR.customerId);
      else if (p === 'language') params[p] = contactAttr(LANGUAGE_ATTRIBUTE);
      else if (p === 'intent') params[p] = intent.id;
    }
    const statuses = statusesOf(name);
    const success = contract.statuses[0] as string;
    const notFound = intent.notFound !== undefined ? `${callId}-not-found` : sharedNotFound(ctx);
    const on: Record<string, string> = { [success]: `${callId}-result` };
    for (const s of ['NOT_FOUND', 'INVALID_INPUT']) if (statuses.includes(s)) on[s] = notFound;
    // An expired or refused token: the adviser verifies the caller instead.
    if (statuses.includes('UNAUTHORIZED')) on.UNAUTHORIZED = passToAdviser(ctx, 'auth-locked', 'authLocked');
    callIntegration(ctx, {
      id: callId,
      name,
      params,
      on,
      otherwise: technicalFailure(ctx),
      failure: technicalFailure(ctx),
    });

    // Read from $.External: balances and similar results are spoken, never stored.
    const values = Object.fromEntries(contract.outputs.map((o) => [o, external(o)]));
    say(ctx, `${callId}-result`, intent.result ?? map.prompts.notFound, anythingElse(ctx), values);
    if (intent.notFound !== undefined) say(ctx, notFound, intent.notFound, anythingElse(ctx));
  });
}

/** "Sorry, I couldn't find what you asked for", for intents without their own message. */
function sharedNotFound(ctx: FlowContext): string {
  return ctx.b.once('not-found', () => say(ctx, 'not-found', ctx.map.prompts.notFound, anythingElse(ctx)));
}

/** Logging back on, then: main menu, an adviser for this intent, or goodbye. */
function anythingElse(ctx: FlowContext): string {
  const { map, b } = ctx;
  return b.once('anything-else', () => {
    b.add(logging('anything-else', true, 'anything-else-ask'));
    ask(
      ctx,
      'anything-else-ask',
      map.prompts.anythingElse,
      [
        { key: '1', next: 'menu' },
        { key: '2', next: toIntentQueue(ctx) },
      ],
      goodbye(ctx),
    );
  });
}

// ----- routing --------------------------------------------------------------------------------

/** Routes to the queue of the caller's intent (or the agent queue when there is none yet). */
function toIntentQueue(ctx: FlowContext): string {
  const { map, b } = ctx;
  return b.once('to-intent-queue', () => {
    b.add(
      compare(
        'to-intent-queue',
        contactAttr('intent'),
        map.intents.map((i) => when('Equals', i.id, route(ctx, i.queueId))),
        route(ctx, map.agentQueueId),
      ),
    );
  });
}

/** Back to the transfer of the queue remembered by `route-<queue>`; after hours there is none: goodbye. */
function resumeQueue(ctx: FlowContext): string {
  const { map, b } = ctx;
  return b.once('resume-queue', () => {
    const routed = routedQueues(map);
    b.add(
      compare(
        'resume-queue',
        flowAttr(FLOW_ATTR.queue),
        routed.map((q) => when('Equals', q, `route-${q}-transfer`)),
        goodbye(ctx),
      ),
    );
    for (const q of routed) route(ctx, q);
  });
}

/** Queues an inbound caller can be routed to. */
function routedQueues(map: JourneyMap): string[] {
  return [...new Set([...map.intents.map((i) => i.queueId), map.agentQueueId])];
}

/**
 * `route-<queue>`: remembers the queue, then follows its routing mode (from the alarm-driven
 * routing state): CALLBACK offers a callback, OVERFLOW moves to the overflow queue, DEFLECT offers
 * an SMS link; NORMAL (or unknown) checks the queue's live wait and behaves as the queue's
 * under-load mode above the threshold, else transfers.
 */
function route(ctx: FlowContext, queueId: string): string {
  const { map, b, resources } = ctx;
  const id = `route-${queueId}`;
  return b.once(id, () => {
    const q = queueById(map, queueId);
    const underLoad = underLoadTarget(ctx, q, q.underLoad.mode);
    b.add(logging(id, true, `${id}-remember`));
    b.add(setFlowAttributes(`${id}-remember`, { [FLOW_ATTR.queue]: q.id }, `${id}-mode`));
    b.add(
      compare(
        `${id}-mode`,
        contactAttr(routingModeKey(q.id)),
        [
          when('Equals', 'CALLBACK', underLoadTarget(ctx, q, 'CALLBACK')),
          when('Equals', 'OVERFLOW', underLoadTarget(ctx, q, 'OVERFLOW')),
          when('Equals', 'DEFLECT', underLoadTarget(ctx, q, 'DEFLECT')),
        ],
        `${id}-metrics`,
      ),
    );
    // Live metrics for this call: seconds old, where the alarm needs minutes of breaching data.
    b.add(getQueueMetrics(`${id}-metrics`, resources.queueArn(q.id), `${id}-wait`, `${id}-transfer`));
    const threshold = String(q.underLoad.estimatedWaitThresholdSeconds);
    b.add(
      compare(
        `${id}-wait`,
        '$.Metrics.Queue.EstimatedWaitTime',
        [when('NumberGreaterThan', threshold, underLoad)],
        `${id}-oldest`,
      ),
    );
    b.add(
      compare(
        `${id}-oldest`,
        '$.Metrics.Queue.OldestContactAge',
        [when('NumberGreaterThan', threshold, underLoad)],
        `${id}-transfer`,
      ),
    );
    // The working queue is set right before the transfer, so a resumed caller (after a declined
    // callback or a failed overflow) goes back to this queue.
    // "Please hold while I connect you" is the first thing the customer queue flow says.
    b.add(
      setWorkingQueue(`${id}-transfer`, resources.queueArn(q.id), `${id}-enqueue`, technicalFailure(ctx)),
    );
    b.add(transferToQueue(`${id}-enqueue`, queueFull(ctx), technicalFailure(ctx)));
  });
}

/** Entry of the behaviour for `mode` when `queue` is congested. */
function underLoadTarget(ctx: FlowContext, queue: QueueSpec, mode: QueueSpec['underLoad']['mode']): string {
  switch (mode) {
    case 'CALLBACK':
      return callbackOffer(ctx);
    case 'OVERFLOW': {
      const target = queue.underLoad.overflowQueueId ?? ctx.map.overflowQueueId;
      return target === queue.id ? `route-${queue.id}-transfer` : overflow(ctx, target);
    }
    case 'DEFLECT':
      return deflectOffer(ctx);
  }
}

/** "Busy: press 1 for a callback, 2 to keep waiting". */
function callbackOffer(ctx: FlowContext): string {
  return ctx.b.once('callback-offer', () => {
    ask(
      ctx,
      'callback-offer',
      ctx.map.prompts.callbackOffer,
      [
        { key: '1', next: callbackEntry(ctx) },
        { key: '2', next: resumeQueue(ctx) },
      ],
      resumeQueue(ctx),
    );
  });
}

/** Moves the caller to a wider agent pool. */
function overflow(ctx: FlowContext, queueId: string): string {
  const { map, b, resources } = ctx;
  const id = `overflow-${queueId}`;
  return b.once(id, () => {
    say(ctx, id, map.prompts.overflowNotice, `${id}-queue`);
    b.add(
      setWorkingQueue(
        `${id}-queue`,
        resources.queueArn(queueById(map, queueId).id),
        `${id}-enqueue`,
        technicalFailure(ctx),
      ),
    );
    b.add(transferToQueue(`${id}-enqueue`, queueFull(ctx), technicalFailure(ctx)));
  });
}

/**
 * Deflection, per intent as the resources' plan says: an SMS self-service link, a callback offer, or
 * keep waiting.
 */
function deflectOffer(ctx: FlowContext): string {
  const { map, b, resources } = ctx;
  const plan = (intentId: string): 'sms-link' | 'callback' | undefined =>
    resources.deflection
      ? resources.deflection(intentId)
      : map.intents.find((i) => i.id === intentId)?.selfService
        ? 'sms-link'
        : undefined;
  const sms = map.intents.filter((i) => i.selfService && plan(i.id) === 'sms-link');
  const callback = map.intents.filter((i) => plan(i.id) === 'callback');
  if (sms.length === 0 && callback.length === 0) return resumeQueue(ctx);
  return b.once('deflect-offer', () => {
    b.add(
      compare(
        'deflect-offer',
        contactAttr('intent'),
        [
          ...sms.map((i) => when('Equals', i.id, 'deflect-ask')),
          ...callback.map((i) => when('Equals', i.id, callbackOffer(ctx))),
        ],
        resumeQueue(ctx),
      ),
    );
    if (sms.length === 0) return;
    ask(
      ctx,
      'deflect-ask',
      map.prompts.deflectOffer,
      [
        { key: '1', next: 'deflect-send' },
        { key: '2', next: resumeQueue(ctx) },
      ],
      resumeQueue(ctx),
    );
    // A failed text is apologised for and the caller keeps their place for an adviser.
    callIntegration(ctx, {
      id: 'deflect-send',
      name: 'sms-link',
      params: { intent: contactAttr('intent'), language: contactAttr(LANGUAGE_ATTRIBUTE) },
      on: { SENT: 'deflect-sent', RATE_LIMITED: 'deflect-unavailable' },
      otherwise: 'deflect-unavailable',
      failure: 'deflect-unavailable',
    });
    say(ctx, 'deflect-sent', map.prompts.deflectSent, hangUp(ctx));
    say(ctx, 'deflect-unavailable', map.prompts.deflectUnavailable, resumeQueue(ctx));
  });
}

/** Queue at capacity: once, offer a callback; the second time, apologise and say goodbye. */
function queueFull(ctx: FlowContext): string {
  const { map, b } = ctx;
  return b.once('queue-full', () => {
    b.add(loop('queue-full', 1, 'queue-full-say', sorryGoodbye(ctx)));
    say(ctx, 'queue-full-say', map.prompts.queueFull, callbackOffer(ctx));
  });
}

// ---------------------------------------------------------------------------------------------
// Customer queue flow
// ---------------------------------------------------------------------------------------------

/** Compiles the customer queue flow alone (without validating it). */
export function compileCustomerQueueFlow(map: JourneyMap, resources: FlowResources): CompiledFlow {
  const ctx = context(CUSTOMER_QUEUE_FLOW_NAME, map, resources);
  const { b } = ctx;
  const qf = map.queueFlow;

  // The voice is set again: this flow runs as its own segment.
  perLanguage(ctx, 'queue-start', (vid, lang) =>
    voice(vid, map.voices[lang].voice, map.voices[lang].engine, 'queue-welcome'),
  );
  say(ctx, 'queue-welcome', map.prompts.transferring, 'queue-wait');
  b.add(getQueueMetrics('queue-wait', undefined, 'queue-wait-band', 'queue-hold'));
  const last = qf.waitBands[qf.waitBands.length - 1]?.maxSeconds ?? 0;
  b.add(
    compare(
      'queue-wait-band',
      '$.Metrics.Queue.EstimatedWaitTime',
      [
        ...qf.waitBands.map((band, i) =>
          when('NumberLessOrEqualTo', String(band.maxSeconds), `queue-wait-${i + 1}`),
        ),
        when('NumberGreaterThan', String(last), 'queue-wait-long'),
      ],
      'queue-wait-unknown',
    ),
  );
  qf.waitBands.forEach((band, i) => say(ctx, `queue-wait-${i + 1}`, band.message, 'queue-hold'));
  say(ctx, 'queue-wait-long', qf.waitLong, 'queue-hold');
  say(ctx, 'queue-wait-unknown', qf.waitUnknown, 'queue-hold');

  perLanguage(ctx, 'queue-hold', (vid, lang) =>
    holdLoop(
      vid,
      qf.holdMessages.map((m) => ({ Text: m[lang] })),
      qf.interruptSeconds,
      'queue-interrupted',
      'queue-interrupted',
    ),
  );
  // Every other interruption: first a fresh wait estimate, then a callback offer.
  b.add(loop('queue-interrupted', 1, 'queue-wait', 'queue-offer'));
  ask(
    ctx,
    'queue-offer',
    qf.callbackOffer,
    [{ key: '1', next: callbackFragment(ctx, 'queue-hold') }],
    'queue-hold',
  );

  return finish(
    ctx,
    CUSTOMER_QUEUE_FLOW_NAME,
    'CUSTOMER_QUEUE',
    `${map.name} customer queue: estimated wait, hold messages and a periodic callback offer (generated from the journey map)`,
    'queue-start',
  );
}
