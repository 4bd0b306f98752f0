/**
 * The validator's rules: one code per rule, each either an error (Connect refuses the flow at
 * CreateContactFlow / UpdateContactFlowContent, cited from the flow-language reference), a lint (this
 * project's policy, which Connect accepts), or `unsupported` (the validator cannot judge the flow).
 * `docs/flows-validator.md` lists them with the same sources.
 */
import { DOCS } from '../model';

/** How much a finding weighs. */
export type Severity = 'error' | 'lint' | 'unsupported';

/** Codes of the rules Connect enforces. */
export type ErrorCode =
  | 'invalid-document'
  | 'version'
  | 'start-action'
  | 'too-many-actions'
  | 'content-too-large'
  | 'invalid-action'
  | 'invalid-identifier'
  | 'duplicate-identifier'
  | 'unresolved-transition'
  | 'dead-end'
  | 'unknown-error-type'
  | 'invalid-conditions'
  | 'non-string-parameter'
  | 'invalid-parameter'
  | 'invalid-jsonpath'
  | 'invocation-time-limit'
  | 'flow-type-restriction';

/** Codes of the project's policy rules (lints). */
export type LintCode =
  | 'unreachable'
  | 'missing-error-branch'
  | 'unexpected-error-type'
  | 'literal-arn'
  | 'hard-coded-account'
  | 'stored-input-in-attributes'
  | 'channel-restriction'
  | 'unmodelled-action-type';

/** Codes of findings that stop the validator from judging a flow. */
export type UnsupportedCode = 'unknown-action-type';

/** Every kind of finding. */
export type FlowProblemCode = ErrorCode | LintCode | UnsupportedCode;

/** One rule: its weight, where it comes from, and what it checks. */
export interface RuleInfo {
  readonly severity: Severity;
  /** The documentation page the rule comes from (for lints: the project's policy or the page it refines). */
  readonly source: string;
  readonly summary: string;
}

const API = 'https://docs.aws.amazon.com/connect/latest/APIReference/';
const POLICY_STYLE = 'docs/flows-validator.md#lints (project policy, STYLE.md "Flows")';

/** Every rule of the validator. */
export const RULES: Readonly<Record<FlowProblemCode, RuleInfo>> = {
  'invalid-document': {
    severity: 'error',
    source: `${API}flow-language.html`,
    summary: 'the content is a JSON object with Version, StartAction and an Actions list',
  },
  version: {
    severity: 'error',
    source: `${API}flow-language.html`,
    summary: 'Version is "2019-10-30", the only version of the flow language',
  },
  'start-action': {
    severity: 'error',
    source: DOCS.example,
    summary: 'StartAction is the Identifier of an action of the flow',
  },
  'too-many-actions': {
    severity: 'error',
    source: DOCS.limits,
    summary: 'a flow has at most 250 actions',
  },
  'content-too-large': {
    severity: 'error',
    source: DOCS.createContactFlow,
    summary: 'the Content string is at most 256,000 characters',
  },
  'invalid-action': {
    severity: 'error',
    source: DOCS.actions,
    summary: 'each action has a string Identifier and Type, an object Parameters and well-formed Transitions',
  },
  'invalid-identifier': {
    severity: 'error',
    source: DOCS.actions,
    summary: 'an Identifier is 1-50 characters, without % : ( \\ / ) = $ , ; [ ] { } nor reserved words',
  },
  'duplicate-identifier': {
    severity: 'error',
    source: DOCS.actions,
    summary: 'Identifiers are unique within the flow',
  },
  'unresolved-transition': {
    severity: 'error',
    source: DOCS.actions,
    summary: 'every NextAction (success, condition or error) names an action of the flow',
  },
  'dead-end': {
    severity: 'error',
    source: DOCS.actions,
    summary:
      'a non-terminal action has a success branch (NextAction, or conditions covering every result); Loop prompts excepted',
  },
  'unknown-error-type': {
    severity: 'error',
    source: DOCS.actions,
    summary: 'an ErrorType is one the flow-language reference defines',
  },
  'invalid-conditions': {
    severity: 'error',
    source: DOCS.actions,
    summary: "conditions use only the operators and operands the action's page allows",
  },
  'non-string-parameter': {
    severity: 'error',
    source: DOCS.actions,
    summary: 'every scalar parameter value is a string ("3", "True")',
  },
  'invalid-parameter': {
    severity: 'error',
    source: DOCS.actions,
    summary: "required parameters are present and in the range the action's page gives",
  },
  'invalid-jsonpath': {
    severity: 'error',
    source: 'https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html',
    summary: 'a parameter that must be one JSONPath is one, rooted in a namespace Connect defines',
  },
  'invocation-time-limit': {
    severity: 'error',
    source: `${API}interactions-invokelambdafunction.html`,
    summary: 'a synchronous Lambda invocation has InvocationTimeLimitSeconds "1" to "8"',
  },
  'flow-type-restriction': {
    severity: 'error',
    source: DOCS.flowTypes,
    summary: "an action is used only in the flow types its page's Restrictions allow",
  },
  unreachable: {
    severity: 'lint',
    source: POLICY_STYLE,
    summary: 'every action is reachable from the StartAction (Connect accepts blocks left on the canvas)',
  },
  'missing-error-branch': {
    severity: 'lint',
    source: POLICY_STYLE,
    summary: 'every action that can fail handles its error types (Connect accepts a missing branch)',
  },
  'unexpected-error-type': {
    severity: 'lint',
    source: POLICY_STYLE,
    summary: "an error branch is one the action's page lists (Connect accepts others, never taken)",
  },
  'literal-arn': {
    severity: 'lint',
    source: POLICY_STYLE,
    summary: 'resources are references (CDK tokens, imported names), not literal ARNs',
  },
  'hard-coded-account': {
    severity: 'lint',
    source: POLICY_STYLE,
    summary: 'no 12-digit account id in parameters',
  },
  'stored-input-in-attributes': {
    severity: 'lint',
    source: POLICY_STYLE,
    summary: 'stored customer input (PINs, card numbers) is never copied into persisted contact attributes',
  },
  'channel-restriction': {
    severity: 'lint',
    source: DOCS.actions,
    summary:
      "an action serves the flow's channels (only checked when they are given; Connect takes the error branch at run time)",
  },
  'unmodelled-action-type': {
    severity: 'lint',
    source: DOCS.actions,
    summary: 'a documented action type the model does not type: only its transitions are checked',
  },
  'unknown-action-type': {
    severity: 'unsupported',
    source: DOCS.actions,
    summary: 'an action Type the flow-language reference does not document: the flow cannot be judged',
  },
};

/** Whether a code is a lint (and so configurable). */
export function isLintCode(code: FlowProblemCode): code is LintCode {
  return RULES[code].severity === 'lint';
}
