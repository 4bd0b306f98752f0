/**
 * The default omnichannel referential for the default journey map (Northwind): which channels solve
 * each intent, in order of preference, and when each is offered.
 *
 * - Balance, order status and password reset can be done online at any time; the page offers the
 *   self-service page first, the IVR a link by SMS to mobile callers.
 * - An adviser is reached by phone, chat (English-speaking team only) or a call back; phone and
 *   chat give way to the call back once the live wait passes what a customer will accept.
 */
import type { Localized } from '../journey/types';
import type { OmnichannelReferential } from './types';

const l = (en: string, fr: string): Localized => ({ en, fr });

/** The default referential, keyed by the intents of `DEFAULT_JOURNEY_MAP`. */
export const DEFAULT_REFERENTIAL: OmnichannelReferential = {
  // Ofcom's range reserved for drama and examples: never a real subscriber.
  phoneNumber: '+442079460123',
  chatUrl: 'https://www.example.com/help/chat',
  intents: {
    balance: {
      title: l('Account balance', 'Solde du compte'),
      description: l('See what you owe or have available.', 'Consultez votre solde disponible.'),
      solutions: [
        { channel: 'self-service' },
        { channel: 'sms-link' },
        { channel: 'phone', when: { maxWaitSeconds: 600 } },
        { channel: 'callback' },
      ],
    },
    orderStatus: {
      title: l('Where is my order?', 'Où en est ma commande ?'),
      description: l('Track a delivery or a return.', 'Suivez une livraison ou un retour.'),
      solutions: [
        { channel: 'self-service' },
        { channel: 'sms-link' },
        { channel: 'chat', when: { languages: ['en'], maxWaitSeconds: 300 } },
        { channel: 'callback' },
        { channel: 'phone', when: { maxWaitSeconds: 900 } },
      ],
    },
    passwordReset: {
      title: l('Reset my password', 'Réinitialiser mon mot de passe'),
      description: l('Get back into your online account.', 'Retrouvez l’accès à votre compte en ligne.'),
      solutions: [
        { channel: 'self-service' },
        { channel: 'sms-link' },
        { channel: 'phone', when: { maxWaitSeconds: 600 } },
        { channel: 'callback', when: { hours: 'open' } },
      ],
    },
    adviser: {
      title: l('Speak to an adviser', 'Parler à un conseiller'),
      description: l(
        'Anything else: we are here to help.',
        'Toute autre demande : nous sommes là pour vous aider.',
      ),
      solutions: [
        { channel: 'phone', when: { maxWaitSeconds: 300 } },
        { channel: 'chat', when: { languages: ['en'], maxWaitSeconds: 180 } },
        { channel: 'callback' },
      ],
    },
  },
};
