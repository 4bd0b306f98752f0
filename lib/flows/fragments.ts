/**
 * Reusable flow fragments: compile-time "modules" emitted into each flow by builder functions
 * instead of `InvokeFlowModule`, so every compiled flow is self-contained and can be validated,
 * walked and simulated on its own.
 *
 * - speech: `say`, `ask`, `collect` speak in the caller's language (a Compare on
 *   `$.Attributes.language` picks one variant per language; logic after it is shared);
 * - `callIntegration`: a Lambda call with the failure policy (retry once on an error branch or
 *   `UNAVAILABLE`, then the failure target) and a branch per status of the contract;
 * - `technicalFailure`: apologise, then transfer to an adviser; a spoken goodbye if even that fails;
 * - `callbackFragment`: confirm or key in the number, check it against the number policy
 *   (`callback-number`), set it, queue a callback, say goodbye;
 * - `goodbye` / `hangUp`: every disconnect comes after a spoken message.
 */
import { INTEGRATIONS, statusesOf, type IntegrationName } from '../integrations/contracts';
import { placeholdersOf } from '../journey/validate';
import type { DataClass, JourneyMap, Language, Localized } from '../journey/types';
import {
  FlowBuildError,
  compare,
  createCallback,
  disconnect,
  invokeLambda,
  logging,
  loop,
  menu,
  message,
  setCallbackNumber,
  setWorkingQueue,
  storedInput,
  transferToQueue,
  when,
  type FlowBuilder,
  type StoredInputOptions,
} from './builder';
import type { FlowAction, PromptContent } from './model';

/** Resource references a compiled flow needs; at synth these are CDK token strings. */
export interface FlowResources {
  /** ARN of an integration function. */
  functionArn(name: IntegrationName): string;
  /** ARN of the Connect queue with this journey-map id. */
  queueArn(queueId: string): string;
  /** ARN of the hours of operation built from `JourneyMap.hours`. */
  readonly hoursArn: string;
  /** ARN of another compiled flow, by `CompiledFlow.name`. */
  flowArn(flowName: string): string;
  /**
   * Input-encryption key of the instance (AWS::Connect::SecurityKey id and its PEM certificate);
   * required only when an input has `encrypt: true`.
   */
  readonly inputEncryption?: { readonly keyId: string; readonly certificate: string };
  /**
   * What the IVR offers a caller whose queue is in DEFLECT mode, per intent: an SMS self-service link,
   * a callback, or nothing (keep waiting). The product derives it from the omnichannel decision
   * function (`lib/omnichannel`, `ivrDeflectionPlan`), so voice and web make the same choice.
   * @default an SMS link for `selfService` intents, nothing for the others
   */
  readonly deflection?: (intentId: string) => 'sms-link' | 'callback' | undefined;
}

/** What a stored-input action collects (for the simulator and the PCI checks). */
export interface CollectedInput {
  readonly inputId: string;
  readonly dataClass: DataClass;
}

/** Everything a fragment needs while compiling one flow. */
export interface FlowContext {
  readonly b: FlowBuilder;
  readonly map: JourneyMap;
  readonly resources: FlowResources;
  /** Stored-input actions emitted so far, by action identifier. */
  readonly inputs: Map<string, CollectedInput>;
}

/** The contact attribute holding the caller's language. */
export const LANGUAGE_ATTRIBUTE = 'language';

/** Where the flow keeps state. Flow attributes are not persisted; contact attributes are. */
export const FLOW_ATTR = {
  callerKnown: 'callerKnown',
  customerId: 'customerId',
  firstName: 'firstName',
  notice: 'notice',
  authLevel: 'authLevel',
  /** How identity was established: NONE, CALLER_ID, OTP or PIN (copied to the contact attribute). */
  identifiedBy: 'identifiedBy',
  authToken: 'authToken',
  accountNumber: 'accountNumber',
  queue: 'queue',
  input: (inputId: string): string => `in_${inputId}`,
} as const;

/** JSONPath of a flow attribute. */
export const flowAttr = (name: string): string => `$.FlowAttributes.${name}`;
/** JSONPath of a contact attribute. */
export const contactAttr = (name: string): string => `$.Attributes.${name}`;
/** JSONPath of an output of the last Lambda call. */
export const external = (name: string): string => `$.External.${name}`;

/**
 * Fills `{name}` placeholders. A JSONPath value followed by a full stop gets a space before it, so
 * the full stop cannot be read as part of the path (`$.External.balance.` is another path).
 */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([^{}]*)\}(\.?)/g, (_whole: string, name: string, stop: string) => {
    const value = values[name];
    if (value === undefined) throw new FlowBuildError(`no value for placeholder {${name}} in "${text}"`);
    return `${value}${value.startsWith('$.') && stop !== '' ? ' ' : ''}${stop}`;
  });
}

/** Text of a localized prompt in one language, placeholders filled. */
function textIn(text: Localized, lang: Language, values: Readonly<Record<string, string>>): string {
  const raw = text[lang];
  for (const name of placeholdersOf(raw)) {
    if (values[name] === undefined)
      throw new FlowBuildError(`no value for placeholder {${name}} in "${raw}"`);
  }
  return fill(raw, values);
}

