/**
 * SMS texts per language (packs for English, French, Spanish and German; other languages get the
 * English text, see `speechLanguage`). They carry the secret or link, so they are never logged.
 */
import { SECURITY } from '../../lib/integrations/contracts';
import type { SpeechLanguage } from './speech';

const OTP_MINUTES = Math.round(SECURITY.otpLifetimeSeconds / 60);

interface MessagePack {
  readonly otp: (code: string, minutes: number) => string;
  readonly passwordReset: (link: string) => string;
  readonly selfService: (link: string) => string;
}

const MESSAGES: Readonly<Record<SpeechLanguage, MessagePack>> = {
  en: {
    otp: (code, minutes) =>
      `Your verification code is ${code}. It expires in ${minutes} minutes. Never share it with anyone.`,
    passwordReset: (link) => `To reset your password, open this single-use link: ${link}`,
    selfService: (link) => `As promised during your call, here is your link: ${link}`,
  },
  fr: {
    otp: (code, minutes) =>
      `Votre code de vérification est ${code}. Il expire dans ${minutes} minutes. Ne le communiquez à personne.`,
    passwordReset: (link) => `Pour réinitialiser votre mot de passe, ouvrez ce lien (usage unique) : ${link}`,
    selfService: (link) => `Comme convenu lors de votre appel, voici votre lien : ${link}`,
  },
  es: {
    otp: (code, minutes) =>
      `Su código de verificación es ${code}. Caduca en ${minutes} minutos. No lo comparta con nadie.`,
    passwordReset: (link) => `Para restablecer su contraseña, abra este enlace de un solo uso: ${link}`,
    selfService: (link) => `Como le indicamos durante su llamada, aquí tiene su enlace: ${link}`,
  },
  de: {
    otp: (code, minutes) =>
      `Ihr Bestätigungscode lautet ${code}. Er läuft in ${minutes} Minuten ab. Geben Sie ihn niemals weiter.`,
    passwordReset: (link) => `Um Ihr Passwort zurückzusetzen, öffnen Sie diesen einmaligen Link: ${link}`,
    selfService: (link) => `Wie in Ihrem Anruf besprochen, hier ist Ihr Link: ${link}`,
  },
};

/** The OTP message. */
export function otpText(code: string, language: SpeechLanguage): string {
  return MESSAGES[language].otp(code, OTP_MINUTES);
}

/** The password reset message. */
export function passwordResetText(link: string, language: SpeechLanguage): string {
  return MESSAGES[language].passwordReset(link);
}

/** The self-service link message. */
export function selfServiceText(link: string, language: SpeechLanguage): string {
  return MESSAGES[language].selfService(link);
}
