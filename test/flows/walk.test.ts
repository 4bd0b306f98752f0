import {
  compare,
  createCallback,
  disconnect,
  holdLoop,
  invokeLambda,
  logging,
  loop,
  menu,
  message,
  setContactAttributes,
  transferToQueue,
  when,
} from '../../lib/flows/builder';
import type { FlowAction, FlowDocument } from '../../lib/flows/model';
import { enumeratePaths, walkPaths } from '../../lib/flows/walk';

const T = '${Token[TOKEN.1]}';
const doc = (...actions: FlowAction[]): FlowDocument => ({
  Version: '2019-10-30',
  StartAction: actions[0]?.Identifier ?? '',
  Actions: actions,
});

/** A menu: 1 -> queue, 2 -> goodbye; timeout -> `onTimeout`. */
const smallFlow = (onTimeout: string, extra: FlowAction[] = []): FlowDocument =>
  doc(
    logging('start', true, 'menu'),
    menu(
      'menu',
      { Text: 'Press 1 or 2' },
      [
        { key: '1', next: 'enqueue' },
        { key: '2', next: 'bye' },
      ],
      { timeout: onTimeout, noMatch: onTimeout, error: onTimeout },
      5,
    ),
    transferToQueue('enqueue', 'bye', 'bye'),
    message('bye', { Text: 'Goodbye.' }, 'hang-up'),
    disconnect('hang-up'),
    ...extra,
  );

describe('walkPaths', () => {
  test('accepts a flow whose every path ends in a transfer or a spoken goodbye', () => {
    const walk = walkPaths(smallFlow('bye'));
    expect(walk.ok).toBe(true);
    expect(walk.outcomes.queue).toEqual(['enqueue']);
    expect(walk.outcomes['spoken-disconnect']).toEqual(['hang-up']);
  });

  test('catches a silent dead end: a disconnect right after a menu timeout', () => {
    const walk = walkPaths(smallFlow('hang-up'));
    expect(walk.ok).toBe(false);
    expect(walk.violations).toEqual([
      {
        kind: 'silent-disconnect',
        action: 'hang-up',
        message: 'disconnects right after a menu or input prompt, without a spoken goodbye',
        path: ['start', 'menu', 'hang-up'],
      },
    ]);
    // The exhaustive enumeration finds the same path.
    const silent = [...enumeratePaths(smallFlow('hang-up'))].filter((p) => p.end === 'silent-disconnect');
    expect(silent.map((p) => p.actions)).toEqual([['start', 'menu', 'hang-up']]);
  });

  test('catches an action with nowhere to go and a transition to nothing', () => {
    const stuck = {
      ...setContactAttributes('tag', { outcome: 'abandoned' }, 'x'),
      Transitions: {},
    } as FlowAction;
    expect(walkPaths(smallFlow('tag', [stuck])).violations.map((v) => [v.kind, v.action])).toEqual([
      ['dead-end', 'tag'],
    ]);
    expect(walkPaths(smallFlow('nowhere')).violations.map((v) => [v.kind, v.action])).toEqual([
      ['unresolved', 'nowhere'],
    ]);
  });

  test('catches a silent loop, but accepts a loop bounded by a Loop action', () => {
    const spin = doc(
      invokeLambda('call', T, 3, {}, 'check', 'call-again'),
      compare('check', '$.External.status', [when('Equals', 'OK', 'bye')], 'call'),
      setContactAttributes('call-again', { retried: 'yes' }, 'call'),
      message('bye', { Text: 'Goodbye.' }, 'hang-up'),
      disconnect('hang-up'),
    );
    expect(walkPaths(spin).violations.map((v) => v.kind)).toEqual(['silent-loop']);

    const bounded = doc(
      invokeLambda('call', T, 3, {}, 'check', 'retry'),
      compare('check', '$.External.status', [when('Equals', 'OK', 'bye')], 'retry'),
      loop('retry', 1, 'call', 'sorry'),
      message('sorry', { Text: 'Sorry, something went wrong.' }, 'hang-up'),
      message('bye', { Text: 'Goodbye.' }, 'hang-up'),
      disconnect('hang-up'),
    );
    expect(walkPaths(bounded).ok).toBe(true);
  });

  test('catches a cycle the caller can never leave', () => {
    const trap = doc(message('a', { Text: 'One.' }, 'b'), message('b', { Text: 'Two.' }, 'a'));
    expect(walkPaths(trap).violations.map((v) => v.kind)).toEqual(['no-exit']);
  });

  test('classifies a disconnect after a queued callback as a callback', () => {
    const flow = doc(
      createCallback(
        'book',
        T,
        { initialDelaySeconds: 5, maxAttempts: 1, retryDelaySeconds: 60 },
        'thanks',
        'sorry',
      ),
      message('thanks', { Text: 'We will call you back.' }, 'hang-up'),
      message('sorry', { Text: 'Sorry, we cannot call you back.' }, 'hang-up'),
      disconnect('hang-up'),
    );
    const walk = walkPaths(flow);
    expect(walk.outcomes.callback).toEqual(['hang-up']);
    expect(walk.outcomes['spoken-disconnect']).toEqual(['hang-up']);
  });

  test('counts a hold loop in a customer queue flow as waiting in queue', () => {
    const hold = doc(
      holdLoop('hold', [{ Text: 'Please hold.' }], 60, 'offer', 'offer'),
      menu(
        'offer',
        { Text: 'Press 1 for a callback' },
        [{ key: '1', next: 'bye' }],
        { timeout: 'hold', noMatch: 'hold', error: 'hold' },
        5,
      ),
      message('bye', { Text: 'Goodbye.' }, 'hang-up'),
      disconnect('hang-up'),
    );
    expect(walkPaths(hold, { flowType: 'CUSTOMER_QUEUE' }).outcomes['in-queue']).toEqual(['hold']);
    expect(walkPaths(hold, { flowType: 'CUSTOMER_QUEUE' }).ok).toBe(true);
  });

  test('tracks the logging state each action runs in', () => {
    const flow = doc(
      logging('private', false, 'pin'),
      menu(
        'pin',
        { Text: 'x' },
        [{ key: '1', next: 'public' }],
        { timeout: 'public', noMatch: 'public', error: 'public' },
        5,
      ),
      logging('public', true, 'bye'),
      message('bye', { Text: 'Goodbye.' }, 'hang-up'),
      disconnect('hang-up'),
    );
    const walk = walkPaths(flow);
    expect([...(walk.loggingAt.get('pin') ?? [])]).toEqual(['Disabled']);
    expect([...(walk.loggingAt.get('bye') ?? [])]).toEqual(['Enabled']);
  });
});

describe('enumeratePaths', () => {
  test('lists every path of a small flow, with loops bounded', () => {
    const paths = [...enumeratePaths(smallFlow('menu'), { maxVisits: 2 })];
    expect(paths.map((p) => `${p.actions.join('>')}:${p.end}`)).toEqual([
      'start>menu>enqueue:queue',
      'start>menu>enqueue>bye>hang-up:spoken-disconnect',
      'start>menu>bye>hang-up:spoken-disconnect',
      'start>menu>menu>enqueue:queue',
      'start>menu>menu>enqueue>bye>hang-up:spoken-disconnect',
      'start>menu>menu>bye>hang-up:spoken-disconnect',
      'start>menu>menu>menu:loop-bound',
    ]);
  });

  test('stops at the limit', () => {
    expect([...enumeratePaths(smallFlow('menu'), { limit: 3 })]).toHaveLength(3);
  });
});
