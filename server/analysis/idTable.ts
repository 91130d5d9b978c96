// The `custom_id`s seen so far in a streamed input, each with where it was first used. A Map of a
// million strings costs more than the rest of the line engine's bookkeeping (its tables are rebuilt
// as it grows, and scanned by the collector); an open-addressing table over typed arrays does not.
// The ids themselves are kept as bytes, not strings: a million short strings and the array holding
// them were 40 MB of the old generation (a 16-byte header and 8-byte pointer each), against 11 MB.
/** What the rule across requests asks of the ids seen (see batch/rules.ts); a Map answers it too. */
export interface FirstUses {
  get(id: string): number | undefined;
  set(id: string, first: number): unknown;
  has(id: string): boolean;
  readonly size: number;
}

// The byte store is in pages, an id inside one page, so it never grows by copying. Pages double from
// 4 KB (an editor's small file) to 1 MB; an id longer than that has a page of its own.
const PAGE_BITS = 20;
const PAGE_BYTES = 1 << PAGE_BITS;
const FIRST_PAGE_BYTES = 4096;

export class IdTable implements FirstUses {
  private slots: Int32Array = new Int32Array(1024).fill(-1);
  private hashes: Int32Array = new Int32Array(512);
  /** Where each id's bytes are: page index << PAGE_BITS | offset in the page. */
  private places: Int32Array = new Int32Array(512);
  private firsts: Int32Array = new Int32Array(512);
  private count = 0;
  /** The ids, each as its length in bytes (7 bits a byte, high bit: more follow) then its code units (see `encodedLength`). */
  private readonly pages: Uint8Array[] = [];
  /** Bytes used of the last page. */
  private used = 0;
  // The last id looked up and not found, its hash and its free slot: `set` right after `get` hashes once.
  private missedId: string | undefined;
  private missedHash = 0;
  private missedSlot = 0;

  get size(): number {
    return this.count;
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
      if (this.hashes[k] === hash && this.holds(k, id)) return this.firsts[k];
    }
  }

  /** Adds an id not in the table yet (the rule adds an id at its first use only). */
  set(id: string, first: number): this {
    if (this.missedId !== id && this.get(id) !== undefined) throw new Error('IdTable: an id is added once, at its first use');
    this.missedId = undefined;
    const k = this.count;
    if (k === this.hashes.length) {
      this.hashes = grown(this.hashes, k * 2);
      this.places = grown(this.places, k * 2);
      this.firsts = grown(this.firsts, k * 2);
    }
    this.places[k] = this.write(id);
    this.hashes[k] = this.missedHash;
    this.firsts[k] = first;
    this.slots[this.missedSlot] = k;
    this.count++;
    // At most half full, so probes stay short.
    if (2 * this.count > this.slots.length) this.rehash();
    return this;
  }

  /** Writes `id` to the byte store; returns its place. */
  private write(id: string): number {
    const bytes = encodedLength(id);
    const size = bytes + lengthBytes(bytes);
    const last = this.pages[this.pages.length - 1] as Uint8Array | undefined;
    if (last === undefined || this.used + size > last.length) {
      const next = last === undefined ? FIRST_PAGE_BYTES : Math.min(PAGE_BYTES, 2 * last.length);
      this.pages.push(new Uint8Array(Math.max(next, size)));
      this.used = 0;
    }
    const page = this.pages[this.pages.length - 1];
    const place = (this.pages.length - 1) << PAGE_BITS | this.used;
    let at = this.used;
    for (let n = bytes; ; n >>>= 7) {
      if (n < 0x80) {
        page[at++] = n;
        break;
      }
      page[at++] = 0x80 | (n & 0x7f);
    }
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (c < 0x80) page[at++] = c;
      else {
        page[at++] = 0x80;
        page[at++] = c >> 8;
        page[at++] = c & 0xff;
      }
    }
    this.used = at;
    return place;
  }

  /** Whether id `k`'s bytes are `id`. */
  private holds(k: number, id: string): boolean {
    const place = this.places[k];
    const page = this.pages[place >>> PAGE_BITS];
    let at = place & (PAGE_BYTES - 1);
    let bytes = 0;
    for (let shift = 0; ; shift += 7) {
      const b = page[at++];
      bytes += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    const end = at + bytes;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (at >= end) return false;
      if (c < 0x80) {
        if (page[at++] !== c) return false;
      } else if (page[at] !== 0x80 || page[at + 1] !== c >> 8 || page[at + 2] !== (c & 0xff)) return false;
      else at += 3;
    }
    return at === end;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let k = 0; k < this.count; k++) {
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

/** The bytes an id takes: one for each UTF-16 code unit under 0x80, three (0x80, high, low) for any other. */
function encodedLength(id: string): number {
  let n = id.length;
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) >= 0x80) n += 2;
  return n;
}

/** The bytes the length prefix of `bytes` takes. */
function lengthBytes(bytes: number): number {
  let n = 1;
  for (let rest = bytes; rest >= 0x80; rest >>>= 7) n++;
  return n;
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  // As an int32, as the table stores it (the empty id never enters the loop).
  return h | 0;
}
