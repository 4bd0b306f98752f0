/** Errors of the journey simulator: each names what went wrong and where, in one sentence. */

/** Why a simulated call stopped before reaching an ending. */
export type SimulationErrorCode =
  /** The call reached an action type the simulator does not implement. */
  | 'unsupported-action'
  /** An action uses a parameter or value the simulator does not implement. */
  | 'unsupported-parameter'
  /** A JSONPath outside the namespaces the simulator models. */
  | 'unsupported-reference'
  /** A reference to a function, queue, hours or flow the flow set does not contain. */
  | 'unresolved-reference'
  /** A transition to an action that does not exist, or no branch for an outcome. */
  | 'missing-branch'
  /** The step limit was reached (a loop the caller never leaves). */
  | 'step-limit'
  /** The scenario asked for something the call cannot give (e.g. an OTP before any SMS). */
  | 'scenario';

/** A simulated call stopped: names the flow, the action and its type where there is one. */
export class SimulationError extends Error {
  constructor(
    readonly code: SimulationErrorCode,
    message: string,
    readonly flow?: string,
    readonly action?: string,
    readonly actionType?: string,
  ) {
    super(message);
    this.name = 'SimulationError';
  }
}

/** The flows could not be loaded (missing template, unknown reference, malformed content). */
export class FlowLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowLoadError';
  }
}

/** A scenario file is missing or malformed. */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}
