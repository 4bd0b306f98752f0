/**
 * Operations CLI: `npm run ops -- <command>`.
 *
 *   status                                   mode of every queue (effective, alarm-driven, override) and the announcement
 *   override set <queue> <mode> --reason "..." [--until ISO]
 *   override clear <queue>
 *   announce set --en "..." --fr "..." [--until ISO]
 *   announce clear
 *   alarms                                   this app's alarms currently in ALARM
 *   guard show|unlock pin <accountNumber> | otp <customerId> [--reason "..."]
 *                                            guessing guards of pin-verify / otp-verify (see ops-guards.ts)
 *
 * Options: --stage <stage> (reads the table name from the deployed operations stack's outputs),
 * --table <RoutingState table> (or ROUTING_TABLE), --alarm-prefix <prefix> (or ALARM_PREFIX,
 * or --stage <stage> for `cccode-<stage>`), --queues a,b,c (default: the journey map's queue ids),
 * --endpoint <url> (DynamoDB endpoint, e.g. DynamoDB Local), --region, --by <name>.
 * Uses the caller's AWS credentials. Writes only the `override` attribute of a queue item and the
 * `#announcement` item; the alarm-driven attributes belong to the routing-mode function.
 */
import * as os from 'node:os';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ROUTING_MODES, type RoutingMode } from '../lib/integrations/contracts';
import { DEFAULT_JOURNEY_MAP } from '../lib/journey/default-map';
import type { RoutingStateItem } from '../lambda/domain/ports';
import {
  ANNOUNCEMENT_QUEUE,
  effectiveMode,
  MAX_ANNOUNCEMENT_LENGTH,
  QUEUE_ID_PATTERN,
  untilMs,
} from '../lambda/domain/routing';
import { ALARM_PREFIX_PATTERN, isRoutingMode } from '../lambda/domain/routing-mode';
import { GuardUsageError, guardShow, guardUnlock, type GuardOpsContext } from './ops-guards';

/** A mistake in the command line or its values; the message is one sentence for stderr. */
export class OpsUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpsUsageError';
  }
}

/** One alarm in ALARM. */
export interface AlarmSummary {
  readonly name: string;
  readonly type: 'MetricAlarm' | 'CompositeAlarm';
  readonly since?: Date;
  readonly reason?: string;
}

/** Lists the alarms in ALARM whose names start with a prefix. */
export type AlarmLister = (prefix: string) => Promise<AlarmSummary[]>;

/** What the commands need. */
export interface OpsContext {
  readonly doc: DynamoDBDocumentClient;
  /** RoutingState table name. */
  readonly table: string;
  /** Queue ids an override may name. */
  readonly queues: readonly string[];
  /** Who is acting (recorded on overrides and announcements). */
  readonly user: string;
  /** Epoch ms. */
  readonly now: () => number;
  readonly out: (line: string) => void;
}

/** A queue's routing state as `status` reports it. */
export interface QueueStatus {
  readonly queue: string;
  /** What callers get now (an active override wins). */
  readonly effectiveMode: RoutingMode;
  /** What the alarms say. */
  readonly alarmMode: string;
  readonly since?: string;
  readonly reason?: string;
  readonly alarmsInAlarm: readonly string[];
  readonly override?: {
    readonly mode: string;
    readonly reason?: string;
    readonly until?: string | number;
    readonly by?: string;
    readonly active: boolean;
  };
  /** False for an item whose queue is not in the journey map (left over from a removed queue). */
  readonly known: boolean;
}

