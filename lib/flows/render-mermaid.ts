/**
 * Renders a flow document as a Mermaid flowchart (and a Markdown page around it) for the
 * generated diagrams in `docs/flows/`. Language variants behind a `$.Attributes.language` switch
 * are merged into one node by default, so a two-language flow reads as one journey.
 */
import type { FlowAction, FlowDocument, FlowErrorType } from './model';

/** Options of `renderMermaid`. */
export interface MermaidOptions {
  /** Merge per-language variants into one node showing `language`. @default true */
  readonly mergeLanguageVariants?: boolean;
  /** Language shown for merged variants. @default the switch's default (NextAction) variant */
  readonly language?: string;
  /** Longest prompt text shown in a node before it is cut with an ellipsis. @default 90 */
  readonly maxTextChars?: number;
}

const ERROR_LABELS: Readonly<Record<FlowErrorType, string>> = {
  NoMatchingError: 'error',
  NoMatchingCondition: 'no match',
  InputTimeLimitExceeded: 'timeout',
  InvalidPhoneNumber: 'invalid number',
  QueueAtCapacity: 'queue full',
  InvalidCallbackNumber: 'invalid number',
  CallbackNumberNotDialable: 'not dialable',
  ParticipantNotFound: 'participant gone',
  MultipleFoundError: 'several found',
  NoneFoundError: 'none found',
  CallFailed: 'call failed',
  ConnectionTimeLimitExceeded: 'no answer',
};

const OPERATOR_LABELS: Readonly<Record<string, string>> = {
  Equals: '=',
  NumberGreaterThan: '>',
  NumberGreaterOrEqualTo: '≥',
  NumberLessThan: '<',
  NumberLessOrEqualTo: '≤',
  TextStartsWith: 'starts with',
  TextEndsWith: 'ends with',
  TextContains: 'contains',
};

/** Text safe inside a quoted Mermaid label. */
export function escapeLabel(text: string): string {
  return text
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/[\r\n]+/g, ' ');
}

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Last meaningful part of a resource reference (`fn:identify-caller` -> `identify-caller`). */
function resourceName(ref: unknown): string {
  if (typeof ref !== 'string') return '?';
  const parts = ref.split(/[:/]/).filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? ref;
}

function promptText(p: object): string | undefined {
  const r = p as { Text?: unknown; SSML?: unknown; PromptId?: unknown };
  if (typeof r.Text === 'string') return r.Text;
  if (typeof r.SSML === 'string') return r.SSML;
  if (typeof r.PromptId === 'string') return `prompt ${resourceName(r.PromptId)}`;
  return undefined;
}

