// A Map for keys that come and go all the time (calls in flight, locked rows), which swaps itself
// for a fresh Map holding only its live entries every MAP_RENEW_DELETES deletions.
//
// Why: V8's Map keeps its entries in a hash table that is replaced when it fills up, and the
// outgrown table keeps a pointer to its successor. With keys coming and going, that happens every
// few dozen operations. Once one outgrown table reaches the old generation (a mark-compact, or an
// idle spell long enough for it to survive two scavenges), each scavenge treats it as a root:
// the chain of younger tables after it, and every value their entries still name, survives and is
// promoted, and so on, until the next mark-compact frees it all. A client with 16 gets in flight
// spent twice the CPU on each get in that state (bench:ycsb, see docs/benchmarks.md). A fresh
// Map's tables are not in the chain, so renewing cuts it.
// Iteration order is the Map's (insertion order), kept across a renewal. An iterator taken
// before a renewal goes on over the old Map: it sees deletions made before the renewal but
// not entries set after it (a plain Map's iterator would see them).

/** Deletions after which the live entries move to a fresh Map (a copy of at most `size`). */
export const MAP_RENEW_DELETES = 1_024;

export class RenewingMap<K, V> {
  #map = new Map<K, V>();
  #deletes = 0;

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  set(key: K, value: V): this {
    this.#map.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (!this.#map.delete(key)) return false;
    this.#deletes += 1;
    if (this.#deletes >= MAP_RENEW_DELETES) {
      this.#deletes = 0;
      this.#map = new Map(this.#map);
    }
    return true;
  }

  /** Drops every entry (into a fresh Map: Map.clear links the old table to its successor too). */
  clear(): void {
    this.#map = new Map();
    this.#deletes = 0;
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }

  keys(): IterableIterator<K> {
    return this.#map.keys();
  }

  entries(): IterableIterator<[K, V]> {
    return this.#map.entries();
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.#map.entries();
  }
}
