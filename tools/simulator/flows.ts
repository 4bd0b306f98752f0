/**
 * Loads the flows to simulate, either:
 *
 * - from a synthesized CloudFormation template (`cdk.out/<stack>.template.json`): every
 *   `AWS::Connect::ContactFlow` resource, its `Content` rebuilt from `Fn::Join` with each
 *   `Fn::GetAtt`/`Ref`/`Fn::ImportValue`/`Fn::Sub` turned into a local identifier (a function's
 *   `Arn` becomes `sim:function:<integration>` by its Description or logical id, a queue's
 *   `QueueArn` becomes `sim:queue:<journey queue id>` by its Name, hours become
 *   `sim:hours:<logical id>` with their calendar, another flow's `ContactFlowArn` becomes
 *   `sim:flow:<name>`); or
 * - straight from `compileJourney(map, resources)` with local identifiers as the resources, for
 *   tests and `--flows compiled`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import { FLOW_NAMES, INBOUND_FLOW_NAME, compileJourney } from '../../lib/flows/compile';
import type { FlowResources } from '../../lib/flows/fragments';
import { INTEGRATIONS, type IntegrationName } from '../../lib/integrations/contracts';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import type { JourneyMap } from '../../lib/journey/types';
import { journeyDeflectionPlan } from '../../lib/omnichannel/ivr';
import { FlowLoadError } from './errors';
import { calendarFromJourney, calendarFromTemplate, type HoursCalendar } from './hours';
import { simId, type FlowSet, type SimAction, type SimFlow, type SimFunction, type SimQueue } from './model';

/** Id of the journey map's hours in a compiled flow set. */
export const JOURNEY_HOURS_ID = 'journey';

/** Resources for `compileJourney` that are the simulator's local identifiers. */
export function simResources(map: JourneyMap = DEFAULT_JOURNEY_MAP): FlowResources {
  return {
    // The same deflection plan the contact-centre stack compiles into the deployed flow.
    deflection: journeyDeflectionPlan(map),
    functionArn: (name) => simId('function', name),
    queueArn: (queueId) => simId('queue', queueId),
    hoursArn: simId('hours', JOURNEY_HOURS_ID),
    flowArn: (flowName) => simId('flow', flowName),
  };
}

const transitionsSchema = z.object({
  NextAction: z.string().optional(),
  Errors: z.array(z.object({ ErrorType: z.string(), NextAction: z.string() })).optional(),
  Conditions: z
    .array(
      z.object({
        NextAction: z.string(),
        Condition: z.object({ Operator: z.string(), Operands: z.array(z.string()) }),
      }),
    )
    .optional(),
});

const documentSchema = z.object({
  Version: z.string(),
  StartAction: z.string(),
  Actions: z.array(
    z.object({
      Identifier: z.string(),
      Type: z.string(),
      Parameters: z.record(z.string(), z.unknown()).default({}),
      Transitions: transitionsSchema.default({}),
    }),
  ),
});

