/** SMS texts per language. They carry the secret or link, so they are never logged. */
import { SECURITY } from '../../lib/integrations/contracts';
import type { SpeechLanguage } from './speech';

const OTP_MINUTES = Math.round(SECURITY.otpLifetimeSeconds / 60);

/** The OTP message. */
export function otpText(code: string, language: SpeechLanguage): string {
  return language === 'fr'
    ? `Votre code de vérification est ${code}. Il expire dans ${OTP_MINUTES} minutes. Ne le communiquez à personne.`
    : `Your verification code is ${code}. It expires in ${OTP_MINUTES} minutes. Never share it with anyone.`;
}

/** The password reset message. */
export function passwordResetText(link: string, language: SpeechLanguage): string {
  return language === 'fr'
    ? `Pour réinitialiser votre mot de passe, ouvrez ce lien (usage unique) : ${link}`
    : `To reset your password, open this single-use link: ${link}`;
}

/** The self-service link message. */
export function selfServiceText(link: string, language: SpeechLanguage): string {
  return language === 'fr'
    ? `Comme convenu lors de votre appel, voici votre lien : ${link}`
    : `As promised during your call, here is your link: ${link}`;
}
