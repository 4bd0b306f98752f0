/**
 * Text for the contact flow to speak (Polly), per language: money amounts, dates and order
 * statuses. Supported languages are `en` and `fr`; anything else falls back to English.
 */

/** Languages the speech texts exist in. */
export const SPEECH_LANGUAGES = ['en', 'fr'] as const;
export type SpeechLanguage = (typeof SPEECH_LANGUAGES)[number];

/** Maps a language tag (`fr`, `fr-FR`, `FR`) to a supported language, English by default. */
export function speechLanguage(tag: string | undefined): SpeechLanguage {
  const base = (tag ?? '').slice(0, 2).toLowerCase();
  return base === 'fr' ? 'fr' : 'en';
}

interface CurrencyWords {
  readonly major: readonly [singular: string, plural: string];
  readonly minor: readonly [singular: string, plural: string];
}

const CURRENCY_WORDS: Readonly<Record<SpeechLanguage, Readonly<Record<string, CurrencyWords>>>> = {
  en: {
    GBP: { major: ['pound', 'pounds'], minor: ['penny', 'pence'] },
    EUR: { major: ['euro', 'euros'], minor: ['cent', 'cents'] },
    USD: { major: ['dollar', 'dollars'], minor: ['cent', 'cents'] },
  },
  fr: {
    GBP: { major: ['livre', 'livres'], minor: ['penny', 'pence'] },
    EUR: { major: ['euro', 'euros'], minor: ['centime', 'centimes'] },
    USD: { major: ['dollar', 'dollars'], minor: ['cent', 'cents'] },
  },
};

/** Groups digits in thousands: `1,234,567` in English, `1 234 567` in French. */
export function groupThousands(value: number, language: SpeechLanguage): string {
  const separator = language === 'fr' ? ' ' : ',';
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

function plural(words: readonly [string, string], count: number, language: SpeechLanguage): string {
  // French uses the singular for 0 and 1 ("0 euro"), English only for 1.
  const singular = language === 'fr' ? count <= 1 : count === 1;
  return singular ? words[0] : words[1];
}

/**
 * Speaks a balance in minor units: `1,234 pounds and 56 pence`, `1 234 euros et 56 centimes`;
 * negative balances as overdrawn (`overdrawn by 12 pounds and 5 pence`).
 */
export function balanceSpeech(balanceMinor: number, currency: string, language: SpeechLanguage): string {
  const words = CURRENCY_WORDS[language][currency.toUpperCase()];
  const magnitude = Math.abs(Math.trunc(balanceMinor));
  const major = Math.floor(magnitude / 100);
  const minor = magnitude % 100;
  const and = language === 'fr' ? 'et' : 'and';
  let amount: string;
  if (!words) {
    // Unknown currency: the number and the code, still speakable.
    amount = `${groupThousands(major, language)}${language === 'fr' ? ',' : '.'}${String(minor).padStart(2, '0')} ${currency}`;
  } else if (minor === 0) {
    amount = `${groupThousands(major, language)} ${plural(words.major, major, language)}`;
  } else if (major === 0) {
    amount = `${minor} ${plural(words.minor, minor, language)}`;
  } else {
    amount = `${groupThousands(major, language)} ${plural(words.major, major, language)} ${and} ${minor} ${plural(words.minor, minor, language)}`;
  }
  if (balanceMinor < 0 && magnitude > 0) {
    return language === 'fr' ? `à découvert de ${amount}` : `overdrawn by ${amount}`;
  }
  return amount;
}

const WEEKDAYS: Readonly<Record<SpeechLanguage, readonly string[]>> = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  fr: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
};

const MONTHS: Readonly<Record<SpeechLanguage, readonly string[]>> = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
};

/**
 * Speaks a calendar date (`YYYY-MM-DD`, or an ISO timestamp whose date part is used):
 * `Tuesday 3 December` / `mardi 3 décembre` (French says `1er` for the first). Undefined if unparseable.
 */
export function dateSpeech(isoDate: string, language: SpeechLanguage): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  const dayWord = language === 'fr' && day === 1 ? '1er' : String(day);
  return `${WEEKDAYS[language][date.getUTCDay()]} ${dayWord} ${MONTHS[language][month - 1]}`;
}

/** Order status codes the speech knows; others are spoken generically. */
export const ORDER_STATUSES = [
  'PLACED',
  'PROCESSING',
  'SHIPPED',
  'DELAYED',
  'DELIVERED',
  'CANCELLED',
  'RETURNED',
] as const;

const ORDER_STATUS_SPEECH: Readonly<Record<SpeechLanguage, Readonly<Record<string, string>>>> = {
  en: {
    PLACED: 'has been received and is being prepared',
    PROCESSING: 'is being prepared',
    SHIPPED: 'has been shipped',
    DELAYED: 'is delayed',
    DELIVERED: 'has been delivered',
    CANCELLED: 'has been cancelled',
    RETURNED: 'has been returned',
  },
  fr: {
    PLACED: 'a bien été reçue et est en préparation',
    PROCESSING: 'est en préparation',
    SHIPPED: 'a été expédiée',
    DELAYED: 'est retardée',
    DELIVERED: 'a été livrée',
    CANCELLED: 'a été annulée',
    RETURNED: 'a été retournée',
  },
};

/** Speaks an order status: `Your order has been shipped.` / `Votre commande a été expédiée.` */
export function orderStatusSpeech(status: string, language: SpeechLanguage): string {
  const phrase = ORDER_STATUS_SPEECH[language][status.toUpperCase()];
  if (language === 'fr')
    return phrase ? `Votre commande ${phrase}.` : 'Votre commande est en cours de traitement.';
  return phrase ? `Your order ${phrase}.` : 'Your order is being processed.';
}
