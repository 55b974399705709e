/**
 * Memory that client input can fill has a bound. Every such map in a process is a `BoundedMap` (or reports
 * like one), so `/metrics` can show each one's size beside its capacity and a soak test can assert it.
 */
export interface Bounded {
  /** The map's name in `copnet_bounded_entries{map="…"}`. */
  readonly name: string;
  readonly size: number;
  readonly capacity: number;
}

export interface BoundedMapOptions<V> {
  /** At most this many entries. */
  capacity: number;
  /** And at most this much of `weigh` summed over the entries (bytes, roughly), when given. */
  maxWeight?: number;
  weigh?: (value: V) => number;
}

/**
 * A Map that forgets its least recently used entries to stay within a count (and optionally a weight):
 * JavaScript's Map keeps insertion order, so a read moves an entry to the end and eviction takes the first.
 */
export class BoundedMap<K, V> implements Bounded {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private weight = 0;

  constructor(
    readonly name: string,
    private readonly options: BoundedMapOptions<V>,
  ) {}

  get capacity(): number {
    return this.options.capacity;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores the entry, evicting the oldest ones as needed; a value heavier than the whole bound is not kept. */
  set(key: K, value: V): this {
    this.delete(key);
    const weight = this.options.weigh?.(value) ?? 0;
    const maxWeight = this.options.maxWeight ?? Infinity;
    if (weight > maxWeight) return this;
    while (this.entries.size >= this.options.capacity || this.weight + weight > maxWeight) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    this.entries.set(key, { value, weight });
    this.weight += weight;
    return this;
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.weight -= entry.weight;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }

  values(): V[] {
    return [...this.entries.values()].map((entry) => entry.value);
  }

  /** The same map behind Apollo's cache interface (KeyValueCache), for Apollo Server's and the gateway's caches. */
  asKeyValueCache(this: BoundedMap<string, V>) {
    return {
      get: async (key: string) => this.get(key),
      set: async (key: string, value: V) => void this.set(key, value),
      delete: async (key: string) => this.delete(key),
      clear: () => this.clear(),
    };
  }
}

/** The label value every value beyond a metric label's bound shares. */
export const OTHER_LABEL = "other";

/**
 * The values a client-controlled metric label may take (operation names, error codes): the first
 * `capacity` distinct values seen, up to 64 characters each; every later or longer one is `other`. Each
 * value is a time series for as long as the process runs, so an unbounded label is unbounded memory.
 */
export class LabelValues implements Bounded {
  private readonly seen = new Set<string>();

  constructor(
    readonly name: string,
    readonly capacity: number,
  ) {}

  get size(): number {
    return this.seen.size;
  }

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.capacity || value.length > 64) return OTHER_LABEL;
    this.seen.add(value);
    return value;
  }
}