/**
 * Emits one action per language behind a language switch, or a single action for a one-language
 * journey. `make(id, lang)` builds the variant for a language. Returns the entry identifier.
 */
export function perLanguage(
  ctx: FlowContext,
  id: string,
  make: (variantId: string, lang: Language) => FlowAction,
): string {
  const { languages, defaultLanguage } = ctx.map;
  if (languages.length === 1) {
    ctx.b.add(make(id, defaultLanguage));
    return id;
  }
  const variant = (lang: Language): string => `${id}-${lang}`;
  ctx.b.add(
    compare(
      id,
      contactAttr(LANGUAGE_ATTRIBUTE),
      languages.filter((l) => l !== defaultLanguage).map((l) => when('Equals', l, variant(l))),
      variant(defaultLanguage),
    ),
  );
  for (const lang of languages) ctx.b.add(make(variant(lang), lang));
  return id;
}

/** Speaks a localized message, then goes to `next` (also when the prompt fails). */
export function say(
  ctx: FlowContext,
  id: string,
  text: Localized,
  next: string,
  values: Readonly<Record<string, string>> = {},
): string {
  return perLanguage(ctx, id, (vid, lang) => message(vid, { Text: textIn(text, lang, values) }, next));
}

/** Asks a single-key question in the caller's language. */
export function ask(
  ctx: FlowContext,
  id: string,
  text: Localized | ((lang: Language) => string),
  options: readonly { readonly key: string; readonly next: string }[],
  otherwise: string,
  values: Readonly<Record<string, string>> = {},
): string {
  const prompt = (lang: Language): PromptContent => ({
    Text: typeof text === 'function' ? text(lang) : textIn(text, lang, values),
  });
  return perLanguage(ctx, id, (vid, lang) =>
    menu(
      vid,
      prompt(lang),
      options,
      { timeout: otherwise, noMatch: otherwise, error: otherwise },
      ctx.map.inputTimeLimitSeconds,
    ),
  );
}

/** Collects digits into `$.StoredCustomerInput` in the caller's language and records what it collects. */
export function collect(
  ctx: FlowContext,
  id: string,
  text: Localized,
  input: CollectedInput,
  options: Omit<StoredInputOptions, 'inputTimeLimitSeconds'>,
  next: string,
  onError: string,
  onInvalidPhoneNumber?: string,
): string {
  return perLanguage(ctx, id, (vid, lang) => {
    ctx.inputs.set(vid, input);
    return storedInput(
      vid,
      { Text: textIn(text, lang, {}) },
      { ...options, inputTimeLimitSeconds: ctx.map.inputTimeLimitSeconds },
      next,
      onError,
      onInvalidPhoneNumber,
    );
  });
}

/** A Lambda call with the failure policy. */
export interface IntegrationCall {
  readonly id: string;
  readonly name: IntegrationName;
  /** Parameters; each must be a parameter of the contract. */
  readonly params: Readonly<Record<string, string>>;
  /** Next action per business status (UNAVAILABLE is always retried). */
  readonly on: Readonly<Record<string, string>>;
  /** Statuses not listed in `on` (and unexpected ones). */
  readonly otherwise: string;
  /** After the retry also failed. */
  readonly failure: string;
}

/**
 * `<id>` invokes the function; `<id>-status` branches on `$.External.status`; an error branch or
 * `UNAVAILABLE` goes to `<id>-retry`, a Loop that re-invokes once and then takes `failure`.
 */
export function callIntegration(ctx: FlowContext, call: IntegrationCall): string {
  const contract = INTEGRATIONS[call.name];
  const accepted = contract.parameters.map((p) => p.replace(/\?$/, ''));
  for (const p of Object.keys(call.params)) {
    if (!accepted.includes(p))
      throw new FlowBuildError(`'${call.name}' takes no parameter '${p}' (it takes ${accepted.join(', ')})`);
  }
  const known = statusesOf(call.name);
  for (const status of Object.keys(call.on)) {
    if (!known.includes(status)) throw new FlowBuildError(`'${call.name}' never returns status '${status}'`);
  }
  const statusId = `${call.id}-status`;
  const retryId = `${call.id}-retry`;
  ctx.b.add(
    invokeLambda(
      call.id,
      ctx.resources.functionArn(call.name),
      contract.timeLimitSeconds,
      call.params,
      statusId,
      retryId,
    ),
  );
  ctx.b.add(
    compare(
      statusId,
      external('status'),
      [
        ...known.filter((s) => call.on[s] !== undefined).map((s) => when('Equals', s, call.on[s] as string)),
        when('Equals', 'UNAVAILABLE', retryId),
      ],
      call.otherwise,
    ),
  );
  ctx.b.add(loop(retryId, 1, call.id, call.failure));
  return call.id;
}

/** The shared disconnect; every path to it ends with a spoken message. */
export function hangUp(ctx: FlowContext): string {
  return ctx.b.once('hang-up', () => ctx.b.add(disconnect('hang-up')));
}

