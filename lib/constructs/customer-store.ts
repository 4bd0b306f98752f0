import { Aws, CfnResource, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { KeyAttribute, TABLE_LIST, TableDefinition, TableId } from '../data/schema';
import {
  TABLE_KEY_READ_ACTIONS,
  TABLE_KEY_WRITE_ACTIONS,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
} from './perms';

/** Properties of {@link CustomerStore}. */
export interface CustomerStoreProps {
  /** Customer managed key encrypting every table. */
  readonly encryptionKey: kms.IKey;
  /**
   * Table definitions to build.
   * @default every table of `lib/data/schema.ts`
   */
  readonly tables?: readonly TableDefinition[];
}

/** Access a grantee needs on one table. */
export type TableAccess = 'read' | 'readWrite' | 'scan';

/** Tables whose grants must name the partition-key prefixes the grantee may touch. */
const LEADING_KEYS_REQUIRED: readonly TableId[] = ['OtpChallenges'];

/** Options of {@link CustomerStore.grant} (and `FlowFunction.bindTable`). */
export interface TableGrantOptions {
  /**
   * Partition-key prefixes the grantee may touch (for example `'challenge#'`), turned into
   * `ForAllValues:StringLike` on `dynamodb:LeadingKeys` with `<prefix>*` each, so every item request
   * must address only keys with one of these prefixes. Required for the security-state table
   * (OtpChallenges); cannot be combined with `scan` access (a Scan has no leading key).
   * See "Using IAM policy conditions for fine-grained access control", Amazon DynamoDB Developer Guide:
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
   * @default no condition (every item of the table)
   */
  readonly leadingKeyPrefixes?: readonly string[];
}

function attribute(key: KeyAttribute): dynamodb.Attribute {
  const type = {
    S: dynamodb.AttributeType.STRING,
    N: dynamodb.AttributeType.NUMBER,
    B: dynamodb.AttributeType.BINARY,
  }[key.type];
  return { name: key.name, type };
}

/**
 * The customer store: one on-demand DynamoDB table per definition of `lib/data/schema.ts`, each
 * encrypted with the customer managed key, with point-in-time recovery, deletion protection and
 * `RETAIN`. Logical ids are pinned to `<TableId>Table`, so moving the construct never replaces a table.
 */
export class CustomerStore extends Construct {
  /** Tables by logical id. */
  readonly tables: Readonly<Record<TableId, dynamodb.Table>>;
  private readonly definitions: ReadonlyMap<TableId, TableDefinition>;
  private readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: CustomerStoreProps) {
    super(scope, id);
    const definitions = props.tables ?? TABLE_LIST;
    const tables: Partial<Record<TableId, dynamodb.Table>> = {};
    for (const def of definitions) {
      const table = new dynamodb.Table(this, def.id, {
        partitionKey: attribute(def.partitionKey),
        sortKey: def.sortKey ? attribute(def.sortKey) : undefined,
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: props.encryptionKey,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        timeToLiveAttribute: def.timeToLiveAttribute,
      });
      for (const index of def.indexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: index.sortKey ? attribute(index.sortKey) : undefined,
          projectionType: index.projectedAttributes
            ? dynamodb.ProjectionType.INCLUDE
            : dynamodb.ProjectionType.ALL,
          nonKeyAttributes: index.projectedAttributes ? [...index.projectedAttributes] : undefined,
        });
      }
      (table.node.defaultChild as CfnResource).overrideLogicalId(`${def.id}Table`);
      tables[def.id] = table;
    }
    this.tables = tables as Record<TableId, dynamodb.Table>;
    this.definitions = new Map(definitions.map((d) => [d.id, d]));
    this.encryptionKey = props.encryptionKey;
  }

  /** Every table as a list. */
  get tableList(): readonly dynamodb.Table[] {
    return Object.values(this.tables);
  }

  /** The definition a table was built from. */
  definition(id: TableId): TableDefinition {
    const def = this.definitions.get(id);
    if (!def) {
      throw new Error(
        `customer store has no table '${id}'; known tables: ${[...this.definitions.keys()].join(', ')}`,
      );
    }
    return def;
  }

  /**
   * Grants item-level access to one table and its indexes, nothing table-wide (no DescribeTable,
   * no Scan unless `scan`). With `options.leadingKeyPrefixes` the table statement only allows items
   * whose partition key starts with one of the prefixes; the security-state table (OtpChallenges)
   * requires them.
   */
  grant(
    grantee: iam.IGrantable,
    id: TableId,
    access: TableAccess,
    options: TableGrantOptions = {},
  ): iam.Grant {
    const table = this.tables[id];
    const leadingKeys = this.leadingKeyPatterns(id, access, options.leadingKeyPrefixes);
    const actions: string[] =
      access === 'read'
        ? [...TABLE_READ_ACTIONS]
        : access === 'scan'
          ? [...TABLE_READ_ACTIONS, 'dynamodb:Scan']
          : [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS];
    // Each index by name: no wildcard in the policy.
    const resourceArns = [
      table.tableArn,
      ...this.definition(id).indexes.map((i) => `${table.tableArn}/index/${i.indexName}`),
    ];
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns,
      conditions: leadingKeys
        ? { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeys } }
        : undefined,
    });
    // DynamoDB uses the table's customer managed key with the caller's permissions (kms:ViaService).
    iam.Grant.addToPrincipal({
      grantee,
      actions: access === 'readWrite' ? [...TABLE_KEY_WRITE_ACTIONS] : [...TABLE_KEY_READ_ACTIONS],
      resourceArns: [this.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.amazonaws.com` } },
    });
    return grant;
  }

  /** Validates the prefixes of a grant and returns the `LeadingKeys` patterns, if any. */
  private leadingKeyPatterns(
    id: TableId,
    access: TableAccess,
    prefixes: readonly string[] | undefined,
  ): string[] | undefined {
    if (prefixes === undefined) {
      if (LEADING_KEYS_REQUIRED.includes(id)) {
        throw new Error(
          `grant on table '${id}' has no leadingKeyPrefixes; the table holds every piece of security state, so pass the partition-key prefixes the grantee owns (SECURITY_ITEMS of lib/integrations/contracts.ts), e.g. { leadingKeyPrefixes: ['challenge#'] }`,
        );
      }
      return undefined;
    }
    if (access === 'scan') {
      throw new Error(
        `grant on table '${id}' combines scan access with leadingKeyPrefixes; a Scan has no leading key, so the condition would not restrict it: use 'read' or 'readWrite'`,
      );
    }
    if (prefixes.length === 0) {
      throw new Error(
        `grant on table '${id}' has an empty leadingKeyPrefixes list; list at least one partition-key prefix`,
      );
    }
    const bad = prefixes.filter((p) => !Token.isUnresolved(p) && (p.length === 0 || /[*?]/.test(p)));
    if (bad.length > 0) {
      throw new Error(
        `grant on table '${id}' has invalid leadingKeyPrefixes ${bad.map((p) => `'${p}'`).join(', ')}; give literal non-empty prefixes without wildcards (the grant appends '*')`,
      );
    }
    return [...new Set(prefixes)].map((p) => `${p}*`);
  }
}
