/**
 * The contact page in headless Chromium (playwright-core, Debian's /usr/bin/chromium), served by a
 * local server with the production security headers and `/api/*` routed to the real contact-options
 * handler on DynamoDB Local (the server adds the origin secret and viewer address as CloudFront does). Only the Connect metrics port is faked (callbacks go through the real
 * adapter to the loopback Connect stand-in). Saves `docs/images/contact-page.png`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FakeQueueMetrics, startApiEnv, StdoutCapture, type ApiEnv } from './support/api-env';
import { startDevServer, type DevServer } from './support/dev-server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(__dirname, '..', '..', 'docs', 'images', 'contact-page.png');

jest.setTimeout(120_000);

let env: ApiEnv;
let server: DevServer;
let browser: Browser;
let page: Page;
const metrics = new FakeQueueMetrics();
const output = new StdoutCapture();
const problems: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`);
  }
  env = await startApiEnv('omnipage');
  metrics.values = { general: { estimatedWaitSeconds: 90, agentsAvailable: 2, agentsOnline: 6 } };
  output.install();
  server = await startDevServer(env.handler({ queueMetrics: metrics, metricsCacheMs: 0 }));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives every launch a fresh, empty profile (its own --user-data-dir).
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1100, height: 1200 }, locale: 'en-GB' });
  page = await context.newPage();
  page.on('console', (message) => {
    // 4xx answers the page handles itself are logged by Chromium as resource errors; CSP refusals are not.
    if (message.type() === 'error' && !/Failed to load resource: .* status of 4\d\d/.test(message.text())) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  output.uninstall();
  await env?.close();
});

async function setMode(queue: string, mode: string): Promise<void> {
  await env.doc.send(
    new PutCommand({
      TableName: env.tables.RoutingState,
      Item: { queue, mode, since: new Date().toISOString() },
    }),
  );
}

const recommended = () => page.locator('#recommended article');
const status = () => page.locator('#status');

describe('contact page', () => {
  it('shows the intents, then the recommended channel, which changes when the queue goes to CALLBACK', async () => {
    await page.goto(`${server.url}/?lang=en`);
    const tiles = page.locator('#intents .tile');
    await tiles.first().waitFor();
    expect(await tiles.allTextContents()).toEqual([
      'Account balanceSee what you owe or have available.',
      'Where is my order?Track a delivery or a return.',
      'Reset my passwordGet back into your online account.',
      'Speak to an adviserAnything else: we are here to help.',
    ]);

    // Keyboard only: tab to the last tile and press Enter.
    await page.locator('#intents .tile').first().focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    await recommended().locator('h3').filter({ hasText: 'Call us' }).waitFor();
    expect(await recommended().getAttribute('data-channel')).toBe('phone');
    expect(await recommended().locator('.option-reason').textContent()).toBe('About 2 minutes wait.');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('options-heading');
    // A locator wait runs in Playwright's own world: waitForFunction with a string is evaluated in the
    // page, where the page's CSP (no 'unsafe-eval') refuses it whenever it has to poll.
    await status()
      .filter({ hasText: /^Recommended/ })
      .waitFor({ state: 'attached' });
    expect(await status().textContent()).toBe(
      'Recommended for Speak to an adviser: Call us. About 2 minutes wait.',
    );
    expect(
      await page
        .locator('#alternatives .option')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-channel'))),
    ).toEqual(['chat', 'callback']);

    await setMode('general', 'CALLBACK');
    await page.getByRole('button', { name: /Speak to an adviser/ }).click();
    await recommended().locator('h3').filter({ hasText: 'Request a call back' }).waitFor();
    expect(await recommended().getAttribute('data-channel')).toBe('callback');
    expect(await recommended().locator('.option-reason').textContent()).toBe(
      'No need to hold: we keep your place and call you back.',
    );
    expect(
      await page.locator('#alternatives .option[data-channel="phone"] .option-reason').textContent(),
    ).toBe('Our advisers are very busy; call back offered instead.');

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it('books the callback through the form, with the server error shown accessibly first', async () => {
    await recommended().getByRole('button', { name: 'Request a call back' }).click();
    const phone = page.getByLabel('Your phone number');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('phone');

    // A premium-rate number: refused by the outbound number policy, with one message for every refusal.
    await phone.fill('+44 909 876 5432');
    await page.keyboard.press('Enter');
    await page.locator('#phone-error:not([hidden])').waitFor();
    expect(await page.locator('#phone-error').textContent()).toBe(
      'we cannot call this number back; please call us instead',
    );
    expect(await phone.getAttribute('aria-invalid')).toBe('true');

    await phone.fill('+44 7400 900456');
    await page.getByRole('button', { name: 'Call me back' }).click();
    await page.locator('#confirmation:not([hidden])').waitFor();
    expect(await page.locator('#confirmation').textContent()).toBe(
      'Thank you. An adviser will call you back as soon as possible.',
    );
    const tasks = env.connect.calls.filter((c) => c.operation === 'StartTaskContact');
    expect(tasks).toHaveLength(1);
    expect(JSON.stringify(tasks[0].body)).not.toContain('7400900456');
  });

  it('switches to French, tiles and advice included', async () => {
    await page.getByRole('button', { name: 'Français' }).click();
    await page.locator('#intents .tile', { hasText: 'Parler à un conseiller' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).toBe('true');
    await recommended().locator('h3').filter({ hasText: 'Être rappelé' }).waitFor();
    expect(await page.locator('h1').textContent()).toBe('Comment pouvons-nous vous aider ?');
  });

  it('reported the journey as metrics and ran under the CSP without errors', async () => {
    // Give the page's batched events a moment to arrive.
    await page.waitForTimeout(800);
    const emf = output.lines().filter((line) => line._aws !== undefined);
    const seen = emf.map((line) => [
      Object.keys(line).find((k) => ['IntentChosen', 'OptionShown', 'OptionTaken', 'Abandoned'].includes(k)),
      line.Intent,
      line.Channel,
    ]);
    expect(seen).toContainEqual(['IntentChosen', 'adviser', undefined]);
    expect(seen).toContainEqual(['OptionShown', 'adviser', 'phone']);
    expect(seen).toContainEqual(['OptionShown', 'adviser', 'callback']);
    expect(seen).toContainEqual(['OptionTaken', 'adviser', 'callback']);
    expect(problems).toEqual([]);
  });
});
