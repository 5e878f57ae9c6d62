// PostgreSQL's binary COPY format (`COPY … FROM STDIN WITH (FORMAT binary)`), written straight
// into buffers: a timestamp is eight bytes rather than 24 characters the server has to parse,
// a uuid sixteen rather than 36. About half the server's work per row for the large data set.
// https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4

/** The column types the large data set writes, by their udt_name in information_schema. */
export type CopyType = "uuid" | "text" | "bpchar" | "timestamptz" | "date" | "bool" | "int4" | "int8" | "jsonb" | "_text";

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
/** Signature, flags (no OIDs), header extension length 0. */
const HEADER = Buffer.concat([SIGNATURE, Buffer.alloc(8)]);
/** A field count of -1 ends the data. */
const TRAILER = Buffer.from([0xff, 0xff]);
const CHUNK_BYTES = 1 << 20;
/** PostgreSQL counts time from 2000-01-01 UTC: in milliseconds after the Unix epoch, and in days. */
const PG_EPOCH_MS = 946_684_800_000;
const PG_EPOCH_DAY = 10_957;
const TEXT_OID = 25;
const TWO_32 = 4_294_967_296;

/**
 * Collects one table's rows in 1 MiB buffers. Call `row(n)` and then one writer per column, in
 * the COPY statement's column order. Each `take()` is one complete COPY stream (header, rows,
 * trailer) of the rows written since the last take.
 */
export class BinaryCopyWriter {
  rows = 0;
  private chunks: Buffer[] = [];
  private buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private at = 0;
  private readonly uuids = new Map<string, Buffer>();

  /** `idPrefix`: the first ten bytes of the generator's own ids (see `id`). */
  constructor(private readonly idPrefix: Buffer) {}

  row(fields: number): this {
    this.room(HEADER.length + 512);
    // Every take() is a stream of its own, starting with the header.
    if (this.rows === 0) this.at += HEADER.copy(this.buffer, this.at);
    this.buffer.writeInt16BE(fields, this.at);
    this.at += 2;
    this.rows++;
    return this;
  }

  null(): this {
    this.room(4);
    this.buffer.writeInt32BE(-1, this.at);
    this.at += 4;
    return this;
  }

  /** A generated id: the ten-byte prefix, then the counter in six bytes (see LargeDatasetGenerator). */
  id(counter: number): this {
    this.room(20);
    const buffer = this.buffer;
    const prefix = this.idPrefix;
    buffer.writeInt32BE(16, this.at);
    for (let i = 0, at = this.at + 4; i < 10; i++) buffer[at + i] = prefix[i]!;
    buffer.writeUIntBE(counter, this.at + 14, 6);
    this.at += 20;
    return this;
  }

  idOrNull(counter: number | null): this {
    return counter === null ? this.null() : this.id(counter);
  }

  /** A uuid given as text (the teams' and users' ids). */
  uuid(text: string): this {
    let bytes = this.uuids.get(text);
    if (!bytes) {
      bytes = Buffer.from(text.replaceAll("-", ""), "hex");
      if (bytes.length !== 16) throw new Error(`Not a uuid: ${text}`);
      this.uuids.set(text, bytes);
    }
    this.room(20);
    const buffer = this.buffer;
    buffer.writeInt32BE(16, this.at);
    // Sixteen bytes are copied faster here than through Buffer#copy.
    for (let i = 0, at = this.at + 4; i < 16; i++) buffer[at + i] = bytes[i]!;
    this.at += 20;
    return this;
  }

  uuidOrNull(text: string | null): this {
    return text === null ? this.null() : this.uuid(text);
  }

