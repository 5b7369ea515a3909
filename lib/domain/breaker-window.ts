import { WINDOW_SIZE, type TApproval, type TBreakerState, type TBreakerStateName, type TWindowEntry } from "./breaker-state.ts";

// The sliding window as the step keeps it: two bit masks (bit 0 = the newest validation) for rejected and
// anomalous, and the times on a tape shared along a breaker's line of states. A step appends to the tape in
// place when its state is the last one written there (nothing any state can see is ever overwritten), and
// starts a new tape when the tape is full or when an older state is stepped again. A validation then costs
// a state object, not a new 20-entry array and an entry object that outlives the young generation.
// 32-bit bit operations: a window of up to 30 fits.
const MASK = 2 ** WINDOW_SIZE - 1;
const TAPE_LENGTH = 64;
type TTape = { times: Float64Array; written: number };

/** Set bits of a WINDOW_SIZE-bit mask. */
function ones(bits: number): number {
  let n = 0;
  for (let b = bits; b !== 0; b &= b - 1) n++;
  return n;
}

/** The state fields besides the window, as a step changes them. */
export type TStateFields = Omit<TBreakerState, "window">;

/**
 * A breaker state made by the step: plain fields, and `window` built from the bits and the tape when read.
 * JSON.stringify writes it as the plain TBreakerState (toJSON). Build new states with stepBreaker / admit:
 * an object spread of one drops its window.
 */
export class BreakerState implements TBreakerState {
  readonly state: TBreakerStateName;
  readonly epoch: number;
  readonly seq: number;
  readonly failures: number;
  readonly probesInFlight: number;
  readonly probesAccepted: number;
  readonly tripsHistory: readonly number[];
  readonly trippedAt: number | undefined;
  readonly cooldownEndsAt: number | undefined;
  readonly approval: TApproval | undefined;
  readonly #size: number;
  readonly #rejected: number;
  readonly #anomalous: number;
  readonly #tape: TTape | null;
  readonly #end: number;

  constructor(f: TStateFields, failures = f.failures, size = 0, rejected = 0, anomalous = 0, tape: TTape | null = null, end = 0) {
    this.state = f.state;
    this.epoch = f.epoch;
    this.seq = f.seq;
    this.failures = failures;
    this.probesInFlight = f.probesInFlight;
    this.probesAccepted = f.probesAccepted;
    this.tripsHistory = f.tripsHistory;
    this.trippedAt = f.trippedAt;
    this.cooldownEndsAt = f.cooldownEndsAt;
    this.approval = f.approval;
    this.#size = size;
    this.#rejected = rejected;
    this.#anomalous = anomalous;
    this.#tape = tape;
    this.#end = end;
  }

  /** The last WINDOW_SIZE validations seen while CLOSED, oldest first (built on each read: the step never reads it). */
  get window(): readonly TWindowEntry[] {
    const out: TWindowEntry[] = [];
    for (let age = this.#size - 1; age >= 0; age--) {
      out.push({ t: this.#tape!.times[this.#end - 1 - age], anomalous: ((this.#anomalous >>> age) & 1) === 1, rejected: ((this.#rejected >>> age) & 1) === 1 });
    }
    return out;
  }

  /** Validations in the window. */
  get windowSize(): number {
    return this.#size;
  }

  /** Anomalous validations in the window. */
  get anomalies(): number {
    return ones(this.#anomalous);
  }

  /** The same state with other fields (window kept); `clearWindow` empties the window. */
  with(f: TStateFields, clearWindow = false): BreakerState {
    return clearWindow ? new BreakerState(f) : new BreakerState(f, f.failures, this.#size, this.#rejected, this.#anomalous, this.#tape, this.#end);
  }

  /** This state with one more validation at `t` in its window (the oldest dropped when full), its failures counted in the window. */
  pushed(t: number, rejected: boolean, anomalous: boolean): BreakerState {
    const rejectedBits = ((this.#rejected << 1) | (rejected ? 1 : 0)) & MASK;
    const anomalousBits = ((this.#anomalous << 1) | (anomalous ? 1 : 0)) & MASK;
    const size = this.#size < WINDOW_SIZE ? this.#size + 1 : WINDOW_SIZE;
    let tape = this.#tape;
    let end = this.#end;
    if (tape === null || tape.written !== end || end === TAPE_LENGTH) {
      // A new tape holding the times still in the window (this state is not the last one on its tape, or it is full).
      const fresh: TTape = { times: new Float64Array(TAPE_LENGTH), written: 0 };
      for (let age = size - 2; age >= 0; age--) fresh.times[fresh.written++] = tape!.times[end - 1 - age];
      tape = fresh;
      end = fresh.written;
    }
    tape.times[end] = t;
    tape.written = ++end;
    return new BreakerState(this, ones(rejectedBits), size, rejectedBits, anomalousBits, tape, end);
  }

  /** The plain TBreakerState (what a breaker-state file holds). */
  toJSON(): TBreakerState {
    return { ...this, window: this.window };
  }

  /** A state given as plain data (a saved one, initialBreakerState()) in the step's form; its window's last WINDOW_SIZE entries kept. */
  static from(s: TBreakerState): BreakerState {
    if (s instanceof BreakerState) return s;
    if (!Array.isArray(s.window)) throw new TypeError("a breaker state without its window (a spread copy of one?): pass states as the machine returns them, or as JSON.parse gives them back");
    let state = new BreakerState(s);
    for (const e of s.window.slice(-WINDOW_SIZE)) state = state.pushed(e.t, e.rejected, e.anomalous);
    return state.with({ ...state, failures: s.failures });
  }
}
