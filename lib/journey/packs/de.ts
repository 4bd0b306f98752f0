/** German texts of the flows (a map's own `prompts` and `queueFlow` texts override them). */
import type { LanguagePack } from './pack';

/** The German language pack. */
export const DE: LanguagePack = {
  language: 'de',
  name: 'Deutsch',
  prompts: {
    welcome: 'Willkommen. Gespräche können zu Schulungs- und Qualitätszwecken aufgezeichnet werden.',
    welcomeBack:
      'Hallo {firstName}, schön, dass Sie wieder anrufen. Gespräche können zu Schulungs- und Qualitätszwecken aufgezeichnet werden.',
    languageOption: 'Für Deutsch drücken Sie bitte die {key}.',
    menuIntro: 'Bitte wählen Sie aus den folgenden Optionen.',
    menuOption: 'Für {label} drücken Sie die {key}.',
    menuRetry: 'Entschuldigung, das habe ich nicht verstanden.',
    menuGiveUp: 'Ich verbinde Sie mit einem Berater.',
    afterHours:
      'Vielen Dank für Ihren Anruf. Wir haben im Moment geschlossen. Bitte rufen Sie während unserer Öffnungszeiten wieder an.',
    afterHoursCallbackOffer:
      'Wenn ein Berater Sie nach der Öffnung zurückrufen soll, drücken Sie die 1. Andernfalls rufen Sie bitte während unserer Öffnungszeiten wieder an.',
    callbackOffer:
      'Alle unsere Berater sind im Moment im Gespräch. Wenn ein Berater Sie zurückrufen soll, statt zu warten, drücken Sie die 1. Um weiter zu warten, drücken Sie die 2.',
    callbackNumberChoice:
      'Für einen Rückruf an die Nummer, von der Sie anrufen, drücken Sie die 1. Um eine andere Nummer anzugeben, drücken Sie die 2.',
    callbackEnterNumber: 'Bitte geben Sie die Telefonnummer für den Rückruf ein, gefolgt von der Rautetaste.',
    callbackInvalidNumber: 'Entschuldigung, diese Nummer können wir nicht anrufen.',
    callbackUnavailable: 'Entschuldigung, wir können im Moment keinen Rückruf vereinbaren.',
    callbackConfirmed: 'Vielen Dank. Ein Berater ruft Sie so bald wie möglich zurück. Auf Wiederhören.',
    transferring: 'Bitte bleiben Sie dran, ich verbinde Sie mit einem Berater.',
    overflowNotice: 'Um Ihre Wartezeit zu verkürzen, verbinde ich Sie mit dem nächsten freien Berater.',
    queueFull: 'Es tut uns leid, alle unsere Leitungen sind stark ausgelastet.',
    technicalFailure:
      'Es tut uns leid, wir haben ein technisches Problem. Ich verbinde Sie mit einem Berater.',
    technicalFailureGoodbye:
      'Es tut uns leid, wir können Sie im Moment nicht verbinden. Bitte rufen Sie später wieder an. Auf Wiederhören.',
    goodbye: 'Vielen Dank für Ihren Anruf. Auf Wiederhören.',
    anythingElse:
      'Wenn Sie noch etwas anderes möchten, drücken Sie die 1 für das Hauptmenü oder die 2, um mit einem Berater zu sprechen. Andernfalls können Sie auflegen.',
    inputTimeout: 'Entschuldigung, ich habe keine Eingabe erhalten.',
    authChoice:
      'Zuerst müssen wir Ihre Identität bestätigen. Um einen Sicherheitscode per SMS zu erhalten, drücken Sie die 1. Um Ihre Kontonummer und PIN zu verwenden, drücken Sie die 2.',
    authNotIdentified:
      'Ich konnte Ihre Daten anhand der Nummer, von der Sie anrufen, nicht finden. Ich verbinde Sie daher mit einem Berater.',
    otpSent:
      'Wir haben Ihnen einen sechsstelligen Sicherheitscode per SMS an Ihre hinterlegte Mobilnummer gesendet.',
    otpInvalid: 'Entschuldigung, dieser Code ist nicht korrekt.',
    otpUnavailable:
      'Entschuldigung, wir können Ihnen im Moment keinen Sicherheitscode senden. Ich verbinde Sie daher mit einem Berater.',
    authLocked:
      'Zu Ihrer Sicherheit kann ich diese Prüfung nicht am Telefon abschließen. Ich verbinde Sie mit einem Berater.',
    authFailed:
      'Entschuldigung, wir konnten Ihre Identität nicht bestätigen. Ich verbinde Sie mit einem Berater.',
    pinInvalid: 'Entschuldigung, diese Angaben stimmen nicht mit unseren Unterlagen überein.',
    notFound: 'Entschuldigung, ich konnte nicht finden, wonach Sie gefragt haben.',
    deflectOffer:
      'Sie können dies auch sofort online erledigen. Um einen Link per SMS zu erhalten, drücken Sie die 1. Um weiter auf einen Berater zu warten, drücken Sie die 2.',
    deflectSent:
      'Wir haben Ihnen eine SMS mit dem Link gesendet. Vielen Dank für Ihren Anruf. Auf Wiederhören.',
    deflectUnavailable: 'Entschuldigung, wir können im Moment keine SMS senden.',
  },
  queueFlow: {
    waitBands: [
      { maxSeconds: 120, message: 'Ihre voraussichtliche Wartezeit beträgt weniger als zwei Minuten.' },
      { maxSeconds: 300, message: 'Ihre voraussichtliche Wartezeit beträgt weniger als fünf Minuten.' },
      { maxSeconds: 600, message: 'Ihre voraussichtliche Wartezeit beträgt weniger als zehn Minuten.' },
    ],
    waitLong:
      'Alle unsere Berater sind stark ausgelastet, und Ihre Wartezeit kann mehr als zehn Minuten betragen.',
    waitUnknown: 'Ein Berater ist so bald wie möglich für Sie da.',
    holdMessages: ['Vielen Dank für Ihre Geduld. Ein Berater ist gleich für Sie da.'],
    callbackOffer:
      'Wenn Sie nicht warten möchten, drücken Sie die 1, und ein Berater ruft Sie zurück. Um Ihren Platz in der Warteschlange zu behalten, drücken Sie die 2.',
  },
};
