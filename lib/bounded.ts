import { LRUCache } from "lru-cache";

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
 * A least-recently-used map (lru-cache) within a count and optionally a weight, that reports its size and
 * capacity. Values are boxed so that null can be remembered too (lru-cache keeps no nullish values).
 */
export class BoundedMap<K extends {}, V> implements Bounded {
  private readonly entries: LRUCache<K, { value: V }>;

  constructor(
    readonly name: string,
    private readonly options: BoundedMapOptions<V>,
  ) {
    const { weigh, maxWeight } = options;
    this.entries = new LRUCache<K, { value: V }>({
      max: options.capacity,
      // lru-cache wants positive integer sizes; a value heavier than the whole bound is not kept.
      ...(weigh && maxWeight ? { maxSize: maxWeight, sizeCalculation: (entry: { value: V }) => Math.max(1, Math.ceil(weigh(entry.value))) } : {}),
    });
  }

  get capacity(): number {
    return this.options.capacity;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: K, value: V): this {
    this.entries.set(key, { value });
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
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

/**
 * At most `capacity` runs of some costly work at once; a run beyond that is not queued but refused
 * (`tryRun` gives null), so a burst of requests cannot line up behind it and hold memory or sockets.
 */
export class Slots implements Bounded {
  private running = 0;

  constructor(
    readonly name: string,
    readonly capacity: number,
  ) {}

  get size(): number {
    return this.running;
  }

  /** `work`'s result, holding a slot until it settles; null (and `work` not started) when none is free. */
  tryRun<T>(work: () => Promise<T>): Promise<T> | null {
    if (this.running >= this.capacity) return null;
    this.running++;
    // Async, so that even a synchronous throw from `work` gives its slot back.
    return (async () => {
      try {
        return await work();
      } finally {
        this.running--;
      }
    })();
  }
}
