interface Waiting<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs concurrent calls together: while `concurrency` batches are in the database, new calls wait
 * and go as one statement in the next batch. A lone call runs at once (no added delay); under load
 * many runners' claims or completions cost one round trip instead of one each.
 */
export class MicroBatcher<In, Out> {
  private readonly waiting: Waiting<In, Out>[] = [];
  private inFlight = 0;

  constructor(
    private readonly execute: (inputs: In[]) => Promise<Out[]>,
    private readonly options: { maxBatch: number; concurrency: number },
  ) {}

  run(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.inFlight >= this.options.concurrency || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, this.options.maxBatch);
    this.inFlight += 1;
    this.execute(batch.map((call) => call.input))
      .then(
        (outputs) => batch.forEach((call, index) => call.resolve(outputs[index]!)),
        (error: unknown) => batch.forEach((call) => call.reject(error)),
      )
      .finally(() => {
        this.inFlight -= 1;
        this.next();
      });
  }
}
