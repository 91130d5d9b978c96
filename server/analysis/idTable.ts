// The `custom_id`s seen so far in a streamed input, each with where it was first used. A Map of a
// million strings costs more than the rest of the line engine's bookkeeping (its tables are rebuilt
// as it grows, and scanned by the collector); an open-addressing table over typed arrays does not.
/** What the rule across requests asks of the ids seen (see batch/rules.ts); a Map answers it too. */
export interface FirstUses {
  get(id: string): number | undefined;
  set(id: string, first: number): unknown;
  has(id: string): boolean;
  readonly size: number;
}

export class IdTable implements FirstUses {
  private slots: Int32Array = new Int32Array(1024).fill(-1);
  private hashes: Int32Array = new Int32Array(512);
  private ids: string[] = [];
  private firsts: Int32Array = new Int32Array(512);
  // The last id looked up and not found, its hash and its free slot: `set` right after `get` hashes once.
  private missedId: string | undefined;
  private missedHash = 0;
  private missedSlot = 0;

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  get(id: string): number | undefined {
    const hash = hashOf(id);
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const k = this.slots[i];
      if (k < 0) {
        this.missedId = id;
        this.missedHash = hash;
        this.missedSlot = i;
        return undefined;
      }
      if (this.hashes[k] === hash && this.ids[k] === id) return this.firsts[k];
    }
  }

  /** Adds an id not in the table yet (the rule adds an id at its first use only). */
  set(id: string, first: number): this {
    if (this.missedId !== id && this.get(id) !== undefined) throw new Error('IdTable: an id is added once, at its first use');
    this.missedId = undefined;
    const k = this.ids.length;
    if (k === this.hashes.length) {
      this.hashes = grown(this.hashes, k * 2);
      this.firsts = grown(this.firsts, k * 2);
    }
    this.ids.push(id);
    this.hashes[k] = this.missedHash;
    this.firsts[k] = first;
    this.slots[this.missedSlot] = k;
    // At most half full, so probes stay short.
    if (2 * (k + 1) > this.slots.length) this.rehash();
    return this;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let k = 0; k < this.ids.length; k++) {
      let i = this.hashes[k] & mask;
      while (slots[i] >= 0) i = (i + 1) & mask;
      slots[i] = k;
    }
    this.slots = slots;
  }
}

function grown(from: Int32Array, size: number): Int32Array {
  const to = new Int32Array(size);
  to.set(from);
  return to;
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  // As an int32, as the table stores it (the empty id never enters the loop).
  return h | 0;
}