/** "Thank you for calling, goodbye", then disconnect. */
export function goodbye(ctx: FlowContext): string {
  return ctx.b.once('goodbye', () => say(ctx, 'goodbye', ctx.map.prompts.goodbye, hangUp(ctx)));
}

/** "Sorry, we can't connect you right now, please call again later, goodbye", then disconnect. */
export function sorryGoodbye(ctx: FlowContext): string {
  return ctx.b.once('sorry-goodbye', () =>
    say(ctx, 'sorry-goodbye', ctx.map.prompts.technicalFailureGoodbye, hangUp(ctx)),
  );
}

/**
 * Technical failure: logging back on, an apology, then the agent queue. If the transfer fails as
 * well, a spoken goodbye; it never loops back into the failing part.
 */
export function technicalFailure(ctx: FlowContext): string {
  return ctx.b.once('technical-failure', () => {
    const { map, resources, b } = ctx;
    b.add(logging('technical-failure', true, 'technical-failure-say'));
    say(ctx, 'technical-failure-say', map.prompts.technicalFailure, 'technical-failure-queue');
    const sorry = sorryGoodbye(ctx);
    b.add(
      setWorkingQueue(
        'technical-failure-queue',
        resources.queueArn(map.agentQueueId),
        'technical-failure-transfer',
        sorry,
      ),
    );
    b.add(transferToQueue('technical-failure-transfer', sorry, sorry));
  });
}

/**
 * Callback booking, entered at `callback-number`: call back on the caller's number or a keyed-in
 * one (logging off while it is keyed in). Each number is checked by the `callback-number` function
 * (outbound number policy and callback budgets) before it is set and the callback queued to the
 * callback queue; then goodbye and disconnect.
 *
 * - caller's number refused (premium rate, another country, withheld): "we can't call that number",
 *   then the caller keys one in;
 * - keyed-in number refused: the same retry as a number the instance cannot dial;
 * - budget exhausted (RATE_LIMITED), a technical failure or no valid number after the retry:
 *   an apology, then `resume`.
 *
 * The keyed-in number goes from `$.StoredCustomerInput` straight to the function and the callback
 * number: never into an attribute.
 */
export function callbackFragment(ctx: FlowContext, resume: string): string {
  return ctx.b.once('callback-number', () => {
    const { map, resources, b } = ctx;
    const p = map.prompts;
    ask(
      ctx,
      'callback-number',
      p.callbackNumberChoice,
      [
        { key: '1', next: 'callback-check-caller' },
        { key: '2', next: 'callback-enter' },
      ],
      'callback-check-caller',
    );
    callIntegration(ctx, {
      id: 'callback-check-caller',
      name: 'callback-number',
      params: { source: 'caller' },
      on: {
        ALLOWED: 'callback-caller-number',
        REFUSED: 'callback-invalid-number',
        INVALID_INPUT: 'callback-invalid-number',
        RATE_LIMITED: 'callback-unavailable',
      },
      otherwise: 'callback-unavailable',
      failure: 'callback-unavailable',
    });
    // The instance may still be unable to dial it: then ask for a number instead.
    b.add(
      setCallbackNumber(
        'callback-caller-number',
        '$.CustomerEndpoint.Address',
        'callback-create',
        'callback-enter',
      ),
    );
    b.add(logging('callback-enter', false, 'callback-enter-number'));
    collect(
      ctx,
      'callback-enter-number',
      p.callbackEnterNumber,
      { inputId: 'callbackNumber', dataClass: 'PII' },
      {
        validation: {
          PhoneNumberValidation: { NumberFormat: 'Local', CountryCode: map.callback.countryCode },
        },
        terminator: '#',
      },
      'callback-check-entered',
      'callback-enter-retry',
      'callback-enter-retry',
    );
    callIntegration(ctx, {
      id: 'callback-check-entered',
      name: 'callback-number',
      params: { source: 'entered', number: '$.StoredCustomerInput' },
      on: {
        ALLOWED: 'callback-entered-number',
        REFUSED: 'callback-enter-retry',
        INVALID_INPUT: 'callback-enter-retry',
        RATE_LIMITED: 'callback-unavailable',
      },
      otherwise: 'callback-unavailable',
      failure: 'callback-unavailable',
    });
    b.add(
      setCallbackNumber(
        'callback-entered-number',
        '$.StoredCustomerInput',
        'callback-create',
        'callback-enter-retry',
      ),
    );
    b.add(loop('callback-enter-retry', 1, 'callback-invalid-number', 'callback-unavailable'));
    // Logging goes off again before the number is keyed in (the caller's own number comes here too).
    say(ctx, 'callback-invalid-number', p.callbackInvalidNumber, 'callback-enter');
    b.add(
      createCallback(
        'callback-create',
        resources.queueArn(map.callbackQueueId),
        map.callback,
        'callback-confirmed',
        'callback-unavailable',
      ),
    );
    say(ctx, 'callback-confirmed', p.callbackConfirmed, hangUp(ctx));
    b.add(logging('callback-unavailable', true, 'callback-unavailable-say'));
    say(ctx, 'callback-unavailable-say', p.callbackUnavailable, resume);
  });
}
