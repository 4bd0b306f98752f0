/**
 * The flows as the stack synthesizes them, without bundling: the project's `ContactRouting` (hours
 * with holiday overrides, queues) and `ContactFlows` (content through `Stack.toJsonString`)
 * constructs in a CDK stack, with L1 functions carrying each integration's Description.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ContactFlows } from '../../lib/constructs/contact-flows';
import { ContactRouting } from '../../lib/constructs/contact-routing';
import { INTEGRATION_LIST, type IntegrationName } from '../../lib/integrations/contracts';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import type { JourneyMap } from '../../lib/journey/types';

/** The synthesized template (JSON) of a stack with the flows of `map`. */
export function synthesizedTemplate(map: JourneyMap = DEFAULT_JOURNEY_MAP): unknown {
  const stack = new Stack(new App(), 'SimulatorFlows');
  const instanceArn = 'arn:aws:connect:eu-west-2:111122223333:instance/00000000-0000-4000-8000-000000000000';
  const routing = new ContactRouting(stack, 'Routing', {
    instanceArn,
    namePrefix: 'test',
    timeZone: map.hours.timeZone,
    weekly: map.hours.weekly,
    holidays: map.hours.holidays,
    queues: map.queues,
    overflowQueueId: map.overflowQueueId,
    callbackQueueId: map.callbackQueueId,
  });
  const functions = new Map<IntegrationName, lambda.CfnFunction>(
    INTEGRATION_LIST.map((c) => [
      c.name,
      new lambda.CfnFunction(stack, `Fn-${c.name}`, {
        role: 'arn:aws:iam::111122223333:role/simulator-test',
        code: { zipFile: 'exports.handler = async () => ({})' },
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        description: c.description,
        timeout: c.timeLimitSeconds,
      }),
    ]),
  );
  new ContactFlows(stack, 'Flows', {
    instanceArn,
    journey: map,
    functionArn: (name) => {
      const fn = functions.get(name);
      if (fn === undefined) throw new Error(`no function ${name}`);
      return fn.attrArn;
    },
    queueArn: (queueId) => routing.queueArn(queueId),
    hoursArn: routing.hours.attrHoursOfOperationArn,
    namePrefix: 'test',
  });
  return Template.fromStack(stack).toJSON();
}
