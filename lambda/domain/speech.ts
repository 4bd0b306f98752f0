/**
 * Text for the contact flow to speak (Polly), per language: money amounts, dates and order
 * statuses. Language packs ship for English, French, Spanish and German; a BCP-47 tag is served by
 * its own language's pack (`es-MX` -> `es`) and anything else falls back to English.
 */

/** Languages the speech texts exist in (primary language subtags). */
export const SPEECH_LANGUAGES = ['en', 'fr', 'es', 'de'] as const;

/** A language the speech texts exist in. */
export type SpeechLanguage = (typeof SPEECH_LANGUAGES)[number];

/**
 * The speech language of a BCP-47 tag (`fr`, `fr-FR`, `FR`, `es-MX`, `de_AT`): its primary
 * language when a pack ships for it, English otherwise.
 */
export function speechLanguage(tag: string | undefined): SpeechLanguage {
  const primary = (tag ?? '').split(/[-_]/)[0]?.toLowerCase() ?? '';
  return (SPEECH_LANGUAGES as readonly string[]).includes(primary) ? (primary as SpeechLanguage) : 'en';
}

interface CurrencyWords {
  readonly major: readonly [singular: string, plural: string];
  readonly minor: readonly [singular: string, plural: string];
}

/** Everything one language needs to speak amounts, dates and order statuses. */
interface SpeechPack {
  readonly currencies: Readonly<Record<string, CurrencyWords>>;
  readonly thousands: string;
  readonly decimal: string;
  /** Joins the major and minor parts: `and`, `et`, `con`, `und`. */
  readonly and: string;
  /** Whether a count takes the singular (French: 0 and 1; the others: 1). */
  readonly singular: (count: number) => boolean;
  readonly overdrawn: (amount: string) => string;
  readonly weekdays: readonly string[];
  readonly months: readonly string[];
  readonly date: (weekday: string, day: number, month: string) => string;
  readonly statuses: Readonly<Record<string, string>>;
  readonly order: (phrase: string | undefined) => string;
  /** Sentences about an order's date: delivered on, expected on. */
  readonly delivered: (date: string) => string;
  readonly expected: (date: string) => string;
}

const SPEECH: Readonly<Record<SpeechLanguage, SpeechPack>> = {
  en: {
    currencies: {
      GBP: { major: ['pound', 'pounds'], minor: ['penny', 'pence'] },
      EUR: { major: ['euro', 'euros'], minor: ['cent', 'cents'] },
      USD: { major: ['dollar', 'dollars'], minor: ['cent', 'cents'] },
    },
    thousands: ',',
    decimal: '.',
    and: 'and',
    singular: (n) => n === 1,
    overdrawn: (amount) => `overdrawn by ${amount}`,
    weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    months: [
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
    date: (weekday, day, month) => `${weekday} ${day} ${month}`,
    statuses: {
      PLACED: 'has been received and is being prepared',
      PROCESSING: 'is being prepared',
      SHIPPED: 'has been shipped',
      DELAYED: 'is delayed',
      DELIVERED: 'has been delivered',
      CANCELLED: 'has been cancelled',
      RETURNED: 'has been returned',
    },
    order: (phrase) => (phrase ? `Your order ${phrase}.` : 'Your order is being processed.'),
    delivered: (date) => `Delivered on ${date}.`,
    expected: (date) => `Expected on ${date}.`,
  },
  fr: {
    currencies: {
      GBP: { major: ['livre', 'livres'], minor: ['penny', 'pence'] },
      EUR: { major: ['euro', 'euros'], minor: ['centime', 'centimes'] },
      USD: { major: ['dollar', 'dollars'], minor: ['cent', 'cents'] },
    },
    thousands: ' ',
    decimal: ',',
    and: 'et',
    // French uses the singular for 0 and 1 ("0 euro").
    singular: (n) => n <= 1,
    overdrawn: (amount) => `à découvert de ${amount}`,
    weekdays: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
    months: [
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
    date: (weekday, day, month) => `${weekday} ${day === 1 ? '1er' : day} ${month}`,
    statuses: {
      PLACED: 'a bien été reçue et est en préparation',
      PROCESSING: 'est en préparation',
      SHIPPED: 'a été expédiée',
      DELAYED: 'est retardée',
      DELIVERED: 'a été livrée',
      CANCELLED: 'a été annulée',
      RETURNED: 'a été retournée',
    },
    order: (phrase) => (phrase ? `Votre commande ${phrase}.` : 'Votre commande est en cours de traitement.'),
    delivered: (date) => `Livrée le ${date}.`,
    expected: (date) => `Livraison prévue le ${date}.`,
  },
  es: {
    currencies: {
      GBP: { major: ['libra', 'libras'], minor: ['penique', 'peniques'] },
      EUR: { major: ['euro', 'euros'], minor: ['céntimo', 'céntimos'] },
      USD: { major: ['dólar', 'dólares'], minor: ['centavo', 'centavos'] },
      MXN: { major: ['peso', 'pesos'], minor: ['centavo', 'centavos'] },
    },
    thousands: '.',
    decimal: ',',
    and: 'con',
    singular: (n) => n === 1,
    overdrawn: (amount) => `un descubierto de ${amount}`,
    weekdays: ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
    months: [
      'enero',
      'febrero',
      'marzo',
      'abril',
      'mayo',
      'junio',
      'julio',
      'agosto',
      'septiembre',
      'octubre',
      'noviembre',
      'diciembre',
    ],
    date: (weekday, day, month) => `${weekday} ${day} de ${month}`,
    statuses: {
      PLACED: 'se ha recibido y se está preparando',
      PROCESSING: 'se está preparando',
      SHIPPED: 'se ha enviado',
      DELAYED: 'lleva retraso',
      DELIVERED: 'se ha entregado',
      CANCELLED: 'se ha cancelado',
      RETURNED: 'se ha devuelto',
    },
    order: (phrase) => (phrase ? `Su pedido ${phrase}.` : 'Su pedido se está tramitando.'),
    delivered: (date) => `Entregado el ${date}.`,
    expected: (date) => `Entrega prevista el ${date}.`,
  },
  de: {
    currencies: {
      GBP: { major: ['Pfund', 'Pfund'], minor: ['Penny', 'Pence'] },
      EUR: { major: ['Euro', 'Euro'], minor: ['Cent', 'Cent'] },
      USD: { major: ['Dollar', 'Dollar'], minor: ['Cent', 'Cent'] },
      CHF: { major: ['Franken', 'Franken'], minor: ['Rappen', 'Rappen'] },
    },
    thousands: '.',
    decimal: ',',
    and: 'und',
    singular: (n) => n === 1,
    overdrawn: (amount) => `im Minus mit ${amount}`,
    weekdays: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
    months: [
      'Januar',
      'Februar',
      'März',
      'April',
      'Mai',
      'Juni',
      'Juli',
      'August',
      'September',
      'Oktober',
      'November',
      'Dezember',
    ],
    date: (weekday, day, month) => `${weekday}, ${day}. ${month}`,
    statuses: {
      PLACED: 'ist eingegangen und wird vorbereitet',
      PROCESSING: 'wird vorbereitet',
      SHIPPED: 'wurde versandt',
      DELAYED: 'verzögert sich',
      DELIVERED: 'wurde zugestellt',
      CANCELLED: 'wurde storniert',
      RETURNED: 'wurde zurückgesandt',
    },
    order: (phrase) => (phrase ? `Ihre Bestellung ${phrase}.` : 'Ihre Bestellung wird bearbeitet.'),
    delivered: (date) => `Zugestellt am ${date}.`,
    expected: (date) => `Voraussichtliche Lieferung am ${date}.`,
  },
};

/** Groups digits in thousands: `1,234,567` in English, `1 234 567` in French, `1.234.567` in Spanish and German. */
export function groupThousands(value: number, language: SpeechLanguage): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, SPEECH[language].thousands);
}

