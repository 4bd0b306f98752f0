/**
 * Checks a call's result against its scenario's `expect` block. Each failure is one sentence that
 * says what was expected and what happened.
 */
import type { CallResult, Disposition } from './interpreter';
import type { Scenario, ScriptedCaller } from './scenario';

/** One line for a disposition, e.g. `queue billing` or `disconnect after "Goodbye."`. */
export function describeDisposition(d: Disposition): string {
  switch (d.type) {
    case 'queue':
      return `queue ${d.queue}${d.answered ? ' (an adviser answers)' : ' (still waiting)'}`;
    case 'callback':
      return `callback queued in ${d.queue} to ${d.number}`;
    case 'disconnect':
      return d.afterMessage
        ? `disconnect after "${d.lastHeard ?? ''}"`
        : 'disconnect without a spoken goodbye';
    case 'ended':
      return `flow ${d.flow} ended without a transfer`;
    case 'error':
      return `stopped: ${d.message}`;
  }
}

const clip = (s: string, n = 90): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Every way the result differs from the scenario's expectations (empty when it passes). */
export function checkExpectations(scenario: Scenario, result: CallResult, caller?: ScriptedCaller): string[] {
  const failures: string[] = [];
  const expect = scenario.expect;
  const got = result.disposition;
  const want = expect.disposition;

  // Disposition.
  if (want.type !== got.type) {
    failures.push(
      `expected the call to end in ${want.type}${'queue' in want ? ` ${want.queue}` : ''}, but it ended in ${describeDisposition(got)}`,
    );
  } else if (
    (want.type === 'queue' || want.type === 'callback') &&
    'queue' in got &&
    got.queue !== want.queue
  ) {
    failures.push(`expected ${want.type} in queue ${want.queue}, but it was ${got.queue}`);
  } else if (want.type === 'disconnect' && got.type === 'disconnect' && !got.afterMessage) {
    failures.push(
      'expected a spoken goodbye before the disconnect, but the caller heard no message right before it',
    );
  } else if (
    want.type === 'error' &&
    got.type === 'error' &&
    want.code !== undefined &&
    got.code !== want.code
  ) {
    failures.push(`expected the simulation to stop with ${want.code}, but it stopped with ${got.code}`);
  }
  if (got.type === 'error' && want.type !== 'error') failures.push(`the simulation stopped: ${got.message}`);

  // Prompts heard, in order: each part is searched after the end of the previous one, so two
  // parts of one long prompt match too.
  const heard = result.heard.map((h) => h.text);
  if (expect.heard !== undefined) {
    const all = heard.join('\n').toLowerCase();
    let from = 0;
    expect.heard.forEach((part, i) => {
      if (from < 0) return;
      const at = all.indexOf(part.toLowerCase(), from);
      if (at < 0) {
        failures.push(
          all.includes(part.toLowerCase())
            ? `expected to hear "${part}" after "${clip(expect.heard?.[i - 1] ?? '')}", but it was only heard before it`
            : `expected to hear "${part}", but the caller never heard it`,
        );
        from = -1;
        return;
      }
      from = at + part.length;
    });
  }
  if (expect.firstHeard !== undefined) {
    const first = heard[0];
    if (first === undefined || !first.toLowerCase().includes(expect.firstHeard.toLowerCase())) {
      failures.push(
        `expected the first thing heard to contain "${expect.firstHeard}", but it was "${clip(first ?? '(nothing)')}"`,
      );
    }
  }
  for (const part of expect.notHeard ?? []) {
    const hit = heard.find((t) => t.toLowerCase().includes(part.toLowerCase()));
    if (hit !== undefined)
      failures.push(`expected never to hear "${part}", but the caller heard "${clip(hit)}"`);
  }

  // Attributes.
  for (const [key, value] of Object.entries(expect.attributes ?? {})) {
    const actual = result.attributes[key];
    if (actual !== value) {
      failures.push(
        `expected contact attribute ${key} = "${value}", but it is ${actual === undefined ? 'not set' : `"${actual}"`}`,
      );
    }
  }
  for (const key of expect.attributesAbsent ?? []) {
    if (result.attributes[key] !== undefined)
      failures.push(`expected contact attribute ${key} not to be set, but it is`);
  }

  // Secrets: explicit ones, and every PCI input the caller keyed in.
  const exposed = [...new Set([...(expect.neverExposed ?? []), ...result.secrets])];
  const logText = result.flowLog.map((e) => JSON.stringify(e.data));
  for (const secret of exposed) {
    const attribute = Object.entries(result.attributes).find(([, v]) => v.includes(secret));
    if (attribute !== undefined) {
      failures.push(`a secret the caller keyed in is stored in contact attribute ${attribute[0]}`);
    }
    const entry = logText.findIndex((t) => t.includes(secret));
    if (entry >= 0) {
      const e = result.flowLog[entry];
      failures.push(
        `a secret the caller keyed in is in the flow log (action ${e?.action} in flow ${e?.flow}, logging enabled)`,
      );
    }
  }

  // Function calls, in order.
  if (expect.functions !== undefined) {
    let from = 0;
    for (const want of expect.functions) {
      const at = result.calls.findIndex(
        (c, i) =>
          i >= from &&
          c.name === want.name &&
          (want.status === undefined || c.status === want.status) &&
          (want.outcome === undefined || c.outcome === want.outcome),
      );
      if (at < 0) {
        const calls = result.calls.map((c) => `${c.name}:${c.status ?? c.outcome}`).join(', ') || 'none';
        failures.push(
          `expected a call to ${want.name}${want.status ? ` returning ${want.status}` : ''}${want.outcome ? ` (${want.outcome})` : ''} in order, but the calls were ${calls}`,
        );
        break;
      }
      from = at + 1;
    }
  }

  // Language.
  if (expect.language !== undefined) {
    if (result.language !== expect.language) {
      failures.push(
        `expected the call in '${expect.language}', but it was in '${result.language ?? 'no language'}'`,
      );
    }
    const wrong = result.heard.find((h) => h.language !== undefined && h.language !== expect.language);
    if (wrong !== undefined)
      failures.push(
        `expected every prompt in '${expect.language}', but "${clip(wrong.text)}" was in '${wrong.language}'`,
      );
  }

  if (
    expect.callbackNumber !== undefined &&
    !result.callbacks.some((c) => c.number === expect.callbackNumber)
  ) {
    failures.push(
      `expected a callback to ${expect.callbackNumber}, but ${result.callbacks.map((c) => c.number).join(', ') || 'none was requested'}`,
    );
  }

  if (caller !== undefined && got.type !== 'error') {
    const unused = caller.unused();
    if (unused.length > 0) failures.push(`the call ended before ${unused.join(', ')} was used`);
  }
  return failures;
}
