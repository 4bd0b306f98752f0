/**
 * Per-flow-type and per-channel restrictions: each action's flow-language page ends with
 * "Restrictions" naming the flow types (and sometimes channels) it works in. A flow type is known
 * from the file (DescribeContactFlow `Type`), the template (`AWS::Connect::ContactFlow.Type`) or a
 * flag; without one these rules are skipped.
 */
import { ACTION_RULES, isModelledType, type ContactChannel, type ContactFlowType } from '../model';
import type { ParsedAction, Report } from './parse';

/** `flow-type-restriction`: the action is not allowed in `flowType` (an error: Connect refuses it). */
export function checkFlowType(
  action: ParsedAction,
  flowType: ContactFlowType | undefined,
  report: Report,
): void {
  if (flowType === undefined || !isModelledType(action.type)) return;
  const rules = ACTION_RULES[action.type];
  if (rules.flowTypes !== undefined && !rules.flowTypes.includes(flowType)) {
    report(
      'flow-type-restriction',
      `is a ${action.type}, which ${rules.doc} allows only in ${rules.flowTypes.join(', ')} flows, not in ${flowType}`,
      action.id,
    );
  }
}

/** `channel-restriction`: the action cannot serve any of `channels` (Connect takes its error branch). */
export function checkChannels(
  action: ParsedAction,
  channels: readonly ContactChannel[] | undefined,
  report: Report,
): void {
  if (channels === undefined || channels.length === 0 || !isModelledType(action.type)) return;
  const rules = ACTION_RULES[action.type];
  const unserved = rules.channels === undefined ? [] : channels.filter((c) => !rules.channels?.includes(c));
  if (unserved.length > 0) {
    report(
      'channel-restriction',
      `is a ${action.type}, which supports only ${rules.channels?.join(', ')} (${rules.doc}); on ${unserved.join(', ')} it takes the error branch`,
      action.id,
    );
  }
  // Prompts: PromptId and SSML are voice-only (MessageParticipant page).
  const p = action.parameters;
  const voiceOnly =
    (p.PromptId !== undefined || p.SSML !== undefined) && action.type === 'MessageParticipant';
  const nonVoice = channels.filter((c) => c !== 'VOICE');
  if (voiceOnly && nonVoice.length > 0) {
    report(
      'channel-restriction',
      `plays ${p.PromptId !== undefined ? 'PromptId' : 'SSML'}, which only the voice channel supports (${ACTION_RULES.MessageParticipant.doc}); ${nonVoice.join(', ')} contacts get no message`,
      action.id,
    );
  }
}