/** One-line description of what an action does. */
export function describeAction(action: FlowAction, maxTextChars = 90): string {
  const q = (t: string | undefined): string => `“${cut(t ?? '', maxTextChars)}”`;
  switch (action.Type) {
    case 'MessageParticipant':
      return `say ${q(promptText(action.Parameters))}`;
    case 'MessageParticipantIteratively':
      return `hold messages, every ${action.Parameters.InterruptFrequencySeconds ?? '?'} s: ${q(
        action.Parameters.Messages.map((m) => promptText(m)).join(' / '),
      )}`;
    case 'GetParticipantInput': {
      const p = action.Parameters;
      if (p.StoreInput === 'True') {
        const v = p.InputValidation;
        const what =
          v !== undefined && 'PhoneNumberValidation' in v
            ? 'phone number'
            : `up to ${v !== undefined && 'CustomValidation' in v ? v.CustomValidation.MaximumLength : '?'} digits`;
        return `collect ${what}${p.InputEncryption ? ', encrypted' : ''} ${q(promptText(p))}`;
      }
      return `ask ${q(promptText(p))}`;
    }
    case 'InvokeLambdaFunction':
      return `call ${resourceName(action.Parameters.LambdaFunctionARN)} (≤ ${action.Parameters.InvocationTimeLimitSeconds} s)`;
    case 'Compare':
      return `check ${action.Parameters.ComparisonValue}`;
    case 'UpdateContactAttributes':
      return `set contact attributes: ${Object.keys(action.Parameters.Attributes).join(', ')}`;
    case 'UpdateFlowAttributes':
      return `set flow attributes: ${Object.keys(action.Parameters.FlowAttributes).join(', ')}`;
    case 'CheckHoursOfOperation':
      return `open now? (${resourceName(action.Parameters.HoursOfOperationId ?? 'queue hours')})`;
    case 'GetMetricData':
      return `queue metrics: ${resourceName(action.Parameters.QueueId ?? 'current queue')}`;
    case 'CheckMetricData':
      return `${action.Parameters.MetricType}: ${resourceName(action.Parameters.QueueId ?? 'current queue')}`;
    case 'UpdateContactTargetQueue':
      return `working queue: ${resourceName('QueueId' in action.Parameters ? action.Parameters.QueueId : action.Parameters.AgentId)}`;
    case 'TransferContactToQueue':
      return 'transfer to working queue';
    case 'UpdateContactCallbackNumber':
      return `callback number: ${action.Parameters.CallbackNumber}`;
    case 'CreateCallbackContact':
      return `queue a callback: ${resourceName(action.Parameters.QueueId ?? 'working queue')}`;
    case 'TransferToFlow':
      return `transfer to flow ${resourceName(action.Parameters.ContactFlowId)}`;
    case 'UpdateContactEventHooks':
      return `event hooks: ${Object.entries(action.Parameters.EventHooks)
        .map(([k, v]) => `${k} = ${resourceName(v)}`)
        .join(', ')}`;
    case 'UpdateFlowLoggingBehavior':
      return `flow logging ${action.Parameters.FlowLoggingBehavior === 'Enabled' ? 'on' : 'off'}`;
    case 'DisconnectParticipant':
      return 'hang up';
    case 'EndFlowExecution':
      return 'end flow';
    case 'Loop':
      return `loop ${action.Parameters.LoopCount} times`;
    case 'UpdateContactRecordingBehavior':
      return `record ${action.Parameters.RecordingBehavior.RecordedParticipants.join(' and ')}`;
    case 'UpdateContactTextToSpeechVoice':
      return `voice ${action.Parameters.TextToSpeechVoice}`;
    case 'InvokeFlowModule':
      return `run module ${resourceName(action.Parameters.FlowModuleId)}`;
    case 'EndFlowModuleExecution':
      return 'return from module';
    case 'ConnectParticipantWithLexBot': {
      const p = action.Parameters;
      const bot = p.LexV2Bot?.AliasArn ?? p.LexBot?.Name;
      return `bot ${resourceName(bot)} ${q(promptText(p))}`;
    }
    case 'TransferContactToAgent':
      return 'transfer to agent';
    case 'DequeueContactAndTransferToQueue':
      return `move to queue ${resourceName(action.Parameters.QueueId ?? action.Parameters.AgentId)}`;
    case 'TransferParticipantToThirdParty':
      return `transfer to ${action.Parameters.ThirdPartyPhoneNumber ?? 'phone number'}`;
    case 'Wait':
      return `wait ${action.Parameters.TimeoutSeconds} s`;
    case 'CreateTask':
      return `create task ${q(action.Parameters.Name)}`;
    case 'UpdateContactRoutingBehavior':
      return action.Parameters.QueuePriority !== undefined
        ? `routing priority ${action.Parameters.QueuePriority}`
        : `routing age +${action.Parameters.QueueTimeAdjustmentSeconds ?? '?'} s`;
    case 'UpdateContactMediaStreamingBehavior':
      return `media streaming ${action.Parameters.MediaStreamingState === 'Enabled' ? 'on' : 'off'}`;
    case 'UpdatePreviousContactParticipantState':
      return `previous participant: ${action.Parameters.PreviousContactParticipantState}`;
    case 'CompleteOutboundCall':
      return 'call the customer';
    case 'GetCustomerProfile':
      return 'get customer profile';
    case 'UpdateCustomerProfile':
      return 'update customer profile';
    default:
      // An imported flow may hold an action type the model does not type: show its Type.
      return String((action as { readonly Type: unknown }).Type);
  }
}

function shape(action: FlowAction, label: string): [string, string] {
  const l = `"${label}"`;
  switch (action.Type) {
    case 'Compare':
    case 'CheckHoursOfOperation':
    case 'CheckMetricData':
    case 'Loop':
    case 'Wait':
      return [`{${l}}`, 'decision'];
    case 'GetParticipantInput':
    case 'ConnectParticipantWithLexBot':
      return [`[/${l}/]`, 'input'];
    case 'MessageParticipant':
    case 'MessageParticipantIteratively':
      return [`(${l})`, 'speak'];
    case 'InvokeLambdaFunction':
      return [`{{${l}}}`, 'lambda'];
    case 'DisconnectParticipant':
    case 'EndFlowExecution':
    case 'EndFlowModuleExecution':
      return [`((${l}))`, 'hangup'];
    case 'TransferContactToQueue':
    case 'TransferToFlow':
    case 'CreateCallbackContact':
    case 'TransferContactToAgent':
    case 'DequeueContactAndTransferToQueue':
    case 'TransferParticipantToThirdParty':
    case 'InvokeFlowModule':
      return [`[[${l}]]`, 'transfer'];
    default:
      return [`[${l}]`, 'step'];
  }
}

