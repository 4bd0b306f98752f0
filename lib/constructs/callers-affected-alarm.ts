import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { OpsNotifications } from './ops-notifications';
import { alarmDescription } from './ops-runbooks';

/** Properties of {@link CallersAffectedAlarm}. */
export interface CallersAffectedAlarmProps {
  /** Alarms each of which, in ALARM, means callers are failed or kept waiting right now. */
  readonly inputs: readonly cloudwatch.IAlarm[];
  /** Alarm name prefix of the app; the alarm is `<prefix>-callers-affected`. */
  readonly alarmPrefix: string;
  readonly notifications: OpsNotifications;
  /** Base URL prepended to runbook paths in alarm descriptions. @default paths only */
  readonly runbookBaseUrl?: string;
}

/** Composite alarm rules may reference at most this many alarms. */
export const MAX_COMPOSITE_INPUTS = 100;

/**
 * One composite "callers affected" alarm, in ALARM while any caller-facing symptom is (queue waits,
 * fatal flow errors, throttled calls, calls over the concurrency quota): the single page an on-call
 * engineer acts on first.
 */
export class CallersAffectedAlarm extends Construct {
  readonly alarm: cloudwatch.CompositeAlarm;

  constructor(scope: Construct, id: string, props: CallersAffectedAlarmProps) {
    super(scope, id);
    if (props.inputs.length === 0 || props.inputs.length > MAX_COMPOSITE_INPUTS) {
      throw new Error(
        `the callers-affected alarm has ${props.inputs.length} inputs; a composite alarm needs 1 to ${MAX_COMPOSITE_INPUTS}`,
      );
    }
    this.alarm = props.notifications.watch(
      new cloudwatch.CompositeAlarm(this, 'Resource', {
        compositeAlarmName: `${props.alarmPrefix}-callers-affected`,
        alarmDescription: alarmDescription(
          `Callers are affected now: at least one of ${props.inputs.length} caller-facing alarms (queue waits, fatal flow errors, throttled calls, calls over the concurrency quota) is in ALARM.`,
          'callers-affected',
          props.runbookBaseUrl,
        ),
        alarmRule: cloudwatch.AlarmRule.anyOf(
          ...props.inputs.map((input) => cloudwatch.AlarmRule.fromAlarm(input, cloudwatch.AlarmState.ALARM)),
        ),
      }),
    );
  }
}
