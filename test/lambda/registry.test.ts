import { existsSync } from 'node:fs';
import { INTEGRATION_LIST } from '../../lib/integrations/contracts';
import { lambdaEntry } from '../../lambda/build-options';
import { HANDLER_FACTORIES } from '../../lambda/registry';
import { OutputCapture } from './harness';

describe('handler registry', () => {
  it('has a handler module and factory for every integration in the contract', () => {
    for (const integration of INTEGRATION_LIST) {
      expect(existsSync(lambdaEntry(integration.name))).toBe(true);
      expect(typeof HANDLER_FACTORIES[integration.name]).toBe('function');
    }
    expect(Object.keys(HANDLER_FACTORIES).sort()).toEqual(INTEGRATION_LIST.map((i) => i.name).sort());
  });

  it('builds handlers that refuse a malformed event without any dependency', async () => {
    const output = new OutputCapture();
    output.install();
    try {
      for (const factory of Object.values(HANDLER_FACTORIES)) {
        expect(await factory({ tables: {} })({ not: 'an event' })).toEqual({ status: 'INVALID_INPUT' });
      }
    } finally {
      output.uninstall();
    }
  });
});
