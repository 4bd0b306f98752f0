/**
 * The channel decision: for an intent and a moment (open or closed, routing mode and live metrics
 * per queue, device, language, segment, surface), ranks the intent's solutions and says why, in the
 * customer's language. The contact page, the contact-options API and the IVR's deflection choice
 * call this one function, so a customer hears and reads the same advice.
 *
 * Rules, in order:
 * 1. Gates: a solution not usable on this surface, device, language or segment, outside its hours
 *    rule, in a routing mode it excludes, or (chat) with no adviser to answer, is not offered.
 * 2. Ranking: the referential's order, except that phone and chat go after every alternative when
 *    their queue is congested (CALLBACK or DEFLECT mode, live wait above `maxWaitSeconds`, nobody
 *    logged in), and in DEFLECT mode self-service and SMS links come first.
 * 3. The first offered solution is recommended; when none is offered the headline says what to do
 *    (when we open, or to try again shortly).
 *
 * Pure: no I/O, no clock (the moment is in the context), never mutates its inputs.
 */
import {
  fillText,
  capitalise,
  formatOpening,
  formatWait,
  HEADLINES,
  LANGUAGE_NAMES,
  REASONS,
} from './messages';
import { nextOpening } from './opening';
import type {
  ChannelDecision,
  ChannelOption,
  DecisionContext,
  ModelIntent,
  NextOpening,
  OmnichannelModel,
  QueueStatus,
  ReasonCode,
  ResolvedSolution,
} from './types';
import { CHANNEL_SURFACES, UNAVAILABLE_REASONS } from './types';
import type { Language } from '../journey/types';

/** Raised for an intent the model does not know (the API answers 404). */
export class UnknownIntentError extends Error {
  constructor(readonly intent: string) {
    super(`unknown intent '${intent}'`);
    this.name = 'UnknownIntentError';
  }
}

const NORMAL: QueueStatus = { mode: 'NORMAL' };

/** One solution after the gates, before the reasons are worded. */
interface Evaluated {
  readonly solution: ResolvedSolution;
  readonly order: number;
  readonly queue?: QueueStatus;
  /** Set when the solution is not offered. */
  readonly gate?: ReasonCode;
  /** Ranked after every alternative, and why. */
  readonly demoted?: 'mode' | 'wait' | 'no-advisers';
  /** Ranked before the referential's order (DEFLECT mode). */
  readonly promoted: boolean;
}

function queueOf(context: DecisionContext, solution: ResolvedSolution): QueueStatus | undefined {
  if (solution.queueId === undefined) return undefined;
  return context.queues[solution.queueId] ?? NORMAL;
}

function gate(
  solution: ResolvedSolution,
  queue: QueueStatus | undefined,
  context: DecisionContext,
): ReasonCode | undefined {
  if (!CHANNEL_SURFACES[solution.channel].includes(context.surface)) return 'surface';
  if (solution.languages && !solution.languages.includes(context.language)) return 'language';
  if (solution.devices && !solution.devices.includes(context.device)) return 'device';
  if (solution.segments && (context.segment === undefined || !solution.segments.includes(context.segment)))
    return 'segment';
  if (solution.hours === 'open' && !context.open) return 'closed';
  if (solution.hours === 'closed' && context.open) return 'open-hours-only-outside';
  if (queue && solution.routingModes && !solution.routingModes.includes(queue.mode)) return 'mode';
  if (solution.channel === 'chat' && queue) {
    const wait = queue.estimatedWaitSeconds;
    const shortWait =
      wait !== undefined && (solution.maxWaitSeconds === undefined || wait <= solution.maxWaitSeconds);
    // Nobody to answer a chat now and no queue moving: offering it would leave the customer typing into a void.
    if ((queue.agentsOnline === 0 || queue.agentsAvailable === 0) && !shortWait) return 'no-agents';
  }
  return undefined;
}

function demotion(solution: ResolvedSolution, queue: QueueStatus | undefined): Evaluated['demoted'] {
  if (!queue || (solution.channel !== 'phone' && solution.channel !== 'chat')) return undefined;
  if (queue.mode === 'CALLBACK' || queue.mode === 'DEFLECT') return 'mode';
  const wait = queue.estimatedWaitSeconds;
  if (solution.maxWaitSeconds !== undefined && wait !== undefined && wait > solution.maxWaitSeconds)
    return 'wait';
  if (queue.agentsOnline === 0) return 'no-advisers';
  return undefined;
}

