import { Lazy, Stack } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import { Construct, IDependable } from 'constructs';
import { assertValidFlow, compileJourney, CompiledFlow } from '../flows';
import { IntegrationName } from '../integrations/contracts';
import { JourneyMap } from '../journey';
import { journeyDeflectionPlan } from '../omnichannel/ivr';

/** Properties of {@link ContactFlows}. */
export interface ContactFlowsProps {
  readonly instanceArn: string;
  readonly journey: JourneyMap;
  /** ARN of an integration function (a CDK token). */
  readonly functionArn: (name: IntegrationName) => string;
  /** ARN of a queue by journey queue id (a CDK token). */
  readonly queueArn: (queueId: string) => string;
  readonly hoursArn: string;
  /**
   * What the IVR offers per intent when its queue is in DEFLECT mode (see `FlowResources.deflection`).
   * @default the omnichannel decision function's plan over the default referential
   */
  readonly deflection?: (intentId: string) => 'sms-link' | 'callback' | undefined;
  /** Prefix of flow names, e.g. the stage. */
  readonly namePrefix: string;
  /**
   * The Connect integration association of an integration function. CreateContactFlow validates the
   * functions a published flow invokes, so each flow depends on the associations of exactly the
   * functions it references (no race on a first deploy). @default no explicit dependency
   */
  readonly integrationAssociation?: (name: IntegrationName) => IDependable | undefined;
}

/**
 * The contact flows compiled from the journey map. Every flow is validated at synth (a defect fails
 * synth naming the flow and action), and its content is serialized with `Stack.toJsonString`, so
 * function, queue, hours and flow ARNs are CloudFormation references, never literals.
 */
export class ContactFlows extends Construct {
  readonly compiled: readonly CompiledFlow[];
  readonly flows: ReadonlyMap<string, connect.CfnContactFlow>;

  constructor(scope: Construct, id: string, props: ContactFlowsProps) {
    super(scope, id);
    const flows = new Map<string, connect.CfnContactFlow>();
    // Flows refer to each other (the inbound flow sets the queue flow as its hook), so flow ARNs are
    // resolved lazily once every flow exists.
    const flowArn = (name: string): string =>
      Lazy.string({
        produce: () => {
          const flow = flows.get(name);
          if (!flow) throw new Error(`a flow refers to flow '${name}', which the compiler did not produce`);
          return flow.attrContactFlowArn;
        },
      });
    // The functions the compiler references, with the ARN token each appears as in flow content.
    const functionTokens = new Map<IntegrationName, string>();
    const functionArn = (name: IntegrationName): string => {
      const arn = functionTokens.get(name) ?? props.functionArn(name);
      functionTokens.set(name, arn);
      return arn;
    };
    this.compiled = compileJourney(props.journey, {
      functionArn,
      queueArn: props.queueArn,
      hoursArn: props.hoursArn,
      flowArn,
      deflection: props.deflection ?? journeyDeflectionPlan(props.journey),
    });
    for (const flow of this.compiled) {
      assertValidFlow(flow.content, flow.name, { flowType: flow.type });
      const resource = new connect.CfnContactFlow(this, flow.name, {
        instanceArn: props.instanceArn,
        name: `${props.namePrefix} ${flow.name}`.slice(0, 127),
        type: flow.type,
        description: flow.description.slice(0, 500),
        state: 'ACTIVE',
        content: Stack.of(this).toJsonString(flow.content),
      });
      if (props.integrationAssociation) {
        const text = JSON.stringify(flow.content);
        for (const [name, arn] of functionTokens) {
          if (!text.includes(arn)) continue;
          const association = props.integrationAssociation(name);
          if (association) resource.node.addDependency(association);
        }
      }
      flows.set(flow.name, resource);
    }
    this.flows = flows;
  }

  /** The ARN of the flow that answers calls. */
  get inboundFlowArn(): string {
    const inbound = this.compiled.find((f) => f.type === 'CONTACT_FLOW');
    if (!inbound) throw new Error('the compiler produced no CONTACT_FLOW to answer calls');
    return this.flows.get(inbound.name)!.attrContactFlowArn;
  }

  /** Names of the flows as deployed (the `ContactFlowName` metric dimension). */
  get deployedNames(): readonly string[] {
    return [...this.flows.values()].map((f) => f.name);
  }
}
