import "server-only";

type Waiting<J, R> = { job: J; resolve: (result: R) => void; reject: (err: unknown) => void };

/**
 * Group commit: jobs submitted while a transaction is running wait and then run together in the next one, so
 * concurrent requests share one COMMIT (and its fsync) instead of queueing for one each. `run` gets the
 * jobs of a group and returns one result per job, in order. When a group fails, its jobs are run again one by
 * one, so a job that cannot be stored fails alone and never takes its neighbours down with it.
 */
export class GroupCommit<J, R> {
  private queue: Waiting<J, R>[] = [];
  private running = 0;

  constructor(
    private readonly run: (jobs: J[]) => Promise<R[]>,
    /** A group stops growing once its jobs weigh this much (by `weigh`), to bound one transaction. */
    private readonly maxWeight: number,
    private readonly weigh: (job: J) => number,
    /**
     * How many groups may run at once (read when a group starts): 1 where transactions take turns anyway
     * (SQLite); more where each has a connection of its own, so one group's round trips overlap another's.
     */
    private readonly lanes: () => number = () => 1,
  ) {}

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.drain();
    });
  }

  private drain() {
    while (this.queue.length && this.running < this.lanes()) {
      this.running++;
      void this.runGroup(this.takeGroup()).finally(() => {
        this.running--;
        this.drain();
      });
    }
  }

  private takeGroup(): Waiting<J, R>[] {
    let weight = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || weight + this.weigh(this.queue[n].job) <= this.maxWeight)) {
      weight += this.weigh(this.queue[n].job);
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async runGroup(group: Waiting<J, R>[]) {
    try {
      const results = await this.run(group.map((w) => w.job));
      group.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      if (group.length === 1) return group[0].reject(err);
      for (const w of group) {
        try {
          w.resolve((await this.run([w.job]))[0]);
        } catch (own) {
          w.reject(own);
        }
      }
    }
  }
}
