/**
 * Loading flows from a synthesized template: every `Fn::Join`/`Fn::GetAtt` reference becomes a local
 * identifier (functions by Description, queues by Name, hours with their calendar, flows by name),
 * and anything the loader cannot resolve is refused with a message naming it.
 */
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import { FlowLoadError } from '../../tools/simulator/errors';
import { compiledFlowSet, flowSetFromTemplate, loadCdkOutFlows } from '../../tools/simulator/flows';
import { isOpen } from '../../tools/simulator/hours';
import type { FlowSet } from '../../tools/simulator/model';
import { synthesizedTemplate } from './support-cdk';

const map = DEFAULT_JOURNEY_MAP;
type Json = Record<string, unknown>;

let template: Json;
let flows: FlowSet;

beforeAll(() => {
  template = synthesizedTemplate() as Json;
  flows = flowSetFromTemplate(template, map, { origin: 'test stack' });
});

const resources = (): Record<string, Json> => template.Resources as Record<string, Json>;
const withResources = (change: (r: Record<string, Json>) => void): Json => {
  const copy = structuredClone(template);
  change(copy.Resources as Record<string, Json>);
  return copy;
};

/** Renames a resource's logical id everywhere in the template (references included). */
const renamed = (t: Json, from: string, to: string): Json =>
  JSON.parse(JSON.stringify(t).split(`"${from}"`).join(`"${to}"`)) as Json;
const idOf = (t: Json, match: (resource: Json) => boolean): string => {
  const hit = Object.entries(t.Resources as Record<string, Json>).find(([, v]) => match(v));
  if (hit === undefined) throw new Error('no such resource');
  return hit[0];
};

describe('a synthesized template', () => {
  it('yields the compiled flows, action for action, with references resolved to local identifiers', () => {
    const compiled = compiledFlowSet(map);
    expect(flows.entry).toBe('inbound');
    for (const [key, flow] of compiled.flows) {
      const loaded = flows.flows.get(key);
      expect(loaded?.name).toBe(`test ${key}`);
      expect(loaded?.startAction).toBe(flow.startAction);
      // Hours are named after the deployed resource, the rest is identical.
      const normal = (actions: unknown): string =>
        JSON.stringify(actions).replace(/sim:hours:[A-Za-z0-9]+/g, 'sim:hours:*');
      expect(normal([...(loaded?.actions.values() ?? [])])).toEqual(normal([...flow.actions.values()]));
      // The stored-input metadata comes from compiling the same map.
      expect(loaded?.inputs).toEqual(flow.inputs);
    }
  });

  it('knows each queue by its journey id, with its hours, and each function by its contract', () => {
    expect([...flows.queues.keys()].sort()).toEqual(map.queues.map((q) => q.id).sort());
    const hoursIds = new Set([...flows.queues.values()].map((q) => q.hoursId));
    expect(hoursIds.size).toBe(1);
    expect(flows.hours.has([...hoursIds][0] as string)).toBe(true);
    expect(flows.functions.get('otp-start')?.timeoutSeconds).toBe(5);
  });

  it("reads the deployed hours: weekly ranges in the map's time zone and the holiday overrides", () => {
    const calendar = [...flows.hours.values()][0];
    if (calendar === undefined) throw new Error('no hours');
    expect(calendar.timeZone).toBe('Europe/London');
    expect(isOpen(calendar, new Date('2026-11-23T10:00:00Z'))).toBe(true);
    expect(isOpen(calendar, new Date('2026-12-25T10:00:00Z'))).toBe(false);
    expect(isOpen(calendar, new Date('2026-12-28T23:59:30Z'))).toBe(false);
    expect(isOpen(calendar, new Date('2026-11-29T12:00:00Z'))).toBe(false);
  });

  it('falls back to the logical id when a function has no matching Description', () => {
    const changed = withResources((r) => {
      for (const resource of Object.values(r)) {
        if (resource.Type === 'AWS::Lambda::Function') delete (resource.Properties as Json).Description;
      }
    });
    const loaded = flowSetFromTemplate(changed, map);
    expect(
      [...loaded.flows.values()]
        .flatMap((f) => [...f.actions.values()])
        .filter((a) => a.Type === 'InvokeLambdaFunction')
        .map((a) => a.Parameters.LambdaFunctionARN),
    ).toContain('sim:function:otp-start');
  });
});

describe('refuses what it cannot resolve', () => {
  it('a template without flows', () => {
    expect(() => flowSetFromTemplate({ Resources: {} }, map, { origin: 'empty.json' })).toThrow(
      new FlowLoadError('empty.json has no AWS::Connect::ContactFlow resources'),
    );
    expect(() => flowSetFromTemplate([], map)).toThrow(/not a CloudFormation template/);
  });

  it('a function that matches no integration', () => {
    const id = idOf(
      template,
      (v) => v.Type === 'AWS::Lambda::Function' && JSON.stringify(v).includes('sends a 6-digit'),
    );
    const changed = renamed(
      withResources((r) => {
        ((r[id] as Json).Properties as Json).Description = 'something else';
      }),
      id,
      'MysteryFunction',
    );
    expect(() => flowSetFromTemplate(changed, map)).toThrow(
      /function MysteryFunction matches no integration/,
    );
  });

  it('a queue that is not in the journey map', () => {
    const id = idOf(
      template,
      (v) => v.Type === 'AWS::Connect::Queue' && (v.Properties as Json).Name === 'Billing',
    );
    const changed = renamed(
      withResources((r) => {
        ((r[id] as Json).Properties as Json).Name = 'Mystery';
      }),
      id,
      'MysteryQueue',
    );
    expect(() => flowSetFromTemplate(changed, map)).toThrow(
      'queue MysteryQueue (Mystery) matches no queue of the journey map',
    );
  });

  it('an intrinsic function it does not resolve', () => {
    const changed = withResources((r) => {
      const flow = Object.values(r).find((v) => v.Type === 'AWS::Connect::ContactFlow');
      (flow?.Properties as Json).Content = { 'Fn::Select': [0, ['{}']] };
    });
    expect(() => flowSetFromTemplate(changed, map)).toThrow(
      /uses Fn::Select in a way the simulator cannot resolve/,
    );
  });

  it('content that is not a flow document', () => {
    const changed = withResources((r) => {
      const flow = Object.values(r).find((v) => v.Type === 'AWS::Connect::ContactFlow');
      (flow?.Properties as Json).Content = '{"Version":"2019-10-30","Actions":[]}';
    });
    expect(() => flowSetFromTemplate(changed, map)).toThrow(/is not a flow-language document: StartAction/);
  });

  it('a missing cdk.out template, with the way out', () => {
    expect(() => loadCdkOutFlows('/nonexistent/cdk.out', map)).toThrow(
      'no synthesized template at /nonexistent/cdk.out: run `npx cdk synth` or use --flows compiled',
    );
  });

  it('keeps the references it resolves stable: no flow refers to an unknown resource', () => {
    const text = JSON.stringify([...flows.flows.values()].map((f) => [...f.actions.values()]));
    expect(text).not.toMatch(/sim:ref:|Fn::|\$\{Token/);
    expect(Object.keys(resources()).length).toBeGreaterThan(0);
  });
});