function evaluate(intent: ModelIntent, context: DecisionContext): Evaluated[] {
  // DEFLECT on the intent's queue (or a queue of its solutions) puts the digital channels first.
  const queueIds = [intent.queueId, ...intent.solutions.map((s) => s.queueId)];
  const deflecting = queueIds.some((q) => q !== undefined && context.queues[q]?.mode === 'DEFLECT');
  return intent.solutions.map((solution, order) => {
    const queue = queueOf(context, solution);
    const blocked = gate(solution, queue, context);
    return {
      solution,
      order,
      ...(queue ? { queue } : {}),
      ...(blocked ? { gate: blocked } : {}),
      ...(blocked ? {} : { demoted: demotion(solution, queue) }),
      promoted:
        !blocked && deflecting && (solution.channel === 'self-service' || solution.channel === 'sms-link'),
    };
  });
}

function rank(a: Evaluated, b: Evaluated): number {
  const tier = (e: Evaluated): number => (e.promoted ? 0 : e.demoted ? 2 : 1);
  return tier(a) - tier(b) || a.order - b.order;
}

function reasonFor(e: Evaluated, ahead: readonly Evaluated[], context: DecisionContext): ReasonCode {
  if (e.gate) return e.gate;
  const { channel } = e.solution;
  const callbackAhead = ahead.some((x) => x.solution.channel === 'callback');
  const onlineAhead = ahead.some(
    (x) => x.solution.channel === 'self-service' || x.solution.channel === 'sms-link',
  );
  switch (channel) {
    case 'self-service':
      return e.promoted ? 'deflect' : 'self-service';
    case 'sms-link':
      return e.promoted ? 'deflect' : 'sms-link';
    case 'callback': {
      if (!context.open) return 'callback-closed';
      const congested = e.queue !== undefined && (e.queue.mode === 'CALLBACK' || e.queue.mode === 'DEFLECT');
      return congested ? 'callback-keeps-place' : 'callback';
    }
    case 'phone':
    case 'chat': {
      if (e.demoted === 'mode') {
        if (callbackAhead) return 'busy-callback';
        if (onlineAhead) return 'busy-online';
        return 'busy';
      }
      if (e.demoted === 'wait') return callbackAhead ? 'wait-long-callback' : 'wait-long';
      if (e.demoted === 'no-advisers') return 'no-advisers';
      if (e.queue?.estimatedWaitSeconds === undefined) return channel === 'chat' ? 'chat' : 'wait-unknown';
      return 'wait';
    }
  }
}

function word(
  code: ReasonCode,
  e: Evaluated,
  context: DecisionContext,
  opening: NextOpening | undefined,
): string {
  const lang = context.language;
  const wait = e.queue?.estimatedWaitSeconds;
  const values: Record<string, string> = {
    wait: wait === undefined ? '' : formatWait(wait, lang),
    opening: opening
      ? formatOpening(opening, lang)
      : lang === 'fr'
        ? 'dès que possible'
        : 'as soon as we can',
    language: LANGUAGE_NAMES[lang][lang],
  };
  let template = REASONS[code][lang];
  // A closed centre with no known reopening: drop the time rather than invent one.
  if (code === 'closed' && !opening) template = lang === 'fr' ? 'Fermé en ce moment.' : 'Closed now.';
  return capitalise(fillText(template, values));
}

function option(
  e: Evaluated,
  code: ReasonCode,
  recommended: boolean,
  context: DecisionContext,
  model: OmnichannelModel,
  opening: NextOpening | undefined,
): ChannelOption {
  const { solution } = e;
  const available = !UNAVAILABLE_REASONS.includes(code);
  return {
    channel: solution.channel,
    available,
    recommended,
    label: solution.label[context.language],
    reasonCode: code,
    reason: word(code, e, context, opening),
    ...(solution.url !== undefined ? { url: solution.url } : {}),
    ...(solution.channel === 'phone' ? { phoneNumber: model.phoneNumber } : {}),
    ...(solution.queueId !== undefined ? { queueId: solution.queueId } : {}),
    ...(e.queue?.estimatedWaitSeconds !== undefined
      ? { estimatedWaitSeconds: e.queue.estimatedWaitSeconds }
      : {}),
  };
}

