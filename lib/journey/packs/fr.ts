/** French texts of the flows (a map's own `prompts` and `queueFlow` texts override them). */
import type { LanguagePack } from './pack';

/** The French language pack. */
export const FR: LanguagePack = {
  language: 'fr',
  name: 'Français',
  prompts: {
    welcome: 'Bienvenue. Vos appels peuvent être enregistrés à des fins de formation et de qualité.',
    welcomeBack:
      'Bonjour {firstName}, et bienvenue. Vos appels peuvent être enregistrés à des fins de formation et de qualité.',
    languageOption: 'Pour le français, appuyez sur {key}.',
    menuIntro: 'Veuillez choisir parmi les options suivantes.',
    menuOption: 'Pour {label}, appuyez sur {key}.',
    menuRetry: "Désolé, je n'ai pas compris votre choix.",
    menuGiveUp: 'Je vous mets en relation avec un conseiller.',
    afterHours:
      "Merci de votre appel. Nos bureaux sont actuellement fermés. Merci de nous rappeler pendant nos heures d'ouverture.",
    afterHoursCallbackOffer:
      "Pour être rappelé par un conseiller dès notre réouverture, appuyez sur 1. Sinon, merci de nous rappeler pendant nos heures d'ouverture.",
    callbackOffer:
      'Tous nos conseillers sont actuellement occupés. Pour être rappelé par un conseiller plutôt que de patienter, appuyez sur 1. Pour rester en ligne, appuyez sur 2.',
    callbackNumberChoice:
      'Pour être rappelé au numéro depuis lequel vous appelez, appuyez sur 1. Pour nous indiquer un autre numéro, appuyez sur 2.',
    callbackEnterNumber:
      'Veuillez composer le numéro auquel nous devons vous rappeler, suivi de la touche dièse.',
    callbackInvalidNumber: 'Désolé, nous ne pouvons pas appeler ce numéro.',
    callbackUnavailable: 'Désolé, nous ne pouvons pas programmer de rappel pour le moment.',
    callbackConfirmed: 'Merci. Un conseiller vous rappellera dès que possible. Au revoir.',
    transferring: 'Veuillez patienter, je vous mets en relation avec un conseiller.',
    overflowNotice:
      'Pour réduire votre attente, je vous mets en relation avec le prochain conseiller disponible.',
    queueFull: 'Nous sommes désolés, toutes nos lignes sont saturées.',
    technicalFailure:
      'Nous sommes désolés, nous rencontrons un problème technique. Je vous mets en relation avec un conseiller.',
    technicalFailureGoodbye:
      'Nous sommes désolés, nous ne pouvons pas donner suite à votre appel pour le moment. Merci de rappeler plus tard. Au revoir.',
    goodbye: 'Merci de votre appel. Au revoir.',
    anythingElse:
      'Pour toute autre demande, appuyez sur 1 pour revenir au menu principal, ou sur 2 pour parler à un conseiller. Sinon, vous pouvez raccrocher.',
    inputTimeout: "Désolé, je n'ai rien reçu.",
    authChoice:
      "Nous devons d'abord vérifier votre identité. Pour recevoir un code de sécurité par SMS, appuyez sur 1. Pour utiliser votre numéro de compte et votre code confidentiel, appuyez sur 2.",
    authNotIdentified:
      "Je n'ai pas trouvé votre dossier à partir du numéro depuis lequel vous appelez. Je vous mets donc en relation avec un conseiller.",
    otpSent:
      'Nous venons de vous envoyer un code de sécurité à six chiffres par SMS, au numéro de mobile enregistré dans votre dossier.',
    otpInvalid: "Désolé, ce code n'est pas valide.",
    otpUnavailable:
      'Désolé, nous ne pouvons pas vous envoyer de code de sécurité pour le moment. Je vous mets en relation avec un conseiller.',
    authLocked:
      'Pour votre sécurité, je ne peux pas finaliser cette vérification par téléphone. Je vous mets en relation avec un conseiller.',
    authFailed:
      "Désolé, nous n'avons pas pu confirmer votre identité. Je vous mets en relation avec un conseiller.",
    pinInvalid: 'Désolé, ces informations ne correspondent pas à nos dossiers.',
    notFound: "Désolé, je n'ai pas trouvé ce que vous avez demandé.",
    deflectOffer:
      'Vous pouvez aussi effectuer cette démarche en ligne dès maintenant. Pour recevoir un lien par SMS, appuyez sur 1. Pour continuer à attendre un conseiller, appuyez sur 2.',
    deflectSent: 'Nous vous avons envoyé un SMS contenant le lien. Merci de votre appel. Au revoir.',
    deflectUnavailable: 'Désolé, nous ne pouvons pas envoyer de SMS pour le moment.',
  },
  queueFlow: {
    waitBands: [
      { maxSeconds: 120, message: "Votre temps d'attente estimé est de moins de deux minutes." },
      { maxSeconds: 300, message: "Votre temps d'attente estimé est de moins de cinq minutes." },
      { maxSeconds: 600, message: "Votre temps d'attente estimé est de moins de dix minutes." },
    ],
    waitLong: 'Tous nos conseillers sont très sollicités, et votre attente pourrait dépasser dix minutes.',
    waitUnknown: 'Un conseiller va vous répondre dès que possible.',
    holdMessages: ['Merci de votre patience. Un conseiller va prendre votre appel dans quelques instants.'],
    callbackOffer:
      "Si vous préférez ne pas attendre, appuyez sur 1 et un conseiller vous rappellera. Pour conserver votre place dans la file d'attente, appuyez sur 2.",
  },
};
