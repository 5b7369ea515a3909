/** One stored value with its provenance (derivedFrom: the messages / records it came from; chain: origin → writer). */
export type TMemoryRecord = {
  recordId: string;
  partition: string;
  key: string;
  value: unknown;
  valueHash: string;
  derivedFrom: string[];
  chain: string[];
  writtenAt: number;
};

/** The agents' shared memory (not Firebreak's database): plug in Redis, a database, a vector store… */
export type TMemoryStore = {
  /** Stores a record as the latest value of (partition, key). */
  put(record: TMemoryRecord): void | Promise<void>;
  /** The latest record of (partition, key), if any. */
  get(partition: string, key: string): TMemoryRecord | undefined | Promise<TMemoryRecord | undefined>;
};

/** The default store: a Map in this process (share one instance between in-process agents). */
export class InMemoryStore implements TMemoryStore {
  private readonly records = new Map<string, TMemoryRecord>();

  /** Stores a record as the latest value of (partition, key). */
  put(record: TMemoryRecord): void {
    this.records.set(`${record.partition}\u0000${record.key}`, structuredClone(record));
  }

  /** The latest record of (partition, key), if any (a copy: callers cannot change the store by hand). */
  get(partition: string, key: string): TMemoryRecord | undefined {
    const r = this.records.get(`${partition}\u0000${key}`);
    return r && structuredClone(r);
  }
}
