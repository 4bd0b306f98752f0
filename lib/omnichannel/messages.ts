/**
 * The texts of the decision: channel labels, reasons and headlines in every language. Placeholders
 * are `{name}`; {@link fillText} replaces them and the tests check none is left over.
 */
import type { Language, Localized, Weekday } from '../journey/types';
import type { Channel, NextOpening, ReasonCode } from './types';

const l = (en: string, fr: string): Localized => ({ en, fr });

/** Standard label of each channel. */
export const CHANNEL_LABELS: Readonly<Record<Channel, Localized>> = {
  'self-service': l('Do it online', 'Le faire en ligne'),
  chat: l('Chat with an adviser', 'Discuter avec un conseiller'),
  callback: l('Request a call back', 'Être rappelé'),
  phone: l('Call us', 'Nous appeler'),
  'sms-link': l('Get a link by text message', 'Recevoir un lien par SMS'),
};

/**
 * Reason of each code. Placeholders: `{wait}` (a duration such as "about 12 minutes"), `{opening}`
 * (such as "Monday at 08:00"), `{language}` (the customer's language name).
 */
export const REASONS: Readonly<Record<ReasonCode, Localized>> = {
  'self-service': l('Available now, at any time of day.', 'Disponible maintenant, à toute heure.'),
  deflect: l(
    'Quickest right now: our advisers are very busy.',
    'Le plus rapide en ce moment : nos conseillers sont très occupés.',
  ),
  'sms-link': l(
    'We text you a link to do it on your phone.',
    'Nous vous envoyons un lien par SMS pour le faire sur votre téléphone.',
  ),
  wait: l('{wait} wait.', 'Attente : {wait}.'),
  'wait-unknown': l(
    'The waiting time is not known right now.',
    "Le temps d'attente n'est pas connu pour le moment.",
  ),
  'wait-long': l('{wait} wait: our advisers are busy.', 'Attente : {wait}, nos conseillers sont occupés.'),
  'wait-long-callback': l(
    '{wait} wait; call back offered instead.',
    'Attente : {wait} ; rappel proposé à la place.',
  ),
  busy: l('Our advisers are very busy right now.', 'Nos conseillers sont très occupés en ce moment.'),
  'busy-callback': l(
    'Our advisers are very busy; call back offered instead.',
    'Nos conseillers sont très occupés ; rappel proposé à la place.',
  ),
  'busy-online': l(
    'Our advisers are very busy; doing it online is quicker.',
    'Nos conseillers sont très occupés ; le faire en ligne est plus rapide.',
  ),
  'no-advisers': l('No adviser is free at the moment.', "Aucun conseiller n'est disponible pour le moment."),
  callback: l(
    'Leave your number and an adviser calls you back.',
    'Laissez votre numéro et un conseiller vous rappelle.',
  ),
  'callback-keeps-place': l(
    'No need to hold: we keep your place and call you back.',
    'Inutile de patienter : nous gardons votre place et vous rappelons.',
  ),
  'callback-closed': l(
    'We call you back once we open, {opening}.',
    'Nous vous rappelons dès notre ouverture, {opening}.',
  ),
  chat: l(
    'An adviser answers in the chat window.',
    'Un conseiller vous répond dans la fenêtre de discussion.',
  ),
  closed: l('Closed now; we open {opening}.', 'Fermé en ce moment ; nous ouvrons {opening}.'),
  'open-hours-only-outside': l(
    'Offered only outside our opening hours.',
    "Proposé uniquement en dehors de nos heures d'ouverture.",
  ),
  mode: l(
    'Not offered while our advisers are this busy.',
    'Non proposé tant que nos conseillers sont aussi occupés.',
  ),
  'no-agents': l(
    'No adviser is available on this channel right now.',
    "Aucun conseiller n'est disponible sur ce canal pour le moment.",
  ),
  device: l('Not available on this device.', 'Non disponible sur cet appareil.'),
  language: l('Not available in {language}.', 'Non disponible en {language}.'),
  segment: l('Not offered for your account.', 'Non proposé pour votre compte.'),
  surface: l('Not offered here.', 'Non proposé ici.'),
};

/** Headlines. `{label}` is the recommended option, `{opening}` the next opening. */
export const HEADLINES = {
  recommended: l('We suggest: {label}.', 'Nous vous conseillons : {label}.'),
  closed: l(
    "We're closed right now and nothing can be done online for this. We open {opening}.",
    'Nous sommes fermés et rien ne peut être fait en ligne pour cela. Nous ouvrons {opening}.',
  ),
  closedNoOpening: l(
    "We're closed right now and nothing can be done online for this.",
    'Nous sommes fermés et rien ne peut être fait en ligne pour cela.',
  ),
  busy: l(
    'No contact option is available right now. Please try again in a few minutes.',
    "Aucun moyen de contact n'est disponible pour le moment. Merci de réessayer dans quelques minutes.",
  ),
} as const;

/** Language names, in each language. */
export const LANGUAGE_NAMES: Readonly<Record<Language, Localized>> = {
  en: l('English', 'anglais'),
  fr: l('French', 'français'),
};

const DAY_NAMES: Readonly<Record<Weekday, Localized>> = {
  MONDAY: l('Monday', 'lundi'),
  TUESDAY: l('Tuesday', 'mardi'),
  WEDNESDAY: l('Wednesday', 'mercredi'),
  THURSDAY: l('Thursday', 'jeudi'),
  FRIDAY: l('Friday', 'vendredi'),
  SATURDAY: l('Saturday', 'samedi'),
  SUNDAY: l('Sunday', 'dimanche'),
};

/** Replaces `{name}` placeholders; unknown ones are left for the tests to catch. */
export function fillText(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (match, name: string) => values[name] ?? match);
}

/** "about 12 minutes" / "environ 12 minutes"; under a minute: "less than a minute". */
export function formatWait(seconds: number, language: Language): string {
  if (seconds < 60) return language === 'fr' ? "moins d'une minute" : 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes >= 120) {
    const hours = Math.round(minutes / 60);
    return language === 'fr' ? `environ ${hours} heures` : `about ${hours} hours`;
  }
  if (language === 'fr') return minutes === 1 ? 'environ 1 minute' : `environ ${minutes} minutes`;
  return minutes === 1 ? 'about 1 minute' : `about ${minutes} minutes`;
}

/** Capitalises the first letter (a duration starting a sentence). */
export function capitalise(text: string): string {
  return text.length === 0 ? text : text[0].toUpperCase() + text.slice(1);
}

/** "today at 08:00", "tomorrow at 08:00", "on Monday at 08:00" (French: "aujourd'hui à 08:00"...). */
export function formatOpening(opening: NextOpening, language: Language): string {
  const time = language === 'fr' ? opening.time.replace(':', ' h ') : opening.time;
  if (language === 'fr') {
    if (opening.daysAhead === 0) return `aujourd'hui à ${time}`;
    if (opening.daysAhead === 1) return `demain à ${time}`;
    return `${DAY_NAMES[opening.day].fr} à ${time}`;
  }
  if (opening.daysAhead === 0) return `today at ${time}`;
  if (opening.daysAhead === 1) return `tomorrow at ${time}`;
  return `on ${DAY_NAMES[opening.day].en} at ${time}`;
}
