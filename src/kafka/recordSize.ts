/** Bytes a record adds to a batch beyond its key and value (varints, attributes, headers): a margin. */
const RECORD_OVERHEAD = 128;
/** Room for a record batch's own header: a record must fit in a batch of its own under max.message.bytes. */
export const BATCH_OVERHEAD = 512;

const bytes = (v: Buffer | string | null): number => (v === null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length);

/** What a record of this key and value takes in a batch, overhead included. */
export const recordSize = (key: Buffer | string | null, value: Buffer | string | null): number => bytes(key) + bytes(value) + RECORD_OVERHEAD;

/** Whether such a record fits a topic whose max.message.bytes is `limit`. */
export const fitsIn = (size: number, limit: number): boolean => size <= limit - BATCH_OVERHEAD;
