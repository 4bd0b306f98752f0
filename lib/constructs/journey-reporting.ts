import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  CALLBACK_REQUEST_METRIC,
  IVR_STEPS,
  ivrIntentIdentifier,
  JOURNEY_DIMENSIONS,
  JOURNEY_METRICS,
  JOURNEY_NAMESPACE,
  JOURNEY_SERVICE,
  PAGE_STEPS,
} from '../omnichannel/reporting';
import { CHANNEL_SURFACES, type OmnichannelModel } from '../omnichannel/types';

/** Metric of IVR steps counted from the flow logs (dimension `Step`: the action identifier). */
export const IVR_STEP_METRIC = 'IvrStep';

/** Properties of {@link JourneyReporting}. */
export interface JourneyReportingProps {
  readonly model: OmnichannelModel;
  readonly dashboardName: string;
  /** The contact-options API (requests, errors, latency). */
  readonly api: apigw.RestApi;
  /** Connect flow logs; when given, IVR steps are counted from them. @default no IVR widgets */
  readonly flowLogs?: logs.ILogGroup;
  /** @default 1 hour */
  readonly period?: Duration;
}

/**
 * 360° journey reporting: per intent, the share of contact-page visitors who took each channel and
 * where they dropped off (EMF metrics of `POST /api/events`), the IVR's intent choices, callback and
 * SMS-link offers and bookings (metric filter on the Connect flow logs), web callback outcomes and
 * the API's health, on one CloudWatch dashboard.
 */
export class JourneyReporting extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly ivrFilter?: logs.MetricFilter;

  constructor(scope: Construct, id: string, props: JourneyReportingProps) {
    super(scope, id);
    const period = props.period ?? Duration.hours(1);
    const d = JOURNEY_DIMENSIONS;
    const web = (metric: string, dims: Record<string, string>, label: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: JOURNEY_NAMESPACE,
        metricName: metric,
        dimensionsMap: { service: JOURNEY_SERVICE, [d.surface]: 'web', ...dims },
        statistic: 'Sum',
        period,
        label,
      });

    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: [
          '# Customer journeys across channels',
          'Per intent: the share of contact-page visitors who took each channel (of those who chose the intent) and where the others left. ' +
            'Page events arrive through `POST /api/events` (EMF, no personal data); IVR steps are counted from the Connect flow logs by action identifier.',
        ].join('\n\n'),
        width: 24,
        height: 3,
      }),
    );

    for (const intent of props.model.intents) {
      const chosen = web(JOURNEY_METRICS['intent-chosen'], { [d.intent]: intent.id }, 'chose the intent');
      const channels = intent.solutions
        .map((s) => s.channel)
        .filter((c) => CHANNEL_SURFACES[c].includes('web'));
      const shares = channels.map(
        (channel, i) =>
          new cloudwatch.MathExpression({
            expression: `100 * FILL(t${i}, 0) / chosen`,
            usingMetrics: {
              chosen,
              [`t${i}`]: web(
                JOURNEY_METRICS['option-taken'],
                { [d.intent]: intent.id, [d.channel]: channel },
                `${channel} taken`,
              ),
            },
            label: channel,
            period,
          }),
      );
      const dropOff = PAGE_STEPS.map(
        (step, i) =>
          new cloudwatch.MathExpression({
            expression: `100 * FILL(a${i}, 0) / chosen`,
            usingMetrics: {
              chosen,
              [`a${i}`]: web(
                JOURNEY_METRICS.abandoned,
                { [d.intent]: intent.id, [d.step]: step },
                `left at ${step}`,
              ),
            },
            label: `left at ${step}`,
            period,
          }),
      );
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `${intent.title.en}: share resolved by channel (% of visitors who chose it)`,
          left: shares,
          leftYAxis: { min: 0, max: 100, label: '%', showUnits: false },
          stacked: true,
          width: 9,
          height: 6,
        }),
        new cloudwatch.GraphWidget({
          title: `${intent.title.en}: drop-off per step (%)`,
          left: dropOff,
          leftYAxis: { min: 0, label: '%', showUnits: false },
          width: 9,
          height: 6,
        }),
        new cloudwatch.SingleValueWidget({
          title: `${intent.title.en}: funnel`,
          metrics: [
            chosen,
            new cloudwatch.MathExpression({
              expression: `SEARCH('{${JOURNEY_NAMESPACE},${d.channel},${d.intent},${d.surface},service} MetricName="${JOURNEY_METRICS['option-taken']}" ${d.intent}="${intent.id}"', 'Sum', ${period.toSeconds()})`,
              label: 'took an option',
              period,
            }),
          ],
          width: 6,
          height: 6,
        }),
      );
    }

    if (props.flowLogs) {
      const identifiers = [
        ...props.model.intents.map((i) => ivrIntentIdentifier(i.id)),
        ...IVR_STEPS.map((s) => s.identifier),
      ];
      this.ivrFilter = new logs.MetricFilter(this, 'IvrSteps', {
        logGroup: props.flowLogs,
        filterPattern: logs.FilterPattern.any(
          ...identifiers.map((identifier) => logs.FilterPattern.stringValue('$.Identifier', '=', identifier)),
        ),
        metricNamespace: JOURNEY_NAMESPACE,
        metricName: IVR_STEP_METRIC,
        metricValue: '1',
        dimensions: { Step: '$.Identifier' },
        unit: cloudwatch.Unit.COUNT,
      });
      const ivr = (identifier: string, label: string): cloudwatch.Metric =>
        new cloudwatch.Metric({
          namespace: JOURNEY_NAMESPACE,
          metricName: IVR_STEP_METRIC,
          dimensionsMap: { Step: identifier },
          statistic: 'Sum',
          period,
          label,
        });
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'IVR: intent chosen',
          left: props.model.intents.map((i) => ivr(ivrIntentIdentifier(i.id), i.title.en)),
          stacked: true,
          width: 12,
          height: 6,
        }),
        new cloudwatch.GraphWidget({
          title: 'IVR: digital and callback offers, and what callers took',
          left: IVR_STEPS.map((s) => ivr(s.identifier, s.description)),
          width: 12,
          height: 6,
        }),
      );
    }

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Web callback requests by outcome',
        left: [
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${JOURNEY_NAMESPACE},Outcome,service} MetricName="${CALLBACK_REQUEST_METRIC}"', 'Sum', ${period.toSeconds()})`,
            label: '',
            period,
          }),
        ],
        width: 12,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Contact options API',
        left: [
          props.api.metricCount({ period, label: 'requests' }),
          props.api.metricClientError({ period, label: '4xx' }),
          props.api.metricServerError({ period, label: '5xx' }),
        ],
        right: [props.api.metricLatency({ period, statistic: 'p99', label: 'p99 latency' })],
        width: 12,
        height: 6,
      }),
    );
  }
}
