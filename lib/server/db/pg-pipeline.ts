import "server-only";
import type { Writable } from "node:stream";
import type pg from "pg";

/**
 * The statements of one raw PostgreSQL transaction, on a connection of a pipelining pool (client.ts): a write
 * whose answer nobody reads is sent without waiting for it, and goes to the server together with whatever
 * comes next, so a transaction costs a round trip per read instead of one per statement
 * (docs/benchmarks.md#postgresql). PostgreSQL runs them in the order sent; once one fails, it refuses every
 * later one of the transaction (and turns its COMMIT into a ROLLBACK), so the first failure is the one
 * reported: at the next statement whose answer is waited for, at the latest the COMMIT.
 */
export class PgPipeline {
  /** Settles once every statement sent without waiting so far is answered (it never rejects). */
  private unanswered: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  private ended = false;

  /** The connection's socket while it holds statements back (corked), to write them out together. */
  private corked: Writable | undefined;

  constructor(private readonly client: pg.PoolClient) {}

  /**
   * Sends a statement without waiting for its answer; a failure is thrown by the next answered() or end().
   * It is held back with the statements sent after it and written to the socket with the next statement whose
   * answer is waited for (or, at the latest, once the event loop comes round): one write, one wake-up of the
   * server, instead of one each — each write on a TCP connection costs the process a system call and the
   * kernel's loopback work (docs/benchmarks.md#postgresql).
   */
  send(query: pg.QueryConfig | string): void {
    this.refuseIfEnded();
    this.holdBack();
    const answer = this.client.query(query).then(() => {}, (error: unknown) => void (this.failure ??= { error }));
    this.unanswered = this.unanswered.then(() => answer);
  }

  /** Sends a statement and gives its answer once it and everything sent before it are answered. */
  query<R extends pg.QueryResultRow>(query: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    return this.answered(() => this.client.query<R>(query));
  }

  /**
   * The answer of what `send` sends on this connection (Prisma's adapter, say), given once the statements
   * sent before it without waiting are answered: the first of them that failed is thrown instead of its own.
   */
  answered<T>(send: () => Promise<T>): Promise<T> {
    this.refuseIfEnded();
    this.holdBack();
    const sent = send();
    // Reads sent in the same turn (Promise.all over several) go out together too: written once it ends.
    queueMicrotask(() => this.writeOut());
    return this.afterUnanswered(sent);
  }

  /**
   * Sends COMMIT or ROLLBACK and waits for it; a COMMIT the server turned into a ROLLBACK throws. Nothing but
   * a ROLLBACK (after a COMMIT that failed) can be sent on this pipeline afterwards: a continuation left
   * running would otherwise write on a connection back in the pool.
   */
  async end(statement: "COMMIT" | "ROLLBACK"): Promise<void> {
    if (statement === "COMMIT") this.refuseIfEnded();
    const sent = this.client.query(statement);
    this.writeOut();
    this.ended = true;
    if (statement === "ROLLBACK") return void (await sent); // an earlier failure, if any, is why
    const { command } = await this.afterUnanswered(sent);
    if (command !== "COMMIT") throw new Error(`the transaction was rolled back at COMMIT (${command})`);
  }

  private async afterUnanswered<T>(sent: Promise<T>): Promise<T> {
    sent.catch(() => {}); // after an earlier failure its own only follows from it, and the earlier one is thrown
    await this.unanswered;
    if (this.failure) throw this.failure.error;
    return sent;
  }

  // pg writes each statement with cork/uncork of its socket; a cork around several makes them one write.
  private holdBack() {
    if (this.corked) return;
    const stream = (this.client as unknown as { connection?: { stream?: Writable } }).connection?.stream;
    if (!stream || typeof stream.cork !== "function") return;
    stream.cork();
    this.corked = stream;
    setImmediate(() => this.writeOut());
  }

  private writeOut() {
    const stream = this.corked;
    this.corked = undefined;
    stream?.uncork();
  }

  private refuseIfEnded() {
    if (this.ended) throw new Error("this transaction has ended: nothing more can be sent in it");
  }
}
