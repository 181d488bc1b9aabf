/** What undoes the steps of a set-up, run last step first. */
export class Teardown {
  private readonly steps: Array<() => unknown> = [];

  /** Records how to undo the step just taken. */
  add(undo: () => unknown): void {
    this.steps.push(undo);
  }

  /** Undoes every step taken so far, the last first. */
  async run(): Promise<void> {
    for (const undo of this.steps.splice(0).reverse()) await undo();
  }
}

/** Runs a set-up that records its steps; if it fails part-way, what it had started is stopped before the error is passed on. */
export async function setUp<T>(steps: (teardown: Teardown) => Promise<T>): Promise<T> {
  const teardown = new Teardown();
  try {
    return await steps(teardown);
  } catch (error) {
    await teardown.run();
    throw error;
  }
}
