import * as connect from 'aws-cdk-lib/aws-connect';
import { Construct } from 'constructs';

/** A weekly opening slot. */
export interface OpeningSlot {
  readonly day: 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';
  /** `HH:MM`, 24-hour. */
  readonly start: string;
  readonly end: string;
}

/** A day the contact centre is closed. */
export interface Holiday {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly name: string;
}

/** A queue to create. */
export interface QueueDefinition {
  /** Lowercase id used in flows and routing state. */
  readonly id: string;
  /** Connect queue name; also the CloudWatch `QueueName` dimension. */
  readonly name: string;
  readonly description: string;
  readonly maxContacts?: number;
}

/** Properties of {@link ContactRouting}. */
export interface ContactRoutingProps {
  readonly instanceArn: string;
  readonly timeZone: string;
  readonly weekly: readonly OpeningSlot[];
  readonly holidays: readonly Holiday[];
  readonly queues: readonly QueueDefinition[];
  /** Queue id of the overflow queue (served first by the overflow profile). */
  readonly overflowQueueId: string;
  /** Queue id of the callback queue (lowest priority for primary agents). */
  readonly callbackQueueId: string;
  /**
   * Seconds a contact waits in a primary queue before agents of the overflow profile may take it.
   * @default 60
   */
  readonly overflowDelaySeconds?: number;
  /** Prefix of resource names, e.g. the stage. */
  readonly namePrefix: string;
}

const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;

function time(hhmm: string): { hours: number; minutes: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new Error(`opening time '${hhmm}' is not HH:MM (24-hour); use for example 08:00`);
  return { hours: Number(match[1]), minutes: Number(match[2]) };
}

/**
 * Hours of operation with holiday overrides, the queues, and two routing profiles:
 * - `primary`: every queue but overflow, callbacks at a lower priority so live callers go first;
 * - `overflow`: the overflow queue first, then the primary queues after `overflowDelaySeconds` of
 *   waiting, so a wider agent pool absorbs only the contacts that have already waited.
 */
export class ContactRouting extends Construct {
  readonly hours: connect.CfnHoursOfOperation;
  readonly queues: ReadonlyMap<string, connect.CfnQueue>;
  readonly primaryProfile: connect.CfnRoutingProfile;
  readonly overflowProfile: connect.CfnRoutingProfile;

  constructor(scope: Construct, id: string, props: ContactRoutingProps) {
    super(scope, id);
    const delay = props.overflowDelaySeconds ?? 60;
    if (!Number.isInteger(delay) || delay < 0 || delay > 9999) {
      throw new Error(`overflow delay is ${delay} s; Connect allows an integer from 0 to 9999`);
    }
    this.hours = new connect.CfnHoursOfOperation(this, 'Hours', {
      instanceArn: props.instanceArn,
      name: `${props.namePrefix} opening hours`,
      description: 'Opening hours with holiday closures',
      timeZone: props.timeZone,
      config: props.weekly.map((slot) => ({
        day: slot.day,
        startTime: time(slot.start),
        endTime: time(slot.end),
      })),
      hoursOfOperationOverrides: props.holidays.map((holiday) => {
        const weekday = WEEKDAYS[new Date(`${holiday.date}T12:00:00Z`).getUTCDay()];
        return {
          overrideName: `${holiday.name} ${holiday.date}`.slice(0, 127),
          overrideDescription: `Closed: ${holiday.name}`,
          overrideType: 'CLOSED',
          effectiveFrom: holiday.date,
          effectiveTill: holiday.date,
          overrideConfig: [
            { day: weekday, startTime: { hours: 0, minutes: 0 }, endTime: { hours: 23, minutes: 59 } },
          ],
        };
      }),
    });

    const queues = new Map<string, connect.CfnQueue>();
    for (const q of props.queues) {
      if (!/^[A-Za-z0-9 _.-]{1,127}$/.test(q.name)) {
        throw new Error(
          `queue '${q.id}' name '${q.name}' is not a valid CloudWatch dimension value; use letters, digits, spaces and _ . -`,
        );
      }
      queues.set(
        q.id,
        new connect.CfnQueue(this, `Queue-${q.id}`, {
          instanceArn: props.instanceArn,
          name: q.name,
          description: q.description,
          hoursOfOperationArn: this.hours.attrHoursOfOperationArn,
          maxContacts: q.maxContacts,
        }),
      );
    }
    this.queues = queues;
    const queue = (queueId: string): connect.CfnQueue => {
      const found = queues.get(queueId);
      if (!found)
        throw new Error(
          `routing refers to queue '${queueId}', which is not defined; known: ${[...queues.keys()].join(', ')}`,
        );
      return found;
    };
    const overflow = queue(props.overflowQueueId);
    const callback = queue(props.callbackQueueId);
    const primaryQueues = props.queues.map((q) => q.id).filter((q) => q !== props.overflowQueueId);
    const voice = (
      q: connect.CfnQueue,
      priority: number,
      delaySeconds: number,
    ): connect.CfnRoutingProfile.RoutingProfileQueueConfigProperty => ({
      priority,
      delay: delaySeconds,
      queueReference: { channel: 'VOICE', queueArn: q.attrQueueArn },
    });
    const mediaConcurrencies = [{ channel: 'VOICE', concurrency: 1 }];

    this.primaryProfile = new connect.CfnRoutingProfile(this, 'PrimaryProfile', {
      instanceArn: props.instanceArn,
      name: `${props.namePrefix} primary`,
      description: 'Primary agents: every customer queue; callbacks after live callers',
      defaultOutboundQueueArn: callback.attrQueueArn,
      mediaConcurrencies,
      queueConfigs: primaryQueues.map((q) => voice(queue(q), q === props.callbackQueueId ? 2 : 1, 0)),
    });
    this.overflowProfile = new connect.CfnRoutingProfile(this, 'OverflowProfile', {
      instanceArn: props.instanceArn,
      name: `${props.namePrefix} overflow`,
      description: `Overflow agents: the overflow queue, then primary queues after ${delay} s of waiting`,
      defaultOutboundQueueArn: callback.attrQueueArn,
      mediaConcurrencies,
      queueConfigs: [
        voice(overflow, 1, 0),
        ...primaryQueues.filter((q) => q !== props.callbackQueueId).map((q) => voice(queue(q), 2, delay)),
      ],
    });
  }

  /** The ARN of a queue by id. */
  queueArn(queueId: string): string {
    const q = this.queues.get(queueId);
    if (!q) throw new Error(`unknown queue '${queueId}'; known: ${[...this.queues.keys()].join(', ')}`);
    return q.attrQueueArn;
  }
}
