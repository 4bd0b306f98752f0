import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, disconnect, menu, message, when } from '../../lib/flows/builder';
import { compileJourney } from '../../lib/flows/compile';
import type { FlowDocument } from '../../lib/flows/model';
import { escapeLabel, renderFlowDocs, renderMermaid } from '../../lib/flows/render-mermaid';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import { PLACEHOLDER_RESOURCES, renderDefaultFlows } from '../../tools/flows-render';

const small: FlowDocument = {
  Version: '2019-10-30',
  StartAction: 'lang',
  Actions: [
    compare('lang', '$.Attributes.language', [when('Equals', 'fr', 'hello-fr')], 'hello-en'),
    menu(
      'hello-en',
      { Text: 'Press 1 for "help"' },
      [{ key: '1', next: 'bye' }],
      { timeout: 'bye', noMatch: 'bye', error: 'bye' },
      5,
    ),
    menu(
      'hello-fr',
      { Text: 'Appuyez sur 1' },
      [{ key: '1', next: 'bye' }],
      { timeout: 'bye', noMatch: 'bye', error: 'bye' },
      5,
    ),
    message('bye', { Text: 'Goodbye <3' }, 'hang-up'),
    disconnect('hang-up'),
  ],
};

describe('renderMermaid', () => {
  test('draws nodes by action type and labels branches', () => {
    const text = renderMermaid(small, { mergeLanguageVariants: false });
    expect(text.startsWith('flowchart TD\n  entry((start))\n')).toBe(true);
    expect(text).toContain('n1[/"hello-en: ask “Press 1 for #quot;help#quot;”"/]');
    expect(text).toContain('n3("bye: say “Goodbye #lt;3”")');
    expect(text).toContain('n4(("hang-up: hang up"))');
    expect(text).toContain('n0 -->|"= fr"| n2');
    expect(text).toContain('n1 -->|"= 1, timeout, no match, error"| n3');
    expect(text).toContain('entry --> n0');
    expect(text).not.toMatch(/\bclass(Def)? end\b/);
  });

  test('merges language variants into one node', () => {
    const text = renderMermaid(small);
    expect(text).toContain('n0[/"lang · per language: ask “Press 1 for #quot;help#quot;”"/]');
    expect(text).not.toContain('hello-fr');
    expect(renderMermaid(small, { language: 'fr' })).toContain('ask “Appuyez sur 1”');
  });

  test('escapes text for quoted labels', () => {
    expect(escapeLabel('a "b" <c> | d\ne')).toBe('a #quot;b#quot; #lt;c#gt; #124; d e');
  });

  test('draws every compiled action once, with variants merged', () => {
    const [queueFlow, inbound] = compileJourney(DEFAULT_JOURNEY_MAP, PLACEHOLDER_RESOURCES);
    for (const flow of [queueFlow, inbound]) {
      const text = renderMermaid(flow!.content);
      const variants = new Set(
        flow!.content.Actions.filter(
          (a) => a.Type === 'Compare' && a.Parameters.ComparisonValue === '$.Attributes.language',
        ).flatMap((a) => [
          ...(a.Transitions.Conditions ?? []).map((c) => c.NextAction),
          a.Transitions.NextAction as string,
        ]),
      );
      expect(variants.size).toBeGreaterThan(0);
      for (const a of flow!.content.Actions) {
        if (variants.has(a.Identifier)) expect(text).not.toContain(`"${a.Identifier}:`);
        else expect(text).toContain(`"${a.Identifier}`);
      }
      // GitHub renders Mermaid up to 50,000 characters.
      expect(text.length).toBeLessThan(50_000);
    }
  });
});

describe('flow docs', () => {
  test('renderFlowDocs writes a page per flow and an index', () => {
    const flows = compileJourney(DEFAULT_JOURNEY_MAP, PLACEHOLDER_RESOURCES);
    const docs = renderFlowDocs(flows, { inbound: ['all good'] }, 'Flows');
    expect(docs.map((d) => d.file)).toEqual(['customer-queue.md', 'inbound.md', 'README.md']);
    expect(docs[1]?.text).toContain('```mermaid\nflowchart TD');
    expect(docs[1]?.text).toContain('- all good');
    expect(docs[1]?.text).toContain('| `pin-code-en` | pin | PCI |');
    expect(docs[2]?.text).toContain('| [inbound](inbound.md) | CONTACT_FLOW |');
  });

  test('docs/flows is up to date with the default journey map', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flows-'));
    renderDefaultFlows(dir);
    const committed = join(__dirname, '..', '..', 'docs', 'flows');
    for (const file of readdirSync(dir)) {
      expect([file, readFileSync(join(committed, file), 'utf8')]).toEqual([
        file,
        readFileSync(join(dir, file), 'utf8'),
      ]);
    }
  });
});
