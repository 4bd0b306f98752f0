import { STAGES } from '../../lib/config/stages';
import { freshOutdir, GatedSynth, synthWithComplianceGate } from '../support/compliance';
import { buildOpsFixture } from './fixture';

describe.each(['dev', 'prod'])('operations stack compliance (%s)', (stage) => {
  let result: GatedSynth;

  beforeAll(() => {
    const outdir = freshOutdir('test-ops-compliance', stage);
    const { app } = buildOpsFixture({ config: STAGES[stage], outdir });
    result = synthWithComplianceGate(app, outdir);
  });

  it('passes every pack with nothing open', () => {
    expect(result.open).toEqual([]);
    expect(result.synthError).toBeUndefined();
  });

  it('acknowledges each remaining finding on one construct with a reason', () => {
    const acknowledged = result.acknowledgedUnder('Operations/');
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const ack of acknowledged) {
      expect({ rule: ack.ruleName, constructs: ack.violatingConstructs?.length }).toEqual({
        rule: ack.ruleName,
        constructs: 1,
      });
      expect(ack.reason?.length ?? 0).toBeGreaterThanOrEqual(60);
    }
  });
});
