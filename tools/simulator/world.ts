/**
 * The simulator's world: the customer store in DynamoDB Local (tables created with the deployed
 * schema, the demo customers, accounts and orders seeded, PINs as KMS HMACs) and the loopback KMS
 * server with the demo MAC key. Scenarios share one world; {@link SimulatorWorld.reset} puts back
 * everything a call can change (OTP challenges and send counters, PIN failure counters, routing
 * state) so every scenario starts from the same data.
 */
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  PutCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { OutboundPolicyConfig } from '../../lib/config/stage-config';
import { STAGES } from '../../lib/config/stages';
import type { TableId } from '../../lib/data/schema';
import {
  OUTBOUND_POLICY_ENV,
  type IntegrationName,
  type RoutingMode,
} from '../../lib/integrations/contracts';
import { journeyEnvironment } from '../../lib/journey/environment';
import type { JourneyMap } from '../../lib/journey/types';
import { ANNOUNCEMENT_QUEUE } from '../../lambda/domain/routing';
import { createDocumentClient } from '../../lambda/shared/aws/dynamodb';
import { createKmsClient } from '../../lambda/shared/aws/kms';
import { DEMO_BASE_DATE, DEMO_MAC_KEY_ID } from '../demo-data';
import { seedDemoData } from '../seed';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClients } from '../../test/support/clients';
import { startKmsServer, type KmsServer } from '../../test/support/kms-server';
import { createTables, ensureTables } from '../../test/support/tables';

/** Options of {@link SimulatorWorld.start}. */
export interface WorldOptions {
  /** DynamoDB Local endpoint, e.g. `http://127.0.0.1:8000`. */
  readonly ddbEndpoint: string;
  /**
   * Table-name prefix. A fresh one gets new tables; an existing one is reused (schema checked).
   * @default a unique `sim-<pid>-<n>-<random>` prefix
   */
  readonly prefix?: string;
  /** Reference "now" of the demo orders' dates. @default DEMO_BASE_DATE */
  readonly seedNow?: Date;
}

/**
 * The environment a deployed function gets from the stage and the journey map, as the CDK sets it:
 * the outbound number policy (`OUTBOUND_POLICY`) for every function, the journey's callback country
 * (`CALLBACK_COUNTRY`) for callback-number. The simulator uses it where the flows' source (compiled
 * flows, an older template) has none.
 */
export function stageEnvironment(
  name: IntegrationName,
  map: JourneyMap,
  outbound: OutboundPolicyConfig = STAGES.dev.outbound,
): Record<string, string> {
  return {
    [OUTBOUND_POLICY_ENV]: JSON.stringify(outbound),
    ...journeyEnvironment(name, map),
  };
}

let worldCounter = 0;

type Item = Record<string, unknown>;