/** Parses a flow document (content JSON) into a runnable flow. */
export function toSimFlow(
  key: string,
  name: string,
  type: string,
  content: unknown,
  inputs?: SimFlow['inputs'],
): SimFlow {
  const parsed = documentSchema.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FlowLoadError(
      `flow '${name}' is not a flow-language document: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim(),
    );
  }
  const actions = new Map<string, SimAction>();
  for (const action of parsed.data.Actions) {
    if (actions.has(action.Identifier)) {
      throw new FlowLoadError(`flow '${name}' has two actions named '${action.Identifier}'`);
    }
    actions.set(action.Identifier, action);
  }
  return {
    key,
    name,
    type,
    startAction: parsed.data.StartAction,
    actions,
    ...(inputs ? { inputs } : {}),
  };
}

function functionsOfMap(): Map<IntegrationName, SimFunction> {
  return new Map(
    (Object.keys(INTEGRATIONS) as IntegrationName[]).map((name) => [name, { name, environment: {} }]),
  );
}

/** The flows of `compileJourney(map)` with local identifiers, ready to simulate. */
export function compiledFlowSet(map: JourneyMap): FlowSet {
  const compiled = compileJourney(map, simResources(map));
  const flows = new Map(
    compiled.map((f) => [f.name, toSimFlow(f.name, f.name, f.type, f.content, f.inputs)] as const),
  );
  const hours = new Map([[JOURNEY_HOURS_ID, calendarFromJourney(JOURNEY_HOURS_ID, map.hours)]]);
  const queues = new Map(
    map.queues.map((q) => [
      q.id,
      {
        id: q.id,
        name: q.name,
        hoursId: JOURNEY_HOURS_ID,
        ...(q.maxContacts ? { maxContacts: q.maxContacts } : {}),
      },
    ]),
  );
  return {
    source: 'compiled',
    origin: `compileJourney(${map.name} journey map)`,
    flows,
    entry: INBOUND_FLOW_NAME,
    queues,
    hours,
    functions: functionsOfMap(),
    map,
  };
}

// ---------------------------------------------------------------------------------------------
// Synthesized templates
// ---------------------------------------------------------------------------------------------

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** What each referenced resource of the template is, as local identifiers. */
class TemplateResolver {
  readonly queueIds = new Map<string, SimQueue>();
  readonly hours = new Map<string, HoursCalendar>();
  readonly functions = new Map<string, SimFunction>();
  readonly flowKeys = new Map<string, string>();

  constructor(
    private readonly resources: Readonly<Record<string, TemplateResource>>,
    private readonly map: JourneyMap,
  ) {}

  /** The local identifier a resource's attribute (or Ref) stands for. */
  resolveResource(logicalId: string, attribute: string | undefined, where: string): string {
    const resource = this.resources[logicalId];
    if (resource === undefined) {
      throw new FlowLoadError(`${where} refers to ${logicalId}, which is not a resource of the template`);
    }
    switch (resource.Type) {
      case 'AWS::Lambda::Function':
        if (attribute === undefined || attribute === 'Arn')
          return simId('function', this.functionOf(logicalId).name);
        break;
      case 'AWS::Connect::Queue':
        if (attribute === undefined || attribute === 'QueueArn')
          return simId('queue', this.queueOf(logicalId).id);
        break;
      case 'AWS::Connect::HoursOfOperation':
        if (attribute === undefined || attribute === 'HoursOfOperationArn')
          return simId('hours', this.hoursOf(logicalId).id);
        break;
      case 'AWS::Connect::ContactFlow':
        if (attribute === undefined || attribute === 'ContactFlowArn')
          return simId('flow', this.flowKeyOf(logicalId));
        break;
      default:
        break;
    }
    // Anything else (the instance ARN, a role) is kept as an opaque identifier.
    return `sim:ref:${logicalId}${attribute ? `.${attribute}` : ''}`;
  }

  functionOf(logicalId: string): SimFunction {
    const known = this.functions.get(logicalId);
    if (known) return known;
    const props = this.resources[logicalId]?.Properties ?? {};
    const description = typeof props.Description === 'string' ? props.Description : undefined;
    const names = Object.keys(INTEGRATIONS) as IntegrationName[];
    const name =
      names.find((n) => description !== undefined && INTEGRATIONS[n].description === description) ??
      // Longest first, so `otp-start` is not taken for a function whose id contains it as a part.
      [...names].sort((a, b) => b.length - a.length).find((n) => squash(logicalId).includes(squash(n)));
    if (name === undefined) {
      throw new FlowLoadError(
        `function ${logicalId} matches no integration of lib/integrations/contracts.ts by Description or logical id`,
      );
    }
    const environment: Record<string, string> = {};
    const variables =
      isRecord(props.Environment) && isRecord(props.Environment.Variables) ? props.Environment.Variables : {};
    for (const [key, value] of Object.entries(variables))
      if (typeof value === 'string') environment[key] = value;
    const fn: SimFunction = {
      name,
      ...(typeof props.Timeout === 'number' ? { timeoutSeconds: props.Timeout } : {}),
      environment,
    };
    this.functions.set(logicalId, fn);
    return fn;
  }

  queueOf(logicalId: string): SimQueue {
    const known = this.queueIds.get(logicalId);
    if (known) return known;
    const props = this.resources[logicalId]?.Properties ?? {};
    const name = typeof props.Name === 'string' ? props.Name : undefined;
    const spec =
      this.map.queues.find((q) => name !== undefined && q.name.toLowerCase() === name.toLowerCase()) ??
      this.map.queues.find((q) => squash(logicalId).includes(`queue${squash(q.id)}`));
    if (spec === undefined) {
      throw new FlowLoadError(
        `queue ${logicalId} (${name ?? 'no Name'}) matches no queue of the journey map`,
      );
    }
    const hoursRef = props.HoursOfOperationArn;
    let hoursId: string | undefined;
    if (isRecord(hoursRef) && Array.isArray(hoursRef['Fn::GetAtt'])) {
      const target = hoursRef['Fn::GetAtt'][0];
      if (typeof target === 'string') hoursId = this.hoursOf(target).id;
    }
    const maxContacts = typeof props.MaxContacts === 'number' ? props.MaxContacts : spec.maxContacts;
    const queue: SimQueue = {
      id: spec.id,
      name: name ?? spec.name,
      ...(hoursId ? { hoursId } : {}),
      ...(maxContacts ? { maxContacts } : {}),
    };
    this.queueIds.set(logicalId, queue);
    return queue;
  }

  hoursOf(logicalId: string): HoursCalendar {
    const known = this.hours.get(logicalId);
    if (known) return known;
    const resource = this.resources[logicalId];
    if (resource?.Type !== 'AWS::Connect::HoursOfOperation') {
      throw new FlowLoadError(`${logicalId} is not an AWS::Connect::HoursOfOperation`);
    }
    const calendar = calendarFromTemplate(logicalId, resource.Properties ?? {});
    this.hours.set(logicalId, calendar);
    return calendar;
  }

  flowKeyOf(logicalId: string): string {
    const known = this.flowKeys.get(logicalId);
    if (known) return known;
    const props = this.resources[logicalId]?.Properties ?? {};
    const name = typeof props.Name === 'string' ? props.Name : logicalId;
    // Deployed names are `<stage prefix> <compiled name>`: keyed by the compiled name when it is one.
    const key = FLOW_NAMES.find((n) => name === n || name.endsWith(` ${n}`)) ?? name;
    this.flowKeys.set(logicalId, key);
    return key;
  }

  /** Rebuilds a string from a CloudFormation value (literal, Fn::Join, Fn::GetAtt, Ref, Fn::Sub, Fn::ImportValue). */
  resolveString(value: unknown, where: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (isRecord(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1) {
        const fn = keys[0] as string;
        const arg = value[fn];
        if (fn === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1])) {
          const separator = arg[0];
          return (arg[1] as unknown[]).map((part) => this.resolveString(part, where)).join(separator);
        }
        if (fn === 'Fn::GetAtt') {
          const [logicalId, attribute] = Array.isArray(arg)
            ? arg
            : typeof arg === 'string'
              ? arg.split('.')
              : [];
          if (typeof logicalId === 'string' && typeof attribute === 'string') {
            return this.resolveResource(logicalId, attribute, where);
          }
        }
        if (fn === 'Ref' && typeof arg === 'string') {
          if (arg.startsWith('AWS::')) return `sim:param:${arg}`;
          return this.resolveResource(arg, undefined, where);
        }
        if (fn === 'Fn::ImportValue') return `sim:import:${this.resolveString(arg, where)}`;
        if (
          fn === 'Fn::Sub' &&
          (typeof arg === 'string' || (Array.isArray(arg) && typeof arg[0] === 'string'))
        ) {
          const text = typeof arg === 'string' ? arg : (arg[0] as string);
          const vars = Array.isArray(arg) && isRecord(arg[1]) ? arg[1] : {};
          return text.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
            if (name in vars) return this.resolveString(vars[name], where);
            const [id, attribute] = name.split('.');
            if (id?.startsWith('AWS::')) return `sim:param:${id}`;
            return this.resolveResource(id as string, attribute, where);
          });
        }
        throw new FlowLoadError(`${where} uses ${fn} in a way the simulator cannot resolve`);
      }
    }
    throw new FlowLoadError(`${where} is not a string or a supported intrinsic function`);
  }
}

/** Options of {@link flowSetFromTemplate}. */
export interface TemplateFlowOptions {
  /** Where the template came from (for messages). */
  readonly origin?: string;
  /**
   * Key or name of the flow that answers calls.
   * @default the CONTACT_FLOW named `inbound` (or the only CONTACT_FLOW)
   */
  readonly entry?: string;
}

/**
 * The contact flows of a synthesized template, with every reference resolved to a local identifier.
 * @throws FlowLoadError naming the resource or reference that cannot be resolved
 */
export function flowSetFromTemplate(
  template: unknown,
  map: JourneyMap,
  options: TemplateFlowOptions = {},
): FlowSet {
  const origin = options.origin ?? 'template';
  if (!isRecord(template) || !isRecord(template.Resources)) {
    throw new FlowLoadError(`${origin} is not a CloudFormation template (no Resources)`);
  }
  const resources = template.Resources as Record<string, TemplateResource>;
  const resolver = new TemplateResolver(resources, map);
  const flows = new Map<string, SimFlow>();
  const inputs = compiledInputs(map);
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Connect::ContactFlow') continue;
    const props = resource.Properties ?? {};
    const name = typeof props.Name === 'string' ? props.Name : logicalId;
    const key = resolver.flowKeyOf(logicalId);
    const where = `flow '${name}' (${logicalId}) Content`;
    const text = resolver.resolveString(props.Content, where);
    let content: unknown;
    try {
      content = JSON.parse(text);
    } catch (error) {
      throw new FlowLoadError(`${where} is not JSON after resolving references: ${(error as Error).message}`);
    }
    const type = typeof props.Type === 'string' ? props.Type : 'CONTACT_FLOW';
    flows.set(key, toSimFlow(key, name, type, content, inputs.get(key)));
  }
  if (flows.size === 0) throw new FlowLoadError(`${origin} has no AWS::Connect::ContactFlow resources`);
  // Every queue, hours and function of the template is known, referenced by a flow or not.
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::Connect::Queue') resolver.queueOf(logicalId);
    if (resource.Type === 'AWS::Connect::HoursOfOperation') resolver.hoursOf(logicalId);
  }
  const entry = pickEntry(flows, options.entry, origin);
  const functions = functionsOfMap();
  for (const fn of resolver.functions.values()) functions.set(fn.name, fn);
  return {
    source: 'template',
    origin,
    flows,
    entry,
    queues: new Map([...resolver.queueIds.values()].map((q) => [q.id, q])),
    hours: new Map([...resolver.hours.values()].map((h) => [h.id, h])),
    functions,
    map,
  };
}

/**
 * What each stored-input action collects, from compiling the same journey map (the deployed flows
 * carry no such metadata); empty when the map does not compile.
 */
function compiledInputs(map: JourneyMap): Map<string, NonNullable<SimFlow['inputs']>> {
  try {
    return new Map(compileJourney(map, simResources()).map((f) => [f.name, f.inputs] as const));
  } catch {
    return new Map();
  }
}

function pickEntry(flows: ReadonlyMap<string, SimFlow>, wanted: string | undefined, origin: string): string {
  if (wanted !== undefined) {
    const hit = [...flows.values()].find((f) => f.key === wanted || f.name === wanted);
    if (!hit)
      throw new FlowLoadError(`${origin} has no flow '${wanted}' (it has ${[...flows.keys()].join(', ')})`);
    return hit.key;
  }
  if (flows.has(INBOUND_FLOW_NAME)) return INBOUND_FLOW_NAME;
  const inbound = [...flows.values()].filter((f) => f.type === 'CONTACT_FLOW');
  if (inbound.length === 1) return (inbound[0] as SimFlow).key;
  throw new FlowLoadError(`${origin}: cannot tell which flow answers calls; pass an entry flow name`);
}

/** Name of the synthesized contact-centre stack's template file of a stage. */
export function contactCentreTemplateName(stage = 'dev', appPrefix = 'Cccode'): string {
  return `${appPrefix}-${stage}-ContactCentre.template.json`;
}

/**
 * Loads the flows from a `cdk.out` folder (or a template file path).
 * @throws FlowLoadError when the template is missing or unreadable
 */
export function loadCdkOutFlows(
  location: string,
  map: JourneyMap,
  options: TemplateFlowOptions & { readonly templateName?: string } = {},
): FlowSet {
  let file = location;
  if (fs.existsSync(location) && fs.statSync(location).isDirectory()) {
    file = path.join(location, options.templateName ?? contactCentreTemplateName());
  }
  if (!fs.existsSync(file)) {
    throw new FlowLoadError(
      `no synthesized template at ${file}: run \`npx cdk synth\` or use --flows compiled`,
    );
  }
  let template: unknown;
  try {
    template = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new FlowLoadError(`${file} is not JSON: ${(error as Error).message}`);
  }
  return flowSetFromTemplate(template, map, { ...options, origin: options.origin ?? file });
}
