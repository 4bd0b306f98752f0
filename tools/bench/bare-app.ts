import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';

// Baseline for the synth benchmark: one bundled function, no compliance packs.
const app = new App();
const stack = new Stack(app, 'Bare');
new nodejs.NodejsFunction(stack, 'Fn', {
  entry: path.join(__dirname, '..', '..', 'lambda', 'identify-caller', 'index.ts'),
  runtime: lambda.Runtime.NODEJS_24_X,
  bundling: { minify: true, forceDockerBundling: false },
});
app.synth();
