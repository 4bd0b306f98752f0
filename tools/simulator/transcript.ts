/**
 * Renders a simulated call as a readable transcript: what the caller hears and presses, each flow
 * action and the branch it took, each function call with its status and time, SMS sent, and the
 * end. ANSI colours only when asked (the CLI asks when stdout is a TTY).
 */
import { describeError, type CallResult, type TimedEvent } from './interpreter';
import { describeDisposition } from './expect';

/** Options of {@link formatTranscript}. */
export interface TranscriptOptions {
  /** ANSI colours. @default false */
  readonly color?: boolean;
  /** Include a line per flow action (the branch taken). @default true */
  readonly actions?: boolean;
}

type Paint = (text: string) => string;

function palette(
  color: boolean,
): Record<'dim' | 'cyan' | 'yellow' | 'magenta' | 'green' | 'red' | 'bold' | 'blue', Paint> {
  const code =
    (open: number, close = 39): Paint =>
    (text) =>
      color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    dim: code(2, 22),
    bold: code(1, 22),
    cyan: code(36),
    yellow: code(33),
    magenta: code(35),
    green: code(32),
    red: code(31),
    blue: code(34),
  };
}

/** A branch as the transcript shows it (`NoMatchingCondition` is the "otherwise" of a check). */
function branchLabel(branch: string): string {
  return branch === 'error NoMatchingCondition' ? 'no condition matched' : branch;
}

/** `m:ss` of a simulated offset. */
export function clockOf(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** One event as a transcript line (undefined when the options hide it). */
export function formatEvent(event: TimedEvent, options: TranscriptOptions = {}): string | undefined {
  const p = palette(options.color ?? false);
  const at = p.dim(clockOf(event.at).padStart(5));
  const tag = (label: string, paint: Paint): string => paint(label.padEnd(6));
  switch (event.kind) {
    case 'flow':
      return `${at}  ${tag('FLOW', p.blue)} ${p.bold(event.flow)} ${p.dim(`(${event.flowType}${event.reason === 'queue' ? ', while the caller waits in queue' : ''})`)}`;
    case 'action':
      if (options.actions === false) return undefined;
      return p.dim(
        `${' '.repeat(5)}  ·      ${event.action} ${event.type} -> ${branchLabel(event.branch)}${event.note ? ` (${event.note})` : ''}`,
      );
    case 'say':
      return `${at}  ${tag('HEAR', p.cyan)} "${event.text}"${event.voice ? p.dim(` [${event.voice}]`) : ''}`;
    case 'prompt':
      return `${at}  ${tag('ASK', p.cyan)} "${event.text}"${event.voice ? p.dim(` [${event.voice}]`) : ''}`;
    case 'keys':
      return `${at}  ${tag('PRESS', p.yellow)} ${p.yellow(event.keys)}`;
    case 'silence':
      return `${at}  ${tag('PRESS', p.yellow)} ${p.dim(event.storeInput ? '(nothing: the input stores "Timeout")' : '(nothing until the time limit)')}`;
    case 'hold':
      return `${at}  ${tag('HOLD', p.cyan)} ${event.messages.map((m) => `"${m}"`).join(' / ')}${event.interrupted ? p.dim(' (interrupted)') : ''}`;
    case 'lambda': {
      const result =
        event.outcome === 'ok'
          ? p.green(event.status ?? 'ok')
          : p.red(
              event.outcome === 'timeout'
                ? 'TIMED OUT'
                : event.outcome === 'failed'
                  ? 'FAILED'
                  : 'INVALID RESPONSE',
            );
      const time = p.dim(`${Math.round(event.durationMs)} ms of ${event.timeLimitMs} ms`);
      return `${at}  ${tag('CALL', p.magenta)} ${event.name}(${event.parameters.join(', ')}) -> ${result} ${time}${event.detail ? p.dim(` ${event.detail}`) : ''}`;
    }
    case 'sms':
      return `${at}  ${tag('SMS', p.magenta)} to ${event.to}: "${event.text}"`;
    case 'queued':
      return `${at}  ${tag('QUEUE', p.green)} placed in queue ${p.bold(event.queue)}`;
    case 'callback':
      return `${at}  ${tag('CALLBK', p.green)} callback queued in ${p.bold(event.queue)} to ${event.number}`;
    case 'agent':
      return `${at}  ${tag('AGENT', p.green)} an adviser answers from ${event.queue}`;
    case 'hangup':
      return `${at}  ${tag('HANGUP', p.blue)} ${p.dim(`${event.flow}/${event.action}`)}`;
    case 'warning':
      return `${at}  ${tag('WARN', p.yellow)} ${event.flow ? `${event.flow}/${event.action}: ` : ''}${event.message}`;
    case 'error':
      return `${at}  ${tag('ERROR', p.red)} ${p.red(describeError(event.error))}`;
  }
}

/** The whole transcript of a call, ending with its disposition. */
export function formatTranscript(result: CallResult, options: TranscriptOptions = {}): string {
  const p = palette(options.color ?? false);
  const lines = result.events.map((e) => formatEvent(e, options)).filter((l): l is string => l !== undefined);
  const end = result.disposition.type === 'error' ? p.red : p.green;
  lines.push(
    `${p.dim(clockOf(result.simulatedMs).padStart(5))}  ${end(p.bold('END'.padEnd(6)))} ${end(describeDisposition(result.disposition))}`,
  );
  return lines.join('\n');
}
