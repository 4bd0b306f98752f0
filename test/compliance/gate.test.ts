import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { STAGES } from '../../lib/config/stages';
import { addComplianceGate } from '../../lib/compliance/gate';
import { renderComplianceReport, runCompliance } from '../../lib/compliance/report';

describe('compliance gate', () => {
  it.each(Object.keys(STAGES))('reports nothing unacknowledged for stage %s', (stage) => {
    const result = runCompliance(STAGES[stage], path.join('.tmp', 'test-compliance', stage));
    expect(result.synthError).toBeUndefined();
    for (const pack of result.packs) {
      expect({ pack: pack.pack, open: pack.open }).toEqual({ pack: pack.pack, open: [] });
      for (const ack of pack.acknowledged) {
        // Scoped to one finding on one construct, with a reason a reviewer can check.
        expect(ack.constructs).toHaveLength(1);
        expect(ack.reason?.length ?? 0).toBeGreaterThanOrEqual(60);
      }
    }
    expect(result.packs.map((p) => p.pack)).toEqual([
      'AwsSolutions',
      'HIPAA.Security',
      'PCI.DSS.321',
      'NIST.800.53.R5',
      'Serverless',
      'cdk-validator-cfnguard',
    ]);
    const report = renderComplianceReport(result);
    for (const pack of result.packs) {
      for (const ack of pack.acknowledged) expect(report).toContain(ack.reason);
    }
  });

  it('fails synth on an unacknowledged finding', () => {
    const outdir = path.join('.tmp', 'test-compliance', 'failing');
    fs.rmSync(outdir, { recursive: true, force: true });
    const app = new App({ outdir });
    const stack = new Stack(app, 'Leaky');
    new sqs.Queue(stack, 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    addComplianceGate(app);
    expect(() => app.synth()).toThrow();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const rules = report.pluginReports.flatMap((r: { violations: { ruleName: string }[] }) =>
      r.violations.map((v) => v.ruleName),
    );
    expect(rules).toContain('AwsSolutions-SQS2');
  });
});