/** A loopback TCP port that accepts connections and drops them at once: a dependency that is down. */
class BlackHole {
  private constructor(
    private readonly server: net.Server,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<BlackHole> {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address() as net.AddressInfo;
    server.unref();
    return new BlackHole(server, `http://127.0.0.1:${address.port}`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Tables, seeded data, the KMS server and the SDK clients the handlers use. */
export class SimulatorWorld {
  private blackHole: BlackHole | undefined;
  private deadDoc: DynamoDBDocumentClient | undefined;
  private deadKms: KMSClient | undefined;

  private constructor(
    /** Physical table names by logical id. */
    readonly tables: Readonly<Record<TableId, string>>,
    /** DocumentClient with the handlers' own timeouts, pointed at DynamoDB Local. */
    readonly doc: DynamoDBDocumentClient,
    /** KMS client pointed at the loopback KMS server. */
    readonly kms: KMSClient,
    /** Id of the HMAC key the PIN and OTP MACs use. */
    readonly macKeyId: string,
    private readonly ddb: DynamoDBClient,
    private readonly admin: DynamoDBDocumentClient,
    private readonly kmsServer: KmsServer,
    private readonly accounts: readonly Item[],
  ) {}

  /** Creates (or reuses) the tables, seeds the demo data and starts the KMS server. */
  static async start(options: WorldOptions): Promise<SimulatorWorld> {
    const { ddb, doc: admin } = localClients(options.ddbEndpoint);
    worldCounter += 1;
    // The counter restarts in every Jest test file (fresh module registry) while DynamoDB Local keeps
    // the tables of earlier files in the same worker: a random part keeps prefixes unique.
    const prefix = options.prefix ?? `sim-${process.pid}-${worldCounter}-${randomBytes(4).toString('hex')}`;
    const tables =
      // Scenario clocks are fixed dates, often hours before the real one: with DynamoDB Local's TTL
      // sweeper on, a challenge written during a call could vanish before it is verified.
      options.prefix === undefined
        ? await createTables(ddb, prefix, { timeToLive: false })
        : await ensureTables(ddb, prefix);
    const kmsServer = await startKmsServer();
    kmsServer.createKey({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', keyId: DEMO_MAC_KEY_ID });
    const clientOptions = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    const doc = createDocumentClient({ ...clientOptions, endpoint: options.ddbEndpoint });
    const kms = createKmsClient({ ...clientOptions, endpoint: kmsServer.endpoint });
    await seedDemoData({
      doc: admin,
      tableNames: tables,
      kms,
      macKeyId: DEMO_MAC_KEY_ID,
      now: options.seedNow ?? DEMO_BASE_DATE,
    });
    // Seeded account items (PIN MACs included) are kept to undo lockouts and failure counts.
    const accounts = await scanAll(admin, tables.Accounts);
    const world = new SimulatorWorld(tables, doc, kms, DEMO_MAC_KEY_ID, ddb, admin, kmsServer, accounts);
    await world.reset();
    return world;
  }

  /** Puts back everything a call can change: OTP and send-rate items, accounts, routing state. */
  async reset(): Promise<void> {
    await Promise.all([
      clearTable(this.admin, this.tables.OtpChallenges, 'pk'),
      clearTable(this.admin, this.tables.RoutingState, 'queue'),
    ]);
    await Promise.all(
      this.accounts.map((item) =>
        this.admin.send(new PutCommand({ TableName: this.tables.Accounts, Item: item })),
      ),
    );
  }

  /**
   * Writes one RoutingState item per queue, as the routing-mode function does on alarm changes:
   * `modes` first, every other queue of `queueIds` NORMAL.
   */
  async setRouting(
    queueIds: readonly string[],
    modes: Readonly<Record<string, RoutingMode>>,
    now: Date,
  ): Promise<void> {
    const all = new Set([...queueIds, ...Object.keys(modes)]);
    await Promise.all(
      [...all].map((queue) =>
        this.admin.send(
          new PutCommand({
            TableName: this.tables.RoutingState,
            Item: {
              queue,
              mode: modes[queue] ?? 'NORMAL',
              since: now.toISOString(),
              reason: modes[queue] ? 'simulated scenario' : 'simulated default',
              alarm: `sim-queue-${queue}-wait`,
            },
          }),
        ),
      ),
    );
  }

  /** Writes the announcement item routing-context reads (text per language, optional end). */
  async setAnnouncement(text: Readonly<Record<string, string>>, until?: string): Promise<void> {
    await this.admin.send(
      new PutCommand({
        TableName: this.tables.RoutingState,
        Item: { queue: ANNOUNCEMENT_QUEUE, text: { ...text }, ...(until ? { until } : {}) },
      }),
    );
  }

  /** A DocumentClient whose every request fails to connect (DynamoDB unavailable). */
  async unavailableDynamoDb(): Promise<DynamoDBDocumentClient> {
    this.blackHole ??= await BlackHole.start();
    this.deadDoc ??= createDocumentClient({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: this.blackHole.endpoint,
    });
    return this.deadDoc;
  }

  /** A KMS client whose every request fails to connect (KMS unavailable). */
  async unavailableKms(): Promise<KMSClient> {
    this.blackHole ??= await BlackHole.start();
    this.deadKms ??= createKmsClient({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: this.blackHole.endpoint,
    });
    return this.deadKms;
  }

  /** Stops the KMS server and closes every client (tables are left for DynamoDB Local to drop). */
  async close(): Promise<void> {
    await this.kmsServer.close();
    await this.blackHole?.close();
    this.doc.destroy();
    this.kms.destroy();
    this.deadDoc?.destroy();
    this.deadKms?.destroy();
    this.ddb.destroy();
  }
}

async function scanAll(doc: DynamoDBDocumentClient, table: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function clearTable(doc: DynamoDBDocumentClient, table: string, key: string): Promise<void> {
  const items = await scanAll(doc, table);
  for (let i = 0; i < items.length; i += 25) {
    const batch = items.slice(i, i + 25);
    let requests: Record<string, unknown>[] = batch.map((item) => ({
      DeleteRequest: { Key: { [key]: item[key] } },
    }));
    for (let attempt = 0; requests.length > 0 && attempt < 5; attempt++) {
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (result.UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
    }
  }
}