/**
 * Speaks a balance in minor units: `1,234 pounds and 56 pence`, `1 234 euros et 56 centimes`,
 * `1.234 euros con 56 céntimos`, `1.234 Euro und 56 Cent`; negative balances as overdrawn
 * (`overdrawn by 12 pounds and 5 pence`).
 */
export function balanceSpeech(balanceMinor: number, currency: string, language: SpeechLanguage): string {
  const pack = SPEECH[language];
  const words = pack.currencies[currency.toUpperCase()];
  const magnitude = Math.abs(Math.trunc(balanceMinor));
  const major = Math.floor(magnitude / 100);
  const minor = magnitude % 100;
  const word = (pair: readonly [string, string], n: number): string => (pack.singular(n) ? pair[0] : pair[1]);
  let amount: string;
  if (!words) {
    // Unknown currency: the number and the code, still speakable.
    amount = `${groupThousands(major, language)}${pack.decimal}${String(minor).padStart(2, '0')} ${currency}`;
  } else if (minor === 0) {
    amount = `${groupThousands(major, language)} ${word(words.major, major)}`;
  } else if (major === 0) {
    amount = `${minor} ${word(words.minor, minor)}`;
  } else {
    amount = `${groupThousands(major, language)} ${word(words.major, major)} ${pack.and} ${minor} ${word(words.minor, minor)}`;
  }
  return balanceMinor < 0 && magnitude > 0 ? pack.overdrawn(amount) : amount;
}

/**
 * Speaks a calendar date (`YYYY-MM-DD`, or an ISO timestamp whose date part is used):
 * `Tuesday 3 December`, `mardi 3 décembre` (French says `1er` for the first), `martes 3 de
 * diciembre`, `Dienstag, 3. Dezember`. Undefined if unparseable.
 */
export function dateSpeech(isoDate: string, language: SpeechLanguage): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  const pack = SPEECH[language];
  return pack.date(pack.weekdays[date.getUTCDay()] ?? '', day, pack.months[month - 1] ?? '');
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

/** Speaks an order status: `Your order has been shipped.`, `Su pedido se ha enviado.` */
export function orderStatusSpeech(status: string, language: SpeechLanguage): string {
  const pack = SPEECH[language];
  return pack.order(pack.statuses[status.toUpperCase()]);
}

/**
 * A whole sentence about an order's date, so the flow can speak `{statusSpeech} {expectedDateSpeech}`:
 * `Delivered on Tuesday 3 December.` for a delivered order, `Expected on ...` otherwise; undefined
 * without a parseable date.
 */
export function expectedDateSentence(
  status: string,
  isoDate: string | undefined,
  language: SpeechLanguage,
): string | undefined {
  const date = isoDate ? dateSpeech(isoDate, language) : undefined;
  if (!date) return undefined;
  const pack = SPEECH[language];
  return status.toUpperCase() === 'DELIVERED' ? pack.delivered(date) : pack.expected(date);
}
