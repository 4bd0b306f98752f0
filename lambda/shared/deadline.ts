/** The per-invocation deadline guard: a slow dependency becomes UNAVAILABLE before the flow gives up. */

/** Thrown (as the abort reason) when the work did not finish within its budget. */
export class DeadlineExceededError extends Error {
  constructor(readonly budgetMs: number) {
    super(`the integration did not finish within ${budgetMs} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Runs `work` with an AbortSignal that fires after `budgetMs`, and rejects with
 * {@link DeadlineExceededError} at that moment even if the work ignores the signal. SDK calls
 * given the signal are cancelled, so nothing keeps running once the answer is out.
 */
export async function withDeadline<T>(
  budgetMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        const error = new DeadlineExceededError(budgetMs);
        controller.abort(error);
        reject(error);
      },
      Math.max(0, budgetMs),
    );
  });
  const running = work(controller.signal);
  // Whichever loses the race must not surface as an unhandled rejection.
  running.catch(() => undefined);
  expired.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}
