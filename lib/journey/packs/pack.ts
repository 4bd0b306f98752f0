/**
 * Language packs: the built-in texts of the flows in one language, so a map only writes the texts
 * that are its own (intent labels, input prompts, results) and whatever it wants to say differently.
 *
 * Pure data: no aws-cdk-lib import.
 */

/** Keys of the fixed prompts of the flows, in the order the JSON Schema lists them. */
export const PROMPT_KEYS = [
  'welcome',
  'welcomeBack',
  'languageOption',
  'menuIntro',
  'menuOption',
  'menuRetry',
  'menuGiveUp',
  'afterHours',
  'afterHoursCallbackOffer',
  'callbackOffer',
  'callbackNumberChoice',
  'callbackEnterNumber',
  'callbackInvalidNumber',
  'callbackUnavailable',
  'callbackConfirmed',
  'transferring',
  'overflowNotice',
  'queueFull',
  'technicalFailure',
  'technicalFailureGoodbye',
  'goodbye',
  'anythingElse',
  'inputTimeout',
  'authChoice',
  'authNotIdentified',
  'otpSent',
  'otpInvalid',
  'otpUnavailable',
  'authLocked',
  'authFailed',
  'pinInvalid',
  'notFound',
  'deflectOffer',
  'deflectSent',
  'deflectUnavailable',
] as const;

/** A fixed prompt of the flows. */
export type PromptKey = (typeof PROMPT_KEYS)[number];

/** What each fixed prompt is for (JSON Schema descriptions and the analysts' guide). */
export const PROMPT_DESCRIPTIONS: Readonly<Record<PromptKey, string>> = {
  welcome: 'Said when the caller’s number is not known.',
  welcomeBack: 'Said to a known number when personalisation.greetByName is on; {firstName}.',
  languageOption: 'Each language’s own line of the language menu; {key}.',
  menuIntro: 'Before the menu options.',
  menuOption: 'One menu line per intent; {label}, {key}.',
  menuRetry: 'After a menu key that is not an option.',
  menuGiveUp: 'After the last menu attempt, before an adviser.',
  afterHours: 'When the contact centre is closed.',
  afterHoursCallbackOffer: 'After afterHours: press 1 for a callback.',
  callbackOffer: 'When the queue is congested: press 1 for a callback, 2 to wait.',
  callbackNumberChoice: 'Press 1 for the calling number, 2 for another one.',
  callbackEnterNumber: 'Asks for the callback number.',
  callbackInvalidNumber: 'The keyed number cannot be called.',
  callbackUnavailable: 'A callback cannot be arranged.',
  callbackConfirmed: 'The callback is booked; the call ends.',
  transferring: 'Before the transfer to an adviser.',
  overflowNotice: 'Before an overflow to another queue.',
  queueFull: 'When the queue is at capacity.',
  technicalFailure: 'A function failed; the caller goes to an adviser.',
  technicalFailureGoodbye: 'Nothing else can be done; the call ends.',
  goodbye: 'The last words of a finished call.',
  anythingElse: 'After self-service: 1 for the menu, 2 for an adviser.',
  inputTimeout: 'Nothing was keyed in.',
  authChoice: 'Press 1 for a text-message code, 2 for account number and PIN.',
  authNotIdentified: 'The caller’s number matched no customer.',
  otpSent: 'The one-time code was sent; {phoneHint} only with personalisation.speakPhoneHint.',
  otpInvalid: 'The one-time code is wrong.',
  otpUnavailable: 'The one-time code cannot be sent.',
  authLocked: 'Too many failed checks for this customer.',
  authFailed: 'The caller used every attempt.',
  pinInvalid: 'Account number and PIN do not match.',
  notFound: 'The integration found nothing (NOT_FOUND, INVALID_INPUT).',
  deflectOffer: 'Under load: press 1 for a self-service link by text message.',
  deflectSent: 'The link was sent; the call ends.',
  deflectUnavailable: 'The link could not be sent.',
};

/** Built-in texts of the flows in one language. */
export interface LanguagePack {
  /** Primary language subtag the pack is written in, e.g. `es`; it serves `es-ES`, `es-MX`, ... */
  readonly language: string;
  /** The language's own name, e.g. `Español`. */
  readonly name: string;
  readonly prompts: Readonly<Record<PromptKey, string>>;
  /** Texts of the customer queue flow. */
  readonly queueFlow: {
    readonly waitBands: readonly { readonly maxSeconds: number; readonly message: string }[];
    readonly waitLong: string;
    readonly waitUnknown: string;
    readonly holdMessages: readonly string[];
    readonly callbackOffer: string;
  };
}