/** The announcement as `status` reports it. */
export interface AnnouncementStatus {
  readonly text: Readonly<Record<string, string>>;
  readonly until?: string | number;
  readonly active: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringSet(value: unknown): string[] {
  if (value instanceof Set || Array.isArray(value)) {
    return [...value].filter((v): v is string => typeof v === 'string').sort();
  }
  return [];
}

function activeUntil(until: string | number | undefined, now: number): boolean {
  if (until === undefined) return true;
  const ms = untilMs(until);
  return ms !== undefined && ms > now;
}

/** Checks a queue id against the known queues. */
export function checkQueue(ctx: Pick<OpsContext, 'queues'>, queue: string | undefined): string {
  if (!queue) throw new OpsUsageError('name the queue, e.g. `override set billing CALLBACK --reason "..."`');
  if (!ctx.queues.includes(queue)) {
    throw new OpsUsageError(`unknown queue '${queue}'; known queues: ${ctx.queues.join(', ')}`);
  }
  return queue;
}

/** Checks a mode. */
export function checkMode(mode: string | undefined): RoutingMode {
  if (!isRoutingMode(mode)) {
    throw new OpsUsageError(
      `invalid mode ${JSON.stringify(mode ?? '')}; use one of ${ROUTING_MODES.join(', ')}`,
    );
  }
  return mode;
}

/** Parses an `--until` time: ISO 8601 with a time zone, in the future. */
export function checkUntil(until: string | undefined, now: number): string | undefined {
  if (until === undefined) return undefined;
  const ms = /T.*(Z|[+-]\d{2}:?\d{2})$/.test(until) ? Date.parse(until) : NaN;
  if (Number.isNaN(ms)) {
    throw new OpsUsageError(
      `--until ${JSON.stringify(until)} is not an ISO 8601 time with a zone, e.g. 2026-12-24T18:00:00Z`,
    );
  }
  if (ms <= now) throw new OpsUsageError(`--until ${until} is already in the past`);
  return new Date(ms).toISOString();
}

async function scanAll(ctx: OpsContext): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ctx.doc.send(
      new ScanCommand({ TableName: ctx.table, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** `status`: every known queue (NORMAL when it has no item) plus leftover items, and the announcement. */
export async function status(
  ctx: OpsContext,
): Promise<{ queues: QueueStatus[]; announcement?: AnnouncementStatus }> {
  const now = ctx.now();
  const items = await scanAll(ctx);
  const byQueue = new Map(
    items.filter((i) => typeof i.queue === 'string').map((i) => [i.queue as string, i]),
  );
  const ids = [...new Set([...ctx.queues, ...[...byQueue.keys()].filter((q) => q !== ANNOUNCEMENT_QUEUE)])];
  const queues = ids.map((queue): QueueStatus => {
    const item = byQueue.get(queue) ?? { queue };
    const override =
      isRecord(item.override) && typeof item.override.mode === 'string'
        ? {
            mode: item.override.mode,
            reason: typeof item.override.reason === 'string' ? item.override.reason : undefined,
            until:
              typeof item.override.until === 'string' || typeof item.override.until === 'number'
                ? item.override.until
                : undefined,
            by: typeof item.override.by === 'string' ? item.override.by : undefined,
          }
        : undefined;
    return {
      queue,
      effectiveMode: effectiveMode(item as unknown as RoutingStateItem, now),
      alarmMode: typeof item.mode === 'string' ? item.mode : 'NORMAL',
      since: typeof item.since === 'string' ? item.since : undefined,
      reason: typeof item.reason === 'string' ? item.reason : undefined,
      alarmsInAlarm: stringSet(item.alarmsInAlarm),
      override: override && {
        ...override,
        active: isRoutingMode(override.mode) && activeUntil(override.until, now),
      },
      known: ctx.queues.includes(queue),
    };
  });
  const a = byQueue.get(ANNOUNCEMENT_QUEUE);
  const announcement =
    a && isRecord(a.text)
      ? {
          text: Object.fromEntries(
            Object.entries(a.text)
              .filter((e): e is [string, string] => typeof e[1] === 'string')
              .sort(([x], [y]) => x.localeCompare(y)),
          ),
          until: typeof a.until === 'string' || typeof a.until === 'number' ? a.until : undefined,
          active: activeUntil(a.until as string | number | undefined, now),
        }
      : undefined;
  return { queues, announcement };
}

/** Renders `status` for a terminal. */
export function renderStatus(result: Awaited<ReturnType<typeof status>>): string[] {
  const lines = ['queue            callers get  alarms say   since                     override / reason'];
  for (const q of result.queues) {
    const override = q.override
      ? `OVERRIDE ${q.override.mode}${q.override.active ? '' : ' (lapsed)'} by ${q.override.by ?? '?'}${q.override.until ? ` until ${q.override.until}` : ''}: ${q.override.reason ?? ''}`
      : (q.reason ?? '');
    lines.push(
      `${q.queue.padEnd(16)} ${q.effectiveMode.padEnd(12)} ${q.alarmMode.padEnd(12)} ${(q.since ?? '-').padEnd(25)} ${override}${q.known ? '' : ' [not in the journey map]'}`,
    );
    if (q.alarmsInAlarm.length > 0) lines.push(`${''.padEnd(16)} in ALARM: ${q.alarmsInAlarm.join(', ')}`);
  }
  const a = result.announcement;
  lines.push(
    a
      ? `announcement${a.active ? '' : ' (lapsed)'}${a.until ? ` until ${a.until}` : ''}: ${Object.entries(
          a.text,
        )
          .map(([lang, text]) => `[${lang}] ${text}`)
          .join(' ')}`
      : 'announcement: none',
  );
  return lines;
}

/** `override set`: pins a queue's mode until cleared or `until`. The alarm-driven state is kept. */
export async function overrideSet(
  ctx: OpsContext,
  queueArg: string | undefined,
  modeArg: string | undefined,
  options: { reason?: string; until?: string },
): Promise<void> {
  const queue = checkQueue(ctx, queueArg);
  const mode = checkMode(modeArg);
  const reason = options.reason?.trim();
  if (!reason)
    throw new OpsUsageError(
      '--reason is required: say why the queue is overridden (shown in status and logs)',
    );
  if (reason.length > 300)
    throw new OpsUsageError(`--reason is ${reason.length} characters; keep it under 300`);
  const until = checkUntil(options.until, ctx.now());
  const override = {
    mode,
    reason,
    by: ctx.user,
    at: new Date(ctx.now()).toISOString(),
    ...(until ? { until } : {}),
  };
  await ctx.doc.send(
    new UpdateCommand({
      TableName: ctx.table,
      Key: { queue },
      UpdateExpression: 'SET #override = :override',
      ExpressionAttributeNames: { '#override': 'override' },
      ExpressionAttributeValues: { ':override': override },
    }),
  );
  ctx.out(
    `queue ${queue}: callers get ${mode}${until ? ` until ${until}` : ' until cleared'} (override by ${ctx.user}: ${reason})`,
  );
}

/** `override clear`: the queue follows its alarms again. */
export async function overrideClear(ctx: OpsContext, queueArg: string | undefined): Promise<boolean> {
  const queue = checkQueue(ctx, queueArg);
  const result = await ctx.doc
    .send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: { queue },
        UpdateExpression: 'REMOVE #override',
        ConditionExpression: 'attribute_exists(#override)',
        ExpressionAttributeNames: { '#override': 'override' },
        ReturnValues: 'ALL_NEW',
      }),
    )
    .catch((error: unknown) => {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    });
  if (!result) {
    ctx.out(`queue ${queue} has no override; nothing to clear`);
    return false;
  }
  const mode = typeof result.Attributes?.mode === 'string' ? result.Attributes.mode : 'NORMAL';
  ctx.out(`queue ${queue}: override cleared; callers get the alarm-driven mode ${mode}`);
  return true;
}

/** `announce set`: the message read at the start of every call, in every language. */
export async function announceSet(
  ctx: OpsContext,
  options: { en?: string; fr?: string; until?: string },
): Promise<void> {
  const text: Record<string, string> = {};
  for (const lang of ['en', 'fr'] as const) {
    const value = options[lang]?.trim();
    if (!value)
      throw new OpsUsageError(
        `--${lang} is required and must not be empty: callers in every language hear the announcement`,
      );
    if (value.length > MAX_ANNOUNCEMENT_LENGTH) {
      throw new OpsUsageError(
        `--${lang} is ${value.length} characters; announcements are at most ${MAX_ANNOUNCEMENT_LENGTH}`,
      );
    }
    if (/[<>]/.test(value))
      throw new OpsUsageError(`--${lang} contains < or >; announcements are plain text, not SSML`);
    text[lang] = value;
  }
  const until = checkUntil(options.until, ctx.now());
  await ctx.doc.send(
    new PutCommand({
      TableName: ctx.table,
      Item: {
        queue: ANNOUNCEMENT_QUEUE,
        text,
        by: ctx.user,
        at: new Date(ctx.now()).toISOString(),
        ...(until ? { until } : {}),
      },
    }),
  );
  ctx.out(`announcement set${until ? ` until ${until}` : ' until cleared'}: [en] ${text.en} [fr] ${text.fr}`);
}

/** `announce clear`. */
export async function announceClear(ctx: OpsContext): Promise<void> {
  await ctx.doc.send(new DeleteCommand({ TableName: ctx.table, Key: { queue: ANNOUNCEMENT_QUEUE } }));
  ctx.out('announcement cleared');
}

/** `alarms`: this app's alarms in ALARM. */
export async function alarms(
  lister: AlarmLister,
  prefix: string,
  out: (line: string) => void,
): Promise<AlarmSummary[]> {
  const found = await lister(prefix);
  if (found.length === 0) out(`no alarm starting with ${prefix} is in ALARM`);
  for (const alarm of found) {
    out(`${alarm.name} (${alarm.type}) since ${alarm.since?.toISOString() ?? '?'}: ${alarm.reason ?? ''}`);
  }
  return found;
}

/** An {@link AlarmLister} over CloudWatch DescribeAlarms. */
export function cloudWatchAlarmLister(client: CloudWatchClient): AlarmLister {
  return async (prefix) => {
    const found: AlarmSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new DescribeAlarmsCommand({
          AlarmNamePrefix: prefix,
          StateValue: 'ALARM',
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          NextToken: nextToken,
        }),
      );
      for (const a of page.CompositeAlarms ?? []) {
        found.push({
          name: a.AlarmName ?? '?',
          type: 'CompositeAlarm',
          since: a.StateUpdatedTimestamp,
          reason: a.StateReason,
        });
      }
      for (const a of page.MetricAlarms ?? []) {
        found.push({
          name: a.AlarmName ?? '?',
          type: 'MetricAlarm',
          since: a.StateUpdatedTimestamp,
          reason: a.StateReason,
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return found;
  };
}

/** Parsed command line. */
export interface OpsArgs {
  readonly positionals: readonly string[];
  readonly flags: ReadonlyMap<string, string>;
}

const FLAGS = new Set([
  'table',
  'alarm-prefix',
  'stage',
  'queues',
  'endpoint',
  'region',
  'by',
  'reason',
  'until',
  'en',
  'fr',
  'security-table',
  'mac-key-id',
  'kms-endpoint',
]);

/** Splits positionals and `--flag value` / `--flag=value` options. */
export function parseOpsArgs(argv: readonly string[]): OpsArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!FLAGS.has(name)) throw new OpsUsageError(`unknown option --${name}`);
    const value = eq === -1 ? argv[i + 1] : arg.slice(eq + 1);
    if (value === undefined) throw new OpsUsageError(`--${name} needs a value`);
    if (eq === -1) i += 1;
    flags.set(name, value);
  }
  return { positionals, flags };
}

