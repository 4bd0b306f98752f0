#!/usr/bin/env node
import { createApp } from '../lib/app-context';
import { buildStage } from '../lib/app-builder';
import { addComplianceGate } from '../lib/compliance/gate';
import { ConfigError } from '../lib/config/stage-config';
import { loadStage } from '../lib/config/stages';

// Reads the stage, builds its stacks and attaches the compliance gate; defines no resources itself.
const app = createApp();
try {
  const config = loadStage(app.node.tryGetContext('stage'));
  buildStage(app, config);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
addComplianceGate(app);
app.synth();
