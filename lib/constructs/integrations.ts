import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { OutboundPolicyConfig } from '../config/stage-config';
import { TableId } from '../data/schema';
import {
  INTEGRATION_LIST,
  IntegrationContract,
  IntegrationName,
  OUTBOUND_POLICY_ENV,
} from '../integrations/contracts';
import { CustomerStore } from './customer-store';
import { FlowFunction } from './flow-function';
import { IsolatedNetwork } from './isolated-network';

/** Properties of {@link Integrations}. */
export interface IntegrationsProps {
  readonly store: CustomerStore;
  readonly macKey: kms.IKey;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly reservedConcurrency: number;
  readonly network?: IsolatedNetwork;
  /** SMS sender id shown to customers. */
  readonly smsSenderId: string;
  /** Base URL of self-service pages sent by SMS. */
  readonly selfServiceBaseUrl: string;
  /** Base URL of the password reset page. */
  readonly resetBaseUrl: string;
  /** Outbound number policy and global budgets, passed to every function as `OUTBOUND_POLICY` (JSON). */
  readonly outbound: OutboundPolicyConfig;
  /** Environment variables particular to some integrations (for example routing-context's queue ids). */
  readonly environment?: Readonly<Partial<Record<IntegrationName, Readonly<Record<string, string>>>>>;
  /** Contracts to build. @default every integration of `lib/integrations/contracts.ts` */
  readonly contracts?: readonly IntegrationContract[];
}

/**
 * One {@link FlowFunction} per integration contract, each granted exactly the tables, key operations
 * and SMS access its contract lists, and nothing else.
 */
export class Integrations extends Construct {
  readonly functions: ReadonlyMap<IntegrationName, FlowFunction>;

  constructor(scope: Construct, id: string, props: IntegrationsProps) {
    super(scope, id);
    const functions = new Map<IntegrationName, FlowFunction>();
    for (const contract of props.contracts ?? INTEGRATION_LIST) {
      const fn = new FlowFunction(this, contract.name, {
        name: contract.name,
        description: contract.description,
        timeLimitSeconds: contract.timeLimitSeconds,
        logKey: props.logKey,
        logRetention: props.logRetention,
        reservedConcurrency: props.reservedConcurrency,
        network: props.network,
        environment: {
          SELF_SERVICE_BASE_URL: props.selfServiceBaseUrl,
          RESET_BASE_URL: props.resetBaseUrl,
          [OUTBOUND_POLICY_ENV]: JSON.stringify(props.outbound),
          ...props.environment?.[contract.name],
        },
      });
      if (contract.tables.OtpChallenges && !contract.securityItems?.length) {
        throw new Error(
          `integration '${contract.name}' uses OtpChallenges but lists no securityItems; add the SECURITY_ITEMS prefixes it owns to its contract in lib/integrations/contracts.ts`,
        );
      }
      for (const [table, access] of Object.entries(contract.tables)) {
        // The security-state table is granted per partition-key prefix (dynamodb:LeadingKeys).
        fn.bindTable(
          props.store,
          table as TableId,
          access,
          table === 'OtpChallenges' ? { leadingKeyPrefixes: contract.securityItems } : {},
        );
      }
      if (contract.macKey.length > 0) {
        fn.bindMacKey(props.macKey, contract.macKey);
      }
      if (contract.sendsSms) {
        fn.bindSms(props.smsSenderId);
      }
      functions.set(contract.name, fn);
    }
    this.functions = functions;
  }

  /** The function of an integration. */
  get(name: IntegrationName): FlowFunction {
    const fn = this.functions.get(name);
    if (!fn)
      throw new Error(`no integration function '${name}'; known: ${[...this.functions.keys()].join(', ')}`);
    return fn;
  }
}
