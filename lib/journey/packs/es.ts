/** Spanish texts of the flows (a map's own `prompts` and `queueFlow` texts override them). */
import type { LanguagePack } from './pack';

/** The Spanish language pack. */
export const ES: LanguagePack = {
  language: 'es',
  name: 'Español',
  prompts: {
    welcome: 'Bienvenido. Las llamadas pueden ser grabadas con fines de formación y calidad.',
    welcomeBack:
      'Hola {firstName}, bienvenido de nuevo. Las llamadas pueden ser grabadas con fines de formación y calidad.',
    languageOption: 'Para español, pulse {key}.',
    menuIntro: 'Por favor, elija una de las siguientes opciones.',
    menuOption: 'Para {label}, pulse {key}.',
    menuRetry: 'Lo siento, no he entendido su elección.',
    menuGiveUp: 'Le paso con un asesor.',
    afterHours:
      'Gracias por su llamada. En este momento estamos cerrados. Por favor, vuelva a llamar en nuestro horario de atención.',
    afterHoursCallbackOffer:
      'Para que un asesor le devuelva la llamada cuando abramos, pulse 1. Si no, vuelva a llamar en nuestro horario de atención.',
    callbackOffer:
      'Todos nuestros asesores están ocupados en este momento. Para que un asesor le devuelva la llamada en lugar de esperar, pulse 1. Para seguir esperando, pulse 2.',
    callbackNumberChoice:
      'Para que le llamemos al número desde el que llama, pulse 1. Para indicarnos otro número, pulse 2.',
    callbackEnterNumber:
      'Marque el número de teléfono al que debemos llamarle, seguido de la tecla almohadilla.',
    callbackInvalidNumber: 'Lo siento, no podemos llamar a ese número.',
    callbackUnavailable: 'Lo siento, no podemos programar una llamada en este momento.',
    callbackConfirmed: 'Gracias. Un asesor le llamará lo antes posible. Adiós.',
    transferring: 'Por favor, espere mientras le paso con un asesor.',
    overflowNotice: 'Para reducir su espera, le paso con el próximo asesor disponible.',
    queueFull: 'Lo sentimos, todas nuestras líneas están muy ocupadas.',
    technicalFailure: 'Lo sentimos, tenemos un problema técnico. Le paso con un asesor.',
    technicalFailureGoodbye:
      'Lo sentimos, no podemos atender su llamada en este momento. Por favor, vuelva a llamar más tarde. Adiós.',
    goodbye: 'Gracias por su llamada. Adiós.',
    anythingElse:
      'Si necesita algo más, pulse 1 para volver al menú principal o pulse 2 para hablar con un asesor. Si no, puede colgar.',
    inputTimeout: 'Lo siento, no he recibido nada.',
    authChoice:
      'Primero necesitamos confirmar su identidad. Para recibir un código de seguridad por SMS, pulse 1. Para usar su número de cuenta y su PIN, pulse 2.',
    authNotIdentified:
      'No he encontrado sus datos a partir del número desde el que llama, así que le paso con un asesor.',
    otpSent:
      'Le hemos enviado un código de seguridad de seis dígitos por SMS al número de móvil que tenemos registrado.',
    otpInvalid: 'Lo siento, ese código no es correcto.',
    otpUnavailable:
      'Lo siento, no podemos enviarle un código de seguridad en este momento, así que le paso con un asesor.',
    authLocked: 'Por su seguridad, no puedo completar esta comprobación por teléfono. Le paso con un asesor.',
    authFailed: 'Lo siento, no hemos podido confirmar su identidad. Le paso con un asesor.',
    pinInvalid: 'Lo siento, esos datos no coinciden con nuestros registros.',
    notFound: 'Lo siento, no he encontrado lo que ha pedido.',
    deflectOffer:
      'También puede hacerlo en línea ahora mismo. Para recibir un enlace por SMS, pulse 1. Para seguir esperando a un asesor, pulse 2.',
    deflectSent: 'Le hemos enviado un SMS con el enlace. Gracias por su llamada. Adiós.',
    deflectUnavailable: 'Lo siento, no podemos enviar un SMS en este momento.',
  },
  queueFlow: {
    waitBands: [
      { maxSeconds: 120, message: 'Su tiempo de espera estimado es de menos de dos minutos.' },
      { maxSeconds: 300, message: 'Su tiempo de espera estimado es de menos de cinco minutos.' },
      { maxSeconds: 600, message: 'Su tiempo de espera estimado es de menos de diez minutos.' },
    ],
    waitLong: 'Todos nuestros asesores están muy ocupados y su espera podría superar los diez minutos.',
    waitUnknown: 'Un asesor le atenderá lo antes posible.',
    holdMessages: ['Gracias por esperar. Un asesor le atenderá en breve.'],
    callbackOffer:
      'Si prefiere no esperar, pulse 1 y un asesor le devolverá la llamada. Para mantener su lugar en la cola, pulse 2.',
  },
};
