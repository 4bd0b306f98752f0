import * as fs from 'node:fs';
import * as path from 'node:path';
import { addComplianceGate } from '../../lib/compliance/gate';
import { STAGES } from '../../lib/config/stages';
import { buildOpsFixture } from './fixture';

interface Violation {
  readonly ruleName: string;
  readonly violatingConstructs?: readonly { readonly constructPath?: string }[];
  readonly reason?: string;
}
interface Report {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly Violation[];
    readonly suppressedViolations?: readonly Violation[];
  }[];
}

describe.each(['dev', 'prod'])('operations stack compliance (%s)', (stage) => {
  const outdir = path.join('.tmp', 'test-ops-compliance', stage);
  let synthError: unknown;
  let report: Report;

  beforeAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
    const { app } = buildOpsFixture({ config: STAGES[stage], outdir });
    addComplianceGate(app);
    try {
      app.synth();
    } catch (error) {
      synthError = error;
    }
    report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as Report;
  });

  const inOperations = (v: Violation) =>
    (v.violatingConstructs ?? []).some((c) => c.constructPath?.startsWith('Operations/'));

  it('passes every pack with nothing open', () => {
    const open = report.pluginReports.flatMap((r) =>
      r.violations.map(
        (v) =>
          `${r.pluginName} ${v.ruleName} ${(v.violatingConstructs ?? []).map((c) => c.constructPath).join(',')}`,
      ),
    );
    expect(open).toEqual([]);
    expect(synthError).toBeUndefined();
  });

  it('acknowledges each remaining finding on one construct with a reason', () => {
    const acknowledged = report.pluginReports.flatMap((r) =>
      (r.suppressedViolations ?? []).filter(inOperations),
    );
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
