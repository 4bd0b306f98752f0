/**
 * The default journey map: a UK retailer with accounts and orders, speaking English and French.
 * Intents: account balance (PIN or one-time code), order status (one-time code + order number),
 * password reset (one-time code) and "speak to an adviser".
 */
import type { JourneyMap, Localized } from './types';

const l = (en: string, fr: string): Localized => ({ en, fr });

const CHRISTMAS = l(
  'Merry Christmas from all of us at Northwind. Our advisers are back on the twenty-ninth of December.',
  "Toute l'équipe de Northwind vous souhaite un joyeux Noël. Nos conseillers seront de retour le 29 décembre.",
);

/** Bank holidays in England and Wales, 2026-2027 (gov.uk), substitute days included, plus closures. */
const UK_BANK_HOLIDAYS: JourneyMap['hours']['holidays'] = [
  { date: '2026-01-01', name: "New Year's Day" },
  { date: '2026-04-03', name: 'Good Friday' },
  { date: '2026-04-06', name: 'Easter Monday' },
  { date: '2026-05-04', name: 'Early May bank holiday' },
  { date: '2026-05-25', name: 'Spring bank holiday' },
  { date: '2026-08-31', name: 'Summer bank holiday' },
  {
    date: '2026-12-25',
    name: 'Christmas Day',
    message: CHRISTMAS,
  },
  { date: '2026-12-28', name: 'Boxing Day (substitute day)' },
  { date: '2027-01-01', name: "New Year's Day" },
  { date: '2027-03-26', name: 'Good Friday' },
  { date: '2027-03-29', name: 'Easter Monday' },
  { date: '2027-05-03', name: 'Early May bank holiday' },
  { date: '2027-05-31', name: 'Spring bank holiday' },
  { date: '2027-08-30', name: 'Summer bank holiday' },
  // Christmas Day 2027 is a Saturday, a normal opening day, so it is closed explicitly.
  { date: '2027-12-25', name: 'Christmas Day', message: CHRISTMAS },
  {
    date: '2027-12-27',
    name: 'Christmas Day (substitute day)',
    message: CHRISTMAS,
  },
  { date: '2027-12-28', name: 'Boxing Day (substitute day)' },
];