  text(value: string): this {
    // A UTF-16 code unit never takes more than three bytes in UTF-8.
    this.room(4 + value.length * 3);
    const buffer = this.buffer;
    const start = this.at + 4;
    let length = -1;
    // Short ASCII text (states, codes, keys) is copied here: cheaper than a call into Buffer#write.
    if (value.length <= 40) {
      let i = 0;
      for (; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code > 0x7f) break;
        buffer[start + i] = code;
      }
      if (i === value.length) length = i;
    }
    if (length < 0) length = buffer.write(value, start, "utf8");
    buffer.writeInt32BE(length, this.at);
    this.at = start + length;
    return this;
  }

  textOrNull(value: string | null): this {
    return value === null ? this.null() : this.text(value);
  }

  /** jsonb's binary form: a version byte (1), then the JSON text. */
  jsonb(json: string): this {
    this.room(5 + json.length * 3);
    const length = this.buffer.write(json, this.at + 5, "utf8");
    this.buffer.writeInt32BE(length + 1, this.at);
    this.buffer[this.at + 4] = 1;
    this.at += 5 + length;
    return this;
  }

  jsonbOrNull(json: string | null): this {
    return json === null ? this.null() : this.jsonb(json);
  }

  /** Microseconds since 2000-01-01 UTC, from milliseconds since the Unix epoch. */
  timestamp(ms: number): this {
    this.room(12);
    const micros = (ms - PG_EPOCH_MS) * 1000;
    const high = Math.floor(micros / TWO_32);
    this.buffer.writeInt32BE(8, this.at);
    this.buffer.writeInt32BE(high, this.at + 4);
    this.buffer.writeUInt32BE(micros - high * TWO_32, this.at + 8);
    this.at += 12;
    return this;
  }

  timestampOrNull(ms: number | null): this {
    return ms === null ? this.null() : this.timestamp(ms);
  }

  /** A calendar date, given as days since 1970-01-01. */
  date(civilDay: number): this {
    this.room(8);
    this.buffer.writeInt32BE(4, this.at);
    this.buffer.writeInt32BE(civilDay - PG_EPOCH_DAY, this.at + 4);
    this.at += 8;
    return this;
  }

  dateOrNull(civilDay: number | null): this {
    return civilDay === null ? this.null() : this.date(civilDay);
  }

  bool(value: boolean): this {
    this.room(5);
    this.buffer.writeInt32BE(1, this.at);
    this.buffer[this.at + 4] = value ? 1 : 0;
    this.at += 5;
    return this;
  }

  int4(value: number): this {
    this.room(8);
    this.buffer.writeInt32BE(4, this.at);
    this.buffer.writeInt32BE(value, this.at + 4);
    this.at += 8;
    return this;
  }

  /** A bigint that fits a double exactly (money in minor units here). */
  int8(value: number): this {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Not a safe integer: ${value}`);
    this.room(12);
    const high = Math.floor(value / TWO_32);
    this.buffer.writeInt32BE(8, this.at);
    this.buffer.writeInt32BE(high, this.at + 4);
    this.buffer.writeUInt32BE(value - high * TWO_32, this.at + 8);
    this.at += 12;
    return this;
  }

  int8OrNull(value: number | null): this {
    return value === null ? this.null() : this.int8(value);
  }

  /** A one-dimensional text[] without nulls. */
  textArray(items: readonly string[]): this {
    if (items.length === 0) {
      this.room(16);
      this.buffer.writeInt32BE(12, this.at);
      this.buffer.writeInt32BE(0, this.at + 4); // no dimensions
      this.buffer.writeInt32BE(0, this.at + 8); // no nulls
      this.buffer.writeInt32BE(TEXT_OID, this.at + 12);
      this.at += 16;
      return this;
    }
    this.room(24 + items.reduce((sum, item) => sum + 4 + item.length * 3, 0));
    const start = this.at;
    this.buffer.writeInt32BE(1, start + 4); // one dimension
    this.buffer.writeInt32BE(0, start + 8); // no nulls
    this.buffer.writeInt32BE(TEXT_OID, start + 12);
    this.buffer.writeInt32BE(items.length, start + 16);
    this.buffer.writeInt32BE(1, start + 20); // lower bound
    let at = start + 24;
    for (const item of items) {
      const length = this.buffer.write(item, at + 4, "utf8");
      this.buffer.writeInt32BE(length, at);
      at += 4 + length;
    }
    this.buffer.writeInt32BE(at - start - 4, start);
    this.at = at;
    return this;
  }

  /** The rows written since the last take as one COPY stream; each buffer owns its memory (transferable). */
  take(): { rows: number; chunks: Buffer[] } {
    if (this.rows > 0) {
      this.room(TRAILER.length);
      this.at += TRAILER.copy(this.buffer, this.at);
    }
    this.flush();
    const taken = { rows: this.rows, chunks: this.chunks };
    this.chunks = [];
    this.rows = 0;
    return taken;
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    this.flush();
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(bytes);
  }

  private flush(): void {
    if (this.at === 0) return;
    this.chunks.push(this.buffer.subarray(0, this.at));
    this.buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.at = 0;
  }
}