/** Normalized outgoing transitions, for deciding whether language variants are interchangeable. */
const transitionsKey = (a: FlowAction): string => JSON.stringify([a.Type, a.Transitions]);

/**
 * Language switches that can be merged: a Compare on `$.Attributes.language` whose every target has
 * the same type and the same transitions. Maps the switch to the variant shown in its place.
 */
function languageSwitches(flow: FlowDocument, language: string | undefined): Map<string, FlowAction> {
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const merged = new Map<string, FlowAction>();
  for (const a of flow.Actions) {
    if (a.Type !== 'Compare' || a.Parameters.ComparisonValue !== '$.Attributes.language') continue;
    const byLanguage = new Map<string, string>();
    for (const c of a.Transitions.Conditions ?? [])
      byLanguage.set(c.Condition.Operands[0] ?? '', c.NextAction);
    const fallback = a.Transitions.NextAction;
    const variants = [...byLanguage.values(), ...(fallback ? [fallback] : [])].map((id) => byId.get(id));
    if (variants.some((v) => v === undefined)) continue;
    const keys = new Set((variants as FlowAction[]).map(transitionsKey));
    if (keys.size !== 1) continue;
    const shownId = (language !== undefined ? byLanguage.get(language) : undefined) ?? fallback;
    const shown = shownId !== undefined ? byId.get(shownId) : undefined;
    if (shown !== undefined) merged.set(a.Identifier, shown);
  }
  return merged;
}