/** Known queue ids: `--queues a,b` or the journey map's. */
export function knownQueues(flags: ReadonlyMap<string, string>): string[] {
  const listed = flags.get('queues');
  const queues =
    listed !== undefined
      ? listed
          .split(',')
          .map((q) => q.trim())
          .filter(Boolean)
      : DEFAULT_JOURNEY_MAP.queues.map((q) => q.id);
  for (const queue of queues) {
    if (!QUEUE_ID_PATTERN.test(queue))
      throw new OpsUsageError(`--queues entry ${JSON.stringify(queue)} is not a queue id`);
  }
  if (queues.length === 0) throw new OpsUsageError('--queues lists no queue');
  return queues;
}

/** The alarm prefix: `--alarm-prefix`, `ALARM_PREFIX`, or `cccode-<stage>` for `--stage`. */
export function alarmPrefixOf(flags: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv): string {
  const stage = flags.get('stage');
  const prefix = flags.get('alarm-prefix') ?? env.ALARM_PREFIX ?? (stage ? `cccode-${stage}` : undefined);
  if (!prefix)
    throw new OpsUsageError(
      'pass --alarm-prefix (the AlarmPrefix output of the operations stack), set ALARM_PREFIX, or pass --stage',
    );
  if (!ALARM_PREFIX_PATTERN.test(prefix))
    throw new OpsUsageError(`alarm prefix ${JSON.stringify(prefix)} is invalid`);
  return prefix;
}