/** The default journey map. */
export const DEFAULT_JOURNEY_MAP: JourneyMap = {
  name: 'Northwind',
  defaultLanguage: 'en',
  languages: ['en', 'fr'],
  voices: { en: { voice: 'Amy', engine: 'Neural' }, fr: { voice: 'Lea', engine: 'Neural' } },
  hours: {
    name: 'Northwind opening hours',
    description: 'Monday to Friday 08:00-20:00, Saturday 09:00-17:00 (UK time), closed on bank holidays',
    timeZone: 'Europe/London',
    weekly: [
      { day: 'MONDAY', start: '08:00', end: '20:00' },
      { day: 'TUESDAY', start: '08:00', end: '20:00' },
      { day: 'WEDNESDAY', start: '08:00', end: '20:00' },
      { day: 'THURSDAY', start: '08:00', end: '20:00' },
      { day: 'FRIDAY', start: '08:00', end: '20:00' },
      { day: 'SATURDAY', start: '09:00', end: '17:00' },
    ],
    holidays: UK_BANK_HOLIDAYS,
  },
  queues: [
    {
      id: 'general',
      name: 'General',
      description: 'General enquiries, password help and callers who ask for an adviser',
      underLoad: { mode: 'CALLBACK', estimatedWaitThresholdSeconds: 300 },
      forecast: { callsPerHour: 240, ahtSeconds: 300, agents: 24 },
    },
    {
      id: 'billing',
      name: 'Billing',
      description: 'Account balances and payments',
      underLoad: { mode: 'OVERFLOW', overflowQueueId: 'overflow', estimatedWaitThresholdSeconds: 240 },
      forecast: { callsPerHour: 360, ahtSeconds: 480, agents: 55 },
      // Erlang C (npm run capacity): at 48 Erlangs on 55 agents no 3-of-5 wait threshold is both quiet
      // at plan (<1 % false alarms) and alert 3 agents short (>50 %); 6 of 10 minutes at 150 s is.
      alarms: { longestWaitSeconds: 150, evaluationPeriods: 10, datapointsToAlarm: 6 },
    },
    {
      id: 'orders',
      name: 'Orders',
      description: 'Order status, deliveries and returns',
      underLoad: { mode: 'DEFLECT', estimatedWaitThresholdSeconds: 300 },
      forecast: { callsPerHour: 300, ahtSeconds: 240, agents: 24 },
    },
    {
      id: 'overflow',
      name: 'Overflow',
      description: 'Wider agent pool that takes calls from congested queues',
      underLoad: { mode: 'CALLBACK', estimatedWaitThresholdSeconds: 600 },
    },
    {
      id: 'callback',
      name: 'Callback',
      description: 'Queued callbacks requested by callers',
      underLoad: { mode: 'CALLBACK', estimatedWaitThresholdSeconds: 3600 },
      // Callbacks wait by design; only a much longer backlog should page anyone.
      alarms: { longestWaitSeconds: 3600 },
    },
  ],
  inputs: [
    {
      id: 'accountNumber',
      dataClass: 'PII',
      minDigits: 8,
      maxDigits: 8,
      prompt: l(
        'Please key in your eight-digit account number.',
        'Veuillez composer votre numéro de compte à huit chiffres.',
      ),
    },
    {
      id: 'pin',
      dataClass: 'PCI',
      minDigits: 4,
      maxDigits: 6,
      prompt: l(
        'Now please key in your PIN, followed by the hash key.',
        'Veuillez maintenant composer votre code confidentiel, suivi de la touche dièse.',
      ),
    },
    {
      id: 'otpCode',
      dataClass: 'PCI',
      minDigits: 6,
      maxDigits: 6,
      parameter: 'code',
      prompt: l('Please key in the six-digit code.', 'Veuillez composer le code à six chiffres.'),
    },
    {
      id: 'orderNumber',
      dataClass: 'PII',
      minDigits: 8,
      maxDigits: 10,
      parameter: 'orderId',
      prompt: l(
        'Please key in your order number, followed by the hash key.',
        'Veuillez composer votre numéro de commande, suivi de la touche dièse.',
      ),
    },
  ],
  intents: [
    {
      id: 'balance',
      dtmf: '1',
      label: l('your account balance', 'le solde de votre compte'),
      auth: 'PIN_OR_OTP',
      inputs: [],
      integration: 'balance-lookup',
      queueId: 'billing',
      selfService: true,
      result: l(
        'Your account balance is {balanceSpeech}.',
        'Le solde de votre compte est de {balanceSpeech}.',
      ),
    },
    {
      id: 'orderStatus',
      dtmf: '2',
      label: l('the status of an order', "le suivi d'une commande"),
      auth: 'OTP',
      inputs: ['orderNumber'],
      integration: 'order-status',
      queueId: 'orders',
      selfService: true,
      result: l('{statusSpeech} {expectedDateSpeech}', '{statusSpeech} {expectedDateSpeech}'),
      notFound: l(
        "Sorry, I couldn't find an order with that number.",
        "Désolé, je n'ai trouvé aucune commande correspondant à ce numéro.",
      ),
    },
    {
      id: 'passwordReset',
      dtmf: '3',
      label: l('help resetting your password', 'réinitialiser votre mot de passe'),
      auth: 'OTP',
      inputs: [],
      integration: 'password-reset',
      queueId: 'general',
      selfService: true,
      result: l(
        "We've sent a link to reset your password by text message to your phone ending in {phoneHint}.",
        'Nous avons envoyé un lien de réinitialisation de votre mot de passe par SMS à votre téléphone se terminant par {phoneHint}.',
      ),
    },
    {
      id: 'adviser',
      dtmf: '4',
      label: l(
        'anything else, or to speak to an adviser',
        'toute autre demande, ou pour parler à un conseiller',
      ),
      auth: 'NONE',
      inputs: [],
      queueId: 'general',
      selfService: false,
    },
  ],
  auth: {
    otpCodeInputId: 'otpCode',
    accountNumberInputId: 'accountNumber',
    pinInputId: 'pin',
    maxAttempts: 3,
    // A PIN for another customer than the caller-ID match: that customer is who the caller is.
    callerIdMismatch: 'replace',
  },
  notices: [
    {
      code: 'ORDER_DELAYED',
      message: l(
        "We're sorry: one of your recent orders is running late. You can check its status from the menu.",
        "Nous sommes désolés : l'une de vos commandes récentes a pris du retard. Vous pouvez en suivre l'état depuis le menu.",
      ),
    },
  ],
  // Caller ID can be spoofed: no name, notice or phone digits before the caller is verified.
  personalisation: { greetByName: false, proactiveNotice: false, speakPhoneHint: false },
  prompts: {
    welcome: l(
      'Welcome to Northwind customer services. Calls may be recorded for training and quality purposes.',
      'Bienvenue au service client de Northwind. Vos appels peuvent être enregistrés à des fins de formation et de qualité.',
    ),
    welcomeBack: l(
      'Hello {firstName}, and welcome back to Northwind. Calls may be recorded for training and quality purposes.',
      'Bonjour {firstName}, et bienvenue chez Northwind. Vos appels peuvent être enregistrés à des fins de formation et de qualité.',
    ),
    languageOption: l('For English, press {key}.', 'Pour le français, appuyez sur {key}.'),
    menuIntro: l(
      'Please choose from the following options.',
      'Veuillez choisir parmi les options suivantes.',
    ),
    menuOption: l('For {label}, press {key}.', 'Pour {label}, appuyez sur {key}.'),
    menuRetry: l("Sorry, I didn't catch that.", "Désolé, je n'ai pas compris votre choix."),
    menuGiveUp: l('Let me put you through to an adviser.', 'Je vous mets en relation avec un conseiller.'),
    afterHours: l(
      "Thank you for calling Northwind. We're closed at the moment. Our lines are open Monday to Friday from 8am to 8pm, and on Saturday from 9am to 5pm.",
      "Merci d'avoir appelé Northwind. Nos bureaux sont actuellement fermés. Nous sommes joignables du lundi au vendredi de 8 h à 20 h, et le samedi de 9 h à 17 h.",
    ),
    afterHoursCallbackOffer: l(
      'To have an adviser call you back when we open, press 1. Otherwise, please call again during our opening hours.',
      "Pour être rappelé par un conseiller dès notre réouverture, appuyez sur 1. Sinon, merci de nous rappeler pendant nos heures d'ouverture.",
    ),
    callbackOffer: l(
      'All our advisers are busy at the moment. To have an adviser call you back instead of waiting, press 1. To keep waiting, press 2.',
      'Tous nos conseillers sont actuellement occupés. Pour être rappelé par un conseiller plutôt que de patienter, appuyez sur 1. Pour rester en ligne, appuyez sur 2.',
    ),
    callbackNumberChoice: l(
      "To be called back on the number you're calling from, press 1. To give us a different number, press 2.",
      'Pour être rappelé au numéro depuis lequel vous appelez, appuyez sur 1. Pour nous indiquer un autre numéro, appuyez sur 2.',
    ),
    callbackEnterNumber: l(
      'Please key in the phone number we should call, followed by the hash key.',
      'Veuillez composer le numéro auquel nous devons vous rappeler, suivi de la touche dièse.',
    ),
    callbackInvalidNumber: l(
      "Sorry, we can't call that number.",
      'Désolé, nous ne pouvons pas appeler ce numéro.',
    ),
    callbackUnavailable: l(
      "Sorry, we can't arrange a call back right now.",
      'Désolé, nous ne pouvons pas programmer de rappel pour le moment.',
    ),
    callbackConfirmed: l(
      'Thank you. An adviser will call you back as soon as possible. Goodbye.',
      'Merci. Un conseiller vous rappellera dès que possible. Au revoir.',
    ),
    transferring: l(
      'Please hold while I connect you to an adviser.',
      'Veuillez patienter, je vous mets en relation avec un conseiller.',
    ),
    overflowNotice: l(
      "To reduce your wait, I'm connecting you to the next available adviser.",
      'Pour réduire votre attente, je vous mets en relation avec le prochain conseiller disponible.',
    ),
    queueFull: l(
      "I'm sorry, all our lines are very busy.",
      'Nous sommes désolés, toutes nos lignes sont saturées.',
    ),
    technicalFailure: l(
      "I'm sorry, we're having a technical problem. Let me put you through to an adviser.",
      'Nous sommes désolés, nous rencontrons un problème technique. Je vous mets en relation avec un conseiller.',
    ),
    technicalFailureGoodbye: l(
      "I'm sorry, we can't connect you right now. Please call again later. Goodbye.",
      'Nous sommes désolés, nous ne pouvons pas donner suite à votre appel pour le moment. Merci de rappeler plus tard. Au revoir.',
    ),
    goodbye: l('Thank you for calling Northwind. Goodbye.', "Merci d'avoir appelé Northwind. Au revoir."),
    anythingElse: l(
      "If there's anything else, press 1 to go back to the main menu, or press 2 to speak to an adviser. Otherwise, you can hang up.",
      'Pour toute autre demande, appuyez sur 1 pour revenir au menu principal, ou sur 2 pour parler à un conseiller. Sinon, vous pouvez raccrocher.',
    ),
    inputTimeout: l("Sorry, I didn't receive anything.", "Désolé, je n'ai rien reçu."),
    authChoice: l(
      'First, we need to confirm your identity. To receive a security code by text message, press 1. To use your account number and PIN, press 2.',
      "Nous devons d'abord vérifier votre identité. Pour recevoir un code de sécurité par SMS, appuyez sur 1. Pour utiliser votre numéro de compte et votre code confidentiel, appuyez sur 2.",
    ),
    authNotIdentified: l(
      "I couldn't find your details from the number you're calling from, so I'll put you through to an adviser.",
      "Je n'ai pas trouvé votre dossier à partir du numéro depuis lequel vous appelez. Je vous mets donc en relation avec un conseiller.",
    ),
    otpSent: l(
      "We've sent a six-digit security code by text message to the mobile number we have for you.",
      'Nous venons de vous envoyer un code de sécurité à six chiffres par SMS, au numéro de mobile enregistré dans votre dossier.',
    ),
    otpInvalid: l("Sorry, that code isn't right.", "Désolé, ce code n'est pas valide."),
    otpUnavailable: l(
      "Sorry, we can't send you a security code right now, so I'll put you through to an adviser.",
      'Désolé, nous ne pouvons pas vous envoyer de code de sécurité pour le moment. Je vous mets en relation avec un conseiller.',
    ),
    authLocked: l(
      "For your security, I can't complete this check by phone. Let me put you through to an adviser.",
      'Pour votre sécurité, je ne peux pas finaliser cette vérification par téléphone. Je vous mets en relation avec un conseiller.',
    ),
    authFailed: l(
      "Sorry, we weren't able to confirm your identity. Let me put you through to an adviser.",
      "Désolé, nous n'avons pas pu confirmer votre identité. Je vous mets en relation avec un conseiller.",
    ),
    pinInvalid: l(
      "Sorry, those details don't match our records.",
      'Désolé, ces informations ne correspondent pas à nos dossiers.',
    ),
    notFound: l(
      "Sorry, I couldn't find what you asked for.",
      "Désolé, je n'ai pas trouvé ce que vous avez demandé.",
    ),
    deflectOffer: l(
      'You can also do this online straight away. To get a link by text message, press 1. To keep waiting for an adviser, press 2.',
      'Vous pouvez aussi effectuer cette démarche en ligne dès maintenant. Pour recevoir un lien par SMS, appuyez sur 1. Pour continuer à attendre un conseiller, appuyez sur 2.',
    ),
    deflectSent: l(
      "We've sent you a text message with the link. Thank you for calling Northwind. Goodbye.",
      "Nous vous avons envoyé un SMS contenant le lien. Merci d'avoir appelé Northwind. Au revoir.",
    ),
    deflectUnavailable: l(
      "Sorry, we can't send a text message right now.",
      'Désolé, nous ne pouvons pas envoyer de SMS pour le moment.',
    ),
  },
  queueFlow: {
    interruptSeconds: 60,
    waitBands: [
      {
        maxSeconds: 120,
        message: l(
          'Your expected wait is less than two minutes.',
          "Votre temps d'attente estimé est de moins de deux minutes.",
        ),
      },
      {
        maxSeconds: 300,
        message: l(
          'Your expected wait is less than five minutes.',
          "Votre temps d'attente estimé est de moins de cinq minutes.",
        ),
      },
      {
        maxSeconds: 600,
        message: l(
          'Your expected wait is less than ten minutes.',
          "Votre temps d'attente estimé est de moins de dix minutes.",
        ),
      },
    ],
    waitLong: l(
      'All our advisers are very busy, and your wait may be longer than ten minutes.',
      'Tous nos conseillers sont très sollicités, et votre attente pourrait dépasser dix minutes.',
    ),
    waitUnknown: l(
      'An adviser will be with you as soon as possible.',
      'Un conseiller va vous répondre dès que possible.',
    ),
    holdMessages: [
      l(
        'Thank you for waiting. An adviser will be with you shortly.',
        'Merci de votre patience. Un conseiller va prendre votre appel dans quelques instants.',
      ),
      l(
        'Did you know you can check your balance and track your orders on our website?',
        'Le saviez-vous ? Vous pouvez consulter votre solde et suivre vos commandes sur notre site internet.',
      ),
    ],
    callbackOffer: l(
      "If you'd rather not wait, press 1 and an adviser will call you back. To keep your place in the queue, press 2.",
      "Si vous préférez ne pas attendre, appuyez sur 1 et un conseiller vous rappellera. Pour conserver votre place dans la file d'attente, appuyez sur 2.",
    ),
  },
  agentQueueId: 'general',
  callbackQueueId: 'callback',
  overflowQueueId: 'overflow',
  callback: { initialDelaySeconds: 60, maxAttempts: 3, retryDelaySeconds: 600, countryCode: 'GB' },
  inputTimeLimitSeconds: 8,
  menuAttempts: 3,
  recordAgentCalls: true,
};