/** Renders a flow as a Mermaid `flowchart`. */
export function renderMermaid(flow: FlowDocument, options: MermaidOptions = {}): string {
  const maxText = options.maxTextChars ?? 90;
  const merge = options.mergeLanguageVariants ?? true;
  const switches = merge ? languageSwitches(flow, options.language) : new Map<string, FlowAction>();
  // Variants only referenced by their switch are drawn as the switch itself.
  const incoming = new Map<string, Set<string>>();
  for (const a of flow.Actions) {
    for (const t of [
      ...(a.Transitions.Conditions ?? []).map((c) => c.NextAction),
      ...(a.Transitions.NextAction ? [a.Transitions.NextAction] : []),
      ...(a.Transitions.Errors ?? []).map((e) => e.NextAction),
    ]) {
      incoming.set(t, (incoming.get(t) ?? new Set()).add(a.Identifier));
    }
  }
  const hidden = new Set<string>();
  for (const [switchId] of switches) {
    const sw = flow.Actions.find((a) => a.Identifier === switchId) as FlowAction;
    for (const t of [
      ...(sw.Transitions.Conditions ?? []).map((c) => c.NextAction),
      sw.Transitions.NextAction,
    ]) {
      if (t !== undefined && [...(incoming.get(t) ?? [])].every((from) => from === switchId)) hidden.add(t);
    }
  }

  const visible = flow.Actions.filter((a) => !hidden.has(a.Identifier));
  const nodeId = new Map(visible.map((a, i) => [a.Identifier, `n${i}`]));
  // `end` is a Mermaid keyword, so no node or class is called that.
  const lines = ['flowchart TD', '  entry((start))'];
  const classes = new Map<string, string[]>();
  for (const a of visible) {
    const shown = switches.get(a.Identifier) ?? a;
    const languages = switches.has(a.Identifier) ? ' · per language' : '';
    const label = escapeLabel(`${a.Identifier}${languages}: ${describeAction(shown, maxText)}`);
    const [text, cls] = shape(shown, label);
    lines.push(`  ${nodeId.get(a.Identifier)}${text}`);
    classes.set(cls, [...(classes.get(cls) ?? []), nodeId.get(a.Identifier) as string]);
  }
  const target = (id: string): string => nodeId.get(id) ?? `missing_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
  lines.push(`  entry --> ${target(flow.StartAction)}`);
  for (const a of visible) {
    const shown = switches.get(a.Identifier) ?? a;
    const edges = new Map<string, string[]>();
    const add = (to: string, label: string): void => {
      edges.set(to, [...(edges.get(to) ?? []), label]);
    };
    for (const c of shown.Transitions.Conditions ?? []) {
      add(
        c.NextAction,
        `${OPERATOR_LABELS[c.Condition.Operator] ?? c.Condition.Operator} ${c.Condition.Operands.join(', ')}`,
      );
    }
    const endsOnSuccess =
      shown.Type === 'TransferContactToQueue' ||
      shown.Type === 'TransferToFlow' ||
      shown.Type === 'DequeueContactAndTransferToQueue';
    if (shown.Transitions.NextAction !== undefined && !endsOnSuccess) {
      const isFallback = (shown.Transitions.Errors ?? []).some(
        (e) => e.NextAction === shown.Transitions.NextAction,
      );
      if (!isFallback || (shown.Transitions.Conditions ?? []).length === 0)
        add(shown.Transitions.NextAction, '');
    }
    for (const e of shown.Transitions.Errors ?? [])
      add(e.NextAction, ERROR_LABELS[e.ErrorType] ?? e.ErrorType);
    for (const [to, labels] of edges) {
      const text = escapeLabel([...new Set(labels.filter((l) => l !== ''))].join(', '));
      lines.push(
        text === ''
          ? `  ${nodeId.get(a.Identifier)} --> ${target(to)}`
          : `  ${nodeId.get(a.Identifier)} -->|"${text}"| ${target(to)}`,
      );
    }
  }
  const styles: Record<string, string> = {
    decision: 'fill:#fff7d6,stroke:#b08900',
    input: 'fill:#e3f2fd,stroke:#1565c0',
    speak: 'fill:#e8f5e9,stroke:#2e7d32',
    lambda: 'fill:#f3e5f5,stroke:#6a1b9a',
    hangup: 'fill:#ffebee,stroke:#c62828',
    transfer: 'fill:#e0f7fa,stroke:#00838f',
    step: 'fill:#f5f5f5,stroke:#616161',
  };
  for (const [cls, ids] of classes) {
    lines.push(`  classDef ${cls} ${styles[cls] ?? ''}`);
    lines.push(`  class ${ids.join(',')} ${cls}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What `renderFlowMarkdown` needs of a compiled flow. */
export interface RenderableFlow {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly content: FlowDocument;
}

/** A Markdown page: title, description, the diagram and an optional summary section. */
export function renderFlowMarkdown(
  flow: RenderableFlow,
  summary: string,
  options: MermaidOptions = {},
): string {
  return [
    `# Flow \`${flow.name}\` (${flow.type})`,
    '',
    '<!-- Generated by tools/flows-render.ts from the default journey map. Do not edit by hand. -->',
    '',
    flow.description,
    '',
    `${flow.content.Actions.length} actions. Per-language variants of a prompt are drawn as one node (text shown in English).`,
    '',
    '```mermaid',
    renderMermaid(flow.content, options).trimEnd(),
    '```',
    '',
    summary.trimEnd(),
    '',
  ].join('\n');
}

/** A compiled flow as `renderFlowDocs` needs it. */
export interface DocumentedFlow extends RenderableFlow {
  readonly inputs?: Readonly<Record<string, { readonly inputId: string; readonly dataClass: string }>>;
}

/** One generated documentation file. */
export interface GeneratedDoc {
  /** Path relative to the docs folder, e.g. `inbound.md`. */
  readonly file: string;
  readonly text: string;
}

/**
 * The pages of `docs/flows/`: one per flow (diagram, path summary, collected inputs) and an index.
 * `summaries` gives each flow's path-walk summary lines (computed by the caller).
 */
export function renderFlowDocs(
  flows: readonly DocumentedFlow[],
  summaries: Readonly<Record<string, readonly string[]>>,
  title: string,
): GeneratedDoc[] {
  const docs: GeneratedDoc[] = [];
  for (const flow of flows) {
    const inputs = Object.entries(flow.inputs ?? {});
    const summary = [
      '## Paths',
      '',
      ...(summaries[flow.name] ?? []).map((line) => `- ${line}`),
      '',
      ...(inputs.length > 0
        ? [
            '## Collected input',
            '',
            'Stored customer input (`$.StoredCustomerInput`), never written to contact attributes.',
            '',
            '| action | input | data class |',
            '| --- | --- | --- |',
            ...inputs.map(([action, i]) => `| \`${action}\` | ${i.inputId} | ${i.dataClass} |`),
            '',
          ]
        : []),
    ].join('\n');
    docs.push({ file: `${flow.name}.md`, text: renderFlowMarkdown(flow, summary) });
  }
  const index = [
    `# ${title}`,
    '',
    '<!-- Generated by tools/flows-render.ts. Do not edit by hand. -->',
    '',
    'Diagrams of the contact flows compiled from the default journey map (`lib/journey/default-map.ts`),',
    'with placeholder resource names instead of ARNs. Regenerate with `npx tsx tools/flows-render.ts`.',
    '',
    '| flow | type | actions | description |',
    '| --- | --- | --- | --- |',
    ...flows.map(
      (f) =>
        `| [${f.name}](${f.name}.md) | ${f.type} | ${f.content.Actions.length} | ${f.description.replace(/\|/g, '\\|')} |`,
    ),
    '',
  ].join('\n');
  docs.push({ file: 'README.md', text: index });
  return docs;
}