const USAGE = [
  'usage: npm run ops -- <command> [options]',
  '  status',
  '  override set <queue> <NORMAL|CALLBACK|OVERFLOW|DEFLECT> --reason "..." [--until 2026-12-24T18:00:00Z]',
  '  override clear <queue>',
  '  announce set --en "..." --fr "..." [--until ISO]',
  '  announce clear',
  '  alarms',
  '  guard show <pin <accountNumber>|otp <customerId>>',
  '  guard unlock <pin <accountNumber>|otp <customerId>> --reason "..."',
  '         guard options: --security-table <name> (or OTP_TABLE)  --mac-key-id <key> (or MAC_KEY_ID)  --kms-endpoint <url>',
  'options: --table <name> (or ROUTING_TABLE)  --alarm-prefix <prefix> | --stage <stage> (or ALARM_PREFIX)',
  '         --queues a,b,c  --endpoint <url>  --region <region>  --by <name>',
].join('\n');

/** Dependencies of {@link runOps} that tests replace. */
export interface OpsRuntime {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly now: () => number;
  /** DynamoDB document client for an endpoint/region (default: the SDK's). */
  readonly documentClient: (options: { endpoint?: string; region?: string }) => DynamoDBDocumentClient;
  readonly alarmLister: (options: { region?: string }) => AlarmLister;
  /** KMS client for an endpoint/region (pseudonyms of account numbers for `guard ... pin`). */
  readonly kmsClient: (options: { endpoint?: string; region?: string }) => KMSClient;
  /** Outputs of a deployed stack by name (for `--stage`). */
  readonly stackOutputs: (options: {
    region?: string;
  }) => (stackName: string) => Promise<Record<string, string>>;
}

