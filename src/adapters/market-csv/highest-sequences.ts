/**
 * The highest 同步序号 recorded per source key, for at most `capacity` keys; beyond that the key
 * recorded (or raised) longest ago is forgotten first.
 *
 * Held in typed arrays, outside the JavaScript heap, under a 64-bit fingerprint of each key instead
 * of the key: a backfill keeps 200,000 keys for its whole length, and as strings in a Map they were
 * 19 MB of long-lived heap, which V8 lets the old generation grow to about four times over before it
 * collects; once full, taking the oldest key out of the Map cost 15–60 ms a 1,000 rows (its iterator
 * steps over the entries deleted before). Here a key takes 24 bytes plus its share of the hash index
 * (6.6 MB for 200,000), allocated as the table fills. Two different keys share a fingerprint with a
 * probability of about 2^-64 a pair.
 */
export class HighestSequences {
  private readonly capacity: number;
  /** Entries allocated; grows by doubling up to capacity. */
  private slots: number;
  private used = 0;
  private hashA: Int32Array;
  private hashB: Int32Array;
  private seqs: Float64Array;
  /** Age order, a doubly linked list of slots: `older` points towards `oldest`. */
  private older: Int32Array;
  private younger: Int32Array;
  private oldest = -1;
  private youngest = -1;
  /** Open addressing with linear probing: slot + 1, 0 when empty. At most half full. */
  private index: Int32Array;
  private mask: number;
  // The fingerprint of the key being looked up (two 32-bit hashes), kept here to allocate nothing.
  private a = 0;
  private b = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.slots = Math.min(capacity, 1024);
    this.hashA = new Int32Array(this.slots);
    this.hashB = new Int32Array(this.slots);
    this.seqs = new Float64Array(this.slots);
    this.older = new Int32Array(this.slots);
    this.younger = new Int32Array(this.slots);
    this.index = new Int32Array(indexSize(this.slots));
    this.mask = this.index.length - 1;
  }

  get size(): number {
    return this.used;
  }

  /**
   * Returns the highest sequence recorded for `key` before this call (undefined for a key not
   * held). When `seq` is higher, or the key is new, it is recorded and the key becomes the youngest.
   */
  record(key: string, seq: number): number | undefined {
    this.fingerprint(key);
    const pos = this.find();
    if (pos >= 0) {
      const slot = this.index[pos]! - 1;
      const previous = this.seqs[slot]!;
      if (seq > previous) {
        this.seqs[slot] = seq;
        this.unlink(slot);
        this.append(slot);
      }
      return previous;
    }
    let slot: number;
    if (this.used < this.slots) {
      slot = this.used++;
    } else if (this.slots < this.capacity) {
      this.grow();
      slot = this.used++;
    } else {
      slot = this.oldest;
      this.unlink(slot);
      this.removeFromIndex(slot);
    }
    this.hashA[slot] = this.a;
    this.hashB[slot] = this.b;
    this.seqs[slot] = seq;
    this.append(slot);
    this.insertIntoIndex(slot);
    return undefined;
  }

  /** Two independent 32-bit hashes of the key's UTF-16 code units (FNV-1a and a multiply-rotate), each finished by murmur3's mixer. */
  private fingerprint(key: string): void {
    let a = 0x811c9dc5;
    let b = 0x9747b28c ^ key.length;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0xcc9e2d51);
      b = (b << 15) | (b >>> 17);
    }
    this.a = mix(a);
    this.b = mix(b);
  }

  /** The index position holding the current fingerprint, or -1. */
  private find(): number {
    for (let pos = this.a & this.mask; ; pos = (pos + 1) & this.mask) {
      const entry = this.index[pos]!;
      if (entry === 0) return -1;
      const slot = entry - 1;
      if (this.hashA[slot] === this.a && this.hashB[slot] === this.b) return pos;
    }
  }

  private insertIntoIndex(slot: number): void {
    let pos = this.hashA[slot]! & this.mask;
    while (this.index[pos] !== 0) pos = (pos + 1) & this.mask;
    this.index[pos] = slot + 1;
  }

  /** Removes a slot from the index, shifting back the entries after it so that every probe still reaches its entry. */
  private removeFromIndex(slot: number): void {
    let hole = this.hashA[slot]! & this.mask;
    while (this.index[hole] !== slot + 1) hole = (hole + 1) & this.mask;
    this.index[hole] = 0;
    for (let pos = (hole + 1) & this.mask; this.index[pos] !== 0; pos = (pos + 1) & this.mask) {
      const home = this.hashA[this.index[pos]! - 1]! & this.mask;
      // The entry at pos may fill the hole unless its home lies cyclically in (hole, pos].
      const staysPut = hole <= pos ? hole < home && home <= pos : hole < home || home <= pos;
      if (staysPut) continue;
      this.index[hole] = this.index[pos]!;
      this.index[pos] = 0;
      hole = pos;
    }
  }

  private append(slot: number): void {
    this.older[slot] = this.youngest;
    this.younger[slot] = -1;
    if (this.youngest >= 0) this.younger[this.youngest] = slot;
    else this.oldest = slot;
    this.youngest = slot;
  }

  private unlink(slot: number): void {
    const o = this.older[slot]!;
    const y = this.younger[slot]!;
    if (o >= 0) this.younger[o] = y;
    else this.oldest = y;
    if (y >= 0) this.older[y] = o;
    else this.youngest = o;
  }

  private grow(): void {
    const slots = Math.min(this.capacity, this.slots * 2);
    this.hashA = resized(this.hashA, slots);
    this.hashB = resized(this.hashB, slots);
    this.seqs = resized(this.seqs, slots);
    this.older = resized(this.older, slots);
    this.younger = resized(this.younger, slots);
    this.slots = slots;
    this.index = new Int32Array(indexSize(slots));
    this.mask = this.index.length - 1;
    for (let slot = 0; slot < this.used; slot++) this.insertIntoIndex(slot);
  }
}

/** The smallest power of two at least twice `slots`. */
function indexSize(slots: number): number {
  let size = 2;
  while (size < slots * 2) size *= 2;
  return size;
}

function resized<T extends Int32Array | Float64Array>(from: T, length: number): T {
  const to = new (from.constructor as new (n: number) => T)(length);
  to.set(from);
  return to;
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
