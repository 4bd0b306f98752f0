/** Real-shaped EventBridge "CloudWatch Alarm State Change" events for the routing-mode tests. */
import { randomUUID } from 'node:crypto';
import { queueAlarmName, type QueueAlarmMetric } from '../../lambda/domain/routing-mode';

/** The alarm prefix the tests use. */
export const PREFIX = 'cccode-test';

/** CloudWatch's timestamp format (`2019-10-02T17:04:40.989+0000`). */
export function cloudWatchTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** An alarm state change event as EventBridge delivers it (shape of the CloudWatch documentation example). */
export function alarmEvent(options: {
  queue: string;
  metric?: QueueAlarmMetric;
  state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
  at: number;
  id?: string;
  alarmName?: string;
  prefix?: string;
}): Record<string, unknown> {
  const metric = options.metric ?? 'wait';
  const alarmName = options.alarmName ?? queueAlarmName(options.prefix ?? PREFIX, options.queue, metric);
  const previous = options.state === 'ALARM' ? 'OK' : 'ALARM';
  const metricName = metric === 'wait' ? 'LongestQueueWaitTime' : 'QueueSize';
  return {
    version: '0',
    id: options.id ?? randomUUID(),
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '123456789012',
    time: new Date(Math.floor(options.at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    region: 'eu-west-2',
    resources: [`arn:aws:cloudwatch:eu-west-2:123456789012:alarm:${alarmName}`],
    detail: {
      alarmName,
      state: {
        value: options.state,
        reason:
          options.state === 'ALARM'
            ? 'Threshold Crossed: 3 out of the last 5 datapoints [200.0 (02/10/19 17:03:00)] were greater than the threshold (180.0).'
            : 'Threshold Crossed: no datapoints were received for 5 periods and 5 missing datapoints were treated as [NonBreaching].',
        reasonData: JSON.stringify({ version: '1.0', statistic: 'Maximum', period: 60, threshold: 180 }),
        timestamp: cloudWatchTime(options.at),
      },
      previousState: {
        value: previous,
        reason: 'previous',
        timestamp: cloudWatchTime(options.at - 300_000),
      },
      configuration: {
        description: `Queue alarm. Runbook: docs/runbooks/queue-${metric}.md`,
        metrics: [
          {
            id: 'm1',
            metricStat: {
              metric: {
                namespace: 'AWS/Connect',
                name: metricName,
                dimensions: { InstanceId: 'i', MetricGroup: 'Queue', QueueName: options.queue },
              },
              period: 60,
              stat: 'Maximum',
            },
            returnData: true,
          },
        ],
      },
    },
  };
}