/** Name of the operations stack of a stage (see `lib/app-builder.ts`). */
export function operationsStackName(stage: string): string {
  return `Cccode-${stage}-Operations`;
}

/** Reads a deployed stack's outputs through CloudFormation. */
export function cloudFormationOutputs(
  client: CloudFormationClient,
): (stackName: string) => Promise<Record<string, string>> {
  return async (stackName) => {
    const result = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs = result.Stacks?.[0]?.Outputs ?? [];
    return Object.fromEntries(
      outputs.filter((o) => o.OutputKey && o.OutputValue).map((o) => [o.OutputKey!, o.OutputValue!]),
    );
  };
}

const defaultRuntime: OpsRuntime = {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  now: () => Date.now(),
  documentClient: ({ endpoint, region }) =>
    DynamoDBDocumentClient.from(
      new DynamoDBClient({ ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}) }),
      {
        marshallOptions: { removeUndefinedValues: true },
      },
    ),
  alarmLister: ({ region }) => cloudWatchAlarmLister(new CloudWatchClient(region ? { region } : {})),
  kmsClient: ({ endpoint, region }) =>
    new KMSClient({ ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}) }),
  stackOutputs: ({ region }) => cloudFormationOutputs(new CloudFormationClient(region ? { region } : {})),
};

/** Runs one command; returns the process exit code (2 for a usage or validation error). */
export async function runOps(argv: readonly string[], runtime: Partial<OpsRuntime> = {}): Promise<number> {
  const rt = { ...defaultRuntime, ...runtime };
  try {
    const { positionals, flags } = parseOpsArgs(argv);
    const [command, sub, ...rest] = positionals;
    if (!command) throw new OpsUsageError('name a command');
    const region = flags.get('region');
    if (command === 'alarms') {
      if (sub !== undefined) throw new OpsUsageError(`unexpected argument ${JSON.stringify(sub)}`);
      await alarms(rt.alarmLister({ region }), alarmPrefixOf(flags, rt.env), rt.out);
      return 0;
    }
    if (command === 'guard') {
      await guardCommand(rt, flags, sub, rest);
      return 0;
    }
    let table = flags.get('table') ?? rt.env.ROUTING_TABLE;
    const stage = flags.get('stage');
    if (!table && stage) {
      // The deployed operations stack names its table in an output.
      const stackName = operationsStackName(stage);
      const outputs = await rt
        .stackOutputs({ region })(stackName)
        .catch((error: unknown) => {
          throw new Error(
            `could not read the outputs of stack ${stackName} (${error instanceof Error ? error.message : String(error)}); pass --table instead`,
          );
        });
      table = outputs.RoutingTableName;
      if (!table) throw new Error(`stack ${stackName} has no RoutingTableName output; pass --table instead`);
    }
    if (!table)
      throw new OpsUsageError(
        'pass --stage <stage> (reads the deployed operations stack), --table (its RoutingTableName output) or set ROUTING_TABLE',
      );
    const ctx: OpsContext = {
      doc: rt.documentClient({ endpoint: flags.get('endpoint'), region }),
      table,
      queues: knownQueues(flags),
      user: flags.get('by') ?? rt.env.OPS_USER ?? os.userInfo().username,
      now: rt.now,
      out: rt.out,
    };
    const expectArgs = (n: number, args: readonly (string | undefined)[]) => {
      const extra = args.slice(n).filter((a) => a !== undefined);
      if (extra.length > 0) throw new OpsUsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
    };
    if (command === 'status') {
      expectArgs(0, [sub, ...rest]);
      for (const line of renderStatus(await status(ctx))) rt.out(line);
    } else if (command === 'override' && sub === 'set') {
      expectArgs(2, rest);
      await overrideSet(ctx, rest[0], rest[1], { reason: flags.get('reason'), until: flags.get('until') });
    } else if (command === 'override' && sub === 'clear') {
      expectArgs(1, rest);
      await overrideClear(ctx, rest[0]);
    } else if (command === 'announce' && sub === 'set') {
      expectArgs(0, rest);
      await announceSet(ctx, { en: flags.get('en'), fr: flags.get('fr'), until: flags.get('until') });
    } else if (command === 'announce' && sub === 'clear') {
      expectArgs(0, rest);
      await announceClear(ctx);
    } else {
      throw new OpsUsageError(`unknown command '${[command, sub].filter(Boolean).join(' ')}'`);
    }
    return 0;
  } catch (error) {
    if (error instanceof OpsUsageError || error instanceof GuardUsageError) {
      rt.err(`error: ${error.message}.`.replace(/\.\.$/, '.'));
      rt.err(USAGE);
      return 2;
    }
    rt.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** `guard show|unlock <pin|otp> <id>`. */
async function guardCommand(
  rt: OpsRuntime,
  flags: ReadonlyMap<string, string>,
  sub: string | undefined,
  rest: readonly string[],
): Promise<void> {
  const table = flags.get('security-table') ?? rt.env.OTP_TABLE;
  if (!table)
    throw new OpsUsageError(
      'pass --security-table (the OtpChallenges table of the data stack) or set OTP_TABLE',
    );
  if (rest.length > 2) throw new OpsUsageError(`unexpected argument ${JSON.stringify(rest[2])}`);
  const region = flags.get('region');
  const kmsEndpoint = flags.get('kms-endpoint');
  const ctx: GuardOpsContext = {
    doc: rt.documentClient({ endpoint: flags.get('endpoint'), region }),
    table,
    kms: rt.kmsClient({ endpoint: kmsEndpoint, region }),
    macKeyId: flags.get('mac-key-id') ?? rt.env.MAC_KEY_ID,
    user: flags.get('by') ?? rt.env.OPS_USER ?? os.userInfo().username,
    now: rt.now,
    out: rt.out,
  };
  if (sub === 'show') await guardShow(ctx, rest[0], rest[1]);
  else if (sub === 'unlock') await guardUnlock(ctx, rest[0], rest[1], flags.get('reason'));
  else
    throw new OpsUsageError(`unknown command 'guard${sub ? ` ${sub}` : ''}'; use guard show or guard unlock`);
}

if (require.main === module) {
  runOps(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