/** The intent of the model with this id. @throws UnknownIntentError */
export function intentOf(model: OmnichannelModel, intentId: string): ModelIntent {
  const intent = model.intents.find((i) => i.id === intentId);
  if (!intent) throw new UnknownIntentError(intentId);
  return intent;
}

/**
 * Ranks the intent's channels for this context.
 * @throws UnknownIntentError when the model has no such intent.
 */
export function decideChannels(
  model: OmnichannelModel,
  intentId: string,
  context: DecisionContext,
): ChannelDecision {
  const intent = intentOf(model, intentId);
  const evaluated = evaluate(intent, context);
  const offered = evaluated.filter((e) => !e.gate).sort(rank);
  const blocked = evaluated.filter((e) => e.gate);
  const opening = context.open ? undefined : nextOpening(model.hours, context.now);
  const lang = context.language;

  const ranked = offered.map((e, index) =>
    option(e, reasonFor(e, offered.slice(0, index), context), index === 0, context, model, opening),
  );
  const unavailable = blocked.map((e) =>
    option(e, reasonFor(e, [], context), false, context, model, opening),
  );
  const [recommended, ...alternatives] = ranked;

  let headline: string;
  if (recommended) headline = fillText(HEADLINES.recommended[lang], { label: recommended.label });
  else if (!context.open)
    headline = opening
      ? fillText(HEADLINES.closed[lang], { opening: formatOpening(opening, lang) })
      : HEADLINES.closedNoOpening[lang];
  else headline = HEADLINES.busy[lang];

  return {
    intent: intent.id,
    language: lang,
    status: recommended ? 'OK' : 'NONE_AVAILABLE',
    ...(recommended ? { recommended } : {}),
    alternatives,
    unavailable,
    headline,
    open: context.open,
    ...(opening ? { nextOpening: opening } : {}),
  };
}

/** "phone: About 12 minutes wait; call back offered instead." (logs, IVR attributes, reports). */
export function describeOption(o: ChannelOption): string {
  return `${o.channel}: ${o.reason}`;
}

/**
 * The IVR's deflection choice for a caller already queued for `intentId`: the best channel other
 * than staying on the line, or undefined when staying on the line is best or nothing else is offered.
 */
export function ivrDeflection(
  model: OmnichannelModel,
  intentId: string,
  context: Omit<DecisionContext, 'surface'>,
): ChannelOption | undefined {
  const decision = decideChannels(model, intentId, { ...context, surface: 'ivr' });
  const best = decision.recommended;
  return best && best.channel !== 'phone' ? best : undefined;
}

/**
 * The IVR's deflection plan, per intent, for a caller whose queue is in DEFLECT mode: what the shared
 * decision function recommends for a mobile caller while the centre is open, mapped to what a call
 * can do: an SMS self-service link (`self-service` or `sms-link`), a callback offer, or nothing
 * (keep waiting). The flow compiler bakes it into the inbound flow, so voice and web agree.
 */
export function ivrDeflectionPlan(
  model: OmnichannelModel,
  options: { readonly now?: Date; readonly language?: Language } = {},
): (intentId: string) => 'sms-link' | 'callback' | undefined {
  const plan = new Map<string, 'sms-link' | 'callback' | undefined>();
  return (intentId) => {
    if (!plan.has(intentId)) {
      const queueId = model.intents.find((i) => i.id === intentId)?.queueId;
      const best = queueId
        ? ivrDeflection(model, intentId, {
            now: options.now ?? new Date(0),
            open: true,
            queues: { [queueId]: { mode: 'DEFLECT' } },
            device: 'mobile',
            language: options.language ?? 'en',
          })
        : undefined;
      const channel = best?.channel;
      plan.set(
        intentId,
        channel === 'self-service' || channel === 'sms-link'
          ? 'sms-link'
          : channel === 'callback'
            ? 'callback'
            : undefined,
      );
    }
    return plan.get(intentId);
  };
}
