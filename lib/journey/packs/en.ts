/** English texts of the flows (a map's own `prompts` and `queueFlow` texts override them). */
import type { LanguagePack } from './pack';

/** The English language pack. */
export const EN: LanguagePack = {
  language: 'en',
  name: 'English',
  prompts: {
    welcome: 'Welcome. Calls may be recorded for training and quality purposes.',
    welcomeBack:
      'Hello {firstName}, and welcome back. Calls may be recorded for training and quality purposes.',
    languageOption: 'For English, press {key}.',
    menuIntro: 'Please choose from the following options.',
    menuOption: 'For {label}, press {key}.',
    menuRetry: "Sorry, I didn't catch that.",
    menuGiveUp: 'Let me put you through to an adviser.',
    afterHours:
      "Thank you for calling. We're closed at the moment. Please call again during our opening hours.",
    afterHoursCallbackOffer:
      'To have an adviser call you back when we open, press 1. Otherwise, please call again during our opening hours.',
    callbackOffer:
      'All our advisers are busy at the moment. To have an adviser call you back instead of waiting, press 1. To keep waiting, press 2.',
    callbackNumberChoice:
      "To be called back on the number you're calling from, press 1. To give us a different number, press 2.",
    callbackEnterNumber: 'Please key in the phone number we should call, followed by the hash key.',
    callbackInvalidNumber: "Sorry, we can't call that number.",
    callbackUnavailable: "Sorry, we can't arrange a call back right now.",
    callbackConfirmed: 'Thank you. An adviser will call you back as soon as possible. Goodbye.',
    transferring: 'Please hold while I connect you to an adviser.',
    overflowNotice: "To reduce your wait, I'm connecting you to the next available adviser.",
    queueFull: "I'm sorry, all our lines are very busy.",
    technicalFailure: "I'm sorry, we're having a technical problem. Let me put you through to an adviser.",
    technicalFailureGoodbye: "I'm sorry, we can't connect you right now. Please call again later. Goodbye.",
    goodbye: 'Thank you for calling. Goodbye.',
    anythingElse:
      "If there's anything else, press 1 to go back to the main menu, or press 2 to speak to an adviser. Otherwise, you can hang up.",
    inputTimeout: "Sorry, I didn't receive anything.",
    authChoice:
      'First, we need to confirm your identity. To receive a security code by text message, press 1. To use your account number and PIN, press 2.',
    authNotIdentified:
      "I couldn't find your details from the number you're calling from, so I'll put you through to an adviser.",
    otpSent: "We've sent a six-digit security code by text message to the mobile number we have for you.",
    otpInvalid: "Sorry, that code isn't right.",
    otpUnavailable:
      "Sorry, we can't send you a security code right now, so I'll put you through to an adviser.",
    authLocked:
      "For your security, I can't complete this check by phone. Let me put you through to an adviser.",
    authFailed: "Sorry, we weren't able to confirm your identity. Let me put you through to an adviser.",
    pinInvalid: "Sorry, those details don't match our records.",
    notFound: "Sorry, I couldn't find what you asked for.",
    deflectOffer:
      'You can also do this online straight away. To get a link by text message, press 1. To keep waiting for an adviser, press 2.',
    deflectSent: "We've sent you a text message with the link. Thank you for calling. Goodbye.",
    deflectUnavailable: "Sorry, we can't send a text message right now.",
  },
  queueFlow: {
    waitBands: [
      { maxSeconds: 120, message: 'Your expected wait is less than two minutes.' },
      { maxSeconds: 300, message: 'Your expected wait is less than five minutes.' },
      { maxSeconds: 600, message: 'Your expected wait is less than ten minutes.' },
    ],
    waitLong: 'All our advisers are very busy, and your wait may be longer than ten minutes.',
    waitUnknown: 'An adviser will be with you as soon as possible.',
    holdMessages: ['Thank you for waiting. An adviser will be with you shortly.'],
    callbackOffer:
      "If you'd rather not wait, press 1 and an adviser will call you back. To keep your place in the queue, press 2.",
  },
};
