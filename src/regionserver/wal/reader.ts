// Reading WAL files back for recovery: entries in file order, a torn tail (a writer killed
// mid-record) ending the file quietly as HBase treats an EOF on the last WAL, and damage followed
// by more data failing with WalCorruptError. Also listing a server's files and fencing its writer.
import { systemClock, type Clock } from '../../common/clock.js';
import { silentLogger, type Logger } from '../../common/log.js';
import type { DfsClient } from '../../dfs/client/index.js';
import { FileNotFoundError } from '../../dfs/errors.js';
import type { FileStatus } from '../../dfs/types.js';
import {
  decodeEntryBody,
  decodeHeaderBody,
  decodeTrailerBody,
  RecordKind,
  recordKindOf,
  type WalHeader,
} from './codec.js';
import type { WalEntry } from './entry.js';
import { WalCorruptError, WalLeaseRecoveryTimeoutError } from './errors.js';
import { checkPreamble, FRAME_HEADER_BYTES, PREAMBLE_BYTES, scanFrame } from './frame.js';
import {
  WAL_LEASE_POLL_INITIAL_MS,
  WAL_LEASE_POLL_MAX_MS,
  WAL_LEASE_RECOVERY_TIMEOUT_MS,
  WAL_READ_CHUNK_BYTES,
} from './limits.js';
import { compareWalFileNames, parseWalFileName } from './wal-file.js';

export interface ReadWalOptions {
  readonly logger?: Logger;
}

/** How a file ended: with its trailer, at a record boundary, or torn inside a record. */
export interface WalReadSummary {
  readonly header: WalHeader | null;
  readonly entries: number;
  readonly end: 'trailer' | 'clean' | 'torn';
}

/** What a WAL is read from: a DfsInputStream, or bytes in memory (tests, tools). */
export interface WalSource {
  /** The bytes readable (for a file being written: what its pipeline acknowledged). */
  readonly length: number;
  /** Up to `length` bytes from the position (fewer only at the end). */
  read(length: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** A file's bytes read in chunks, parsed from the front. */
class ChunkedSource {
  #bytes: Buffer = Buffer.alloc(0);
  /** The file offset of `#bytes[0]`: of the next byte to parse. */
  #offset = 0;
  readonly #stream: WalSource;

  constructor(stream: WalSource) {
    this.#stream = stream;
  }

  get offset(): number {
    return this.#offset;
  }

  get length(): number {
    return this.#stream.length;
  }

  /** The unparsed bytes, at least `need` of them unless the file ends first. */
  async peek(need: number): Promise<Buffer> {
    while (this.#bytes.length < need && this.#offset + this.#bytes.length < this.length) {
      const chunk = await this.#stream.read(
        Math.max(WAL_READ_CHUNK_BYTES, need - this.#bytes.length),
      );
      if (chunk.length === 0) break;
      this.#bytes = this.#bytes.length === 0 ? chunk : Buffer.concat([this.#bytes, chunk]);
    }
    return this.#bytes;
  }

  consume(bytes: number): void {
    this.#bytes = this.#bytes.subarray(bytes);
    this.#offset += bytes;
  }
}

type Corrupt = (offset: number, what: string, cause?: unknown) => WalCorruptError;

type Step =
  | { readonly kind: 'record'; readonly body: Buffer; readonly offset: number }
  | { readonly kind: 'end'; readonly torn: boolean };

/** The next record whose body checks out, or the end of the file (torn inside a record or not). */
async function nextRecord(source: ChunkedSource, corrupt: Corrupt, log: Logger): Promise<Step> {
  const offset = source.offset;
  const head = await source.peek(FRAME_HEADER_BYTES);
  if (head.length === 0) return { kind: 'end', torn: false };
  let scan = wrap(() => scanFrame(head, 0), corrupt, offset);
  if (scan.kind === 'incomplete') {
    const whole = await source.peek(scan.needBytes);
    scan = wrap(() => scanFrame(whole, 0), corrupt, offset);
  }
  if (scan.kind === 'incomplete') {
    log.warn({ offset }, 'WAL ends inside a record (a torn tail)');
    return { kind: 'end', torn: true };
  }
  if (scan.kind === 'bad-body') {
    if (offset + scan.end < source.length) {
      throw corrupt(offset, 'a record fails its checksum and more data follows it');
    }
    log.warn({ offset }, 'WAL ends in a record that fails its checksum (a torn tail)');
    return { kind: 'end', torn: true };
  }
  source.consume(scan.end);
  return { kind: 'record', body: scan.body, offset };
}

/** The entries of one WAL file in order; the generator's return value says how the file ended. */
export async function* readWal(
  fs: DfsClient,
  path: string,
  options: ReadWalOptions = {},
): AsyncGenerator<WalEntry, WalReadSummary> {
  return yield* readWalSource(await fs.open(path), path, options);
}

/** readWal over any source (closed at the end); `path` only names it in errors and logs. */
export async function* readWalSource(
  stream: WalSource,
  path: string,
  options: ReadWalOptions = {},
): AsyncGenerator<WalEntry, WalReadSummary> {
  const log = (options.logger ?? silentLogger).child({ path });
  const source = new ChunkedSource(stream);
  const corrupt: Corrupt = (offset, what, cause) =>
    new WalCorruptError(`${path} at offset ${offset}: ${what}`, { cause });
  try {
    const preamble = await source.peek(PREAMBLE_BYTES);
    if (wrap(() => checkPreamble(preamble), corrupt, 0) === 'short') {
      return { header: null, entries: 0, end: 'torn' };
    }
    source.consume(PREAMBLE_BYTES);
    const first = await nextRecord(source, corrupt, log);
    if (first.kind === 'end') return { header: null, entries: 0, end: 'torn' };
    if (wrap(() => recordKindOf(first.body), corrupt, first.offset) !== RecordKind.Header) {
      throw corrupt(first.offset, 'the first record is not the header');
    }
    const header = wrap(() => decodeHeaderBody(first.body), corrupt, first.offset);
    for (let entries = 0; ;) {
      const step = await nextRecord(source, corrupt, log);
      if (step.kind === 'end') return { header, entries, end: step.torn ? 'torn' : 'clean' };
      const kind = wrap(() => recordKindOf(step.body), corrupt, step.offset);
      if (kind === RecordKind.Entry) {
        // A copy the entry owns, so that its cells do not pin a whole read chunk.
        const body = Buffer.from(step.body);
        yield wrap(() => decodeEntryBody(body), corrupt, step.offset);
        entries += 1;
        continue;
      }
      if (kind === RecordKind.Header) throw corrupt(step.offset, 'a second header record');
      const trailer = wrap(() => decodeTrailerBody(step.body), corrupt, step.offset);
      if (trailer.entryCount !== entries) {
        const what = `the trailer counts ${trailer.entryCount} entries; ${entries} were read`;
        throw corrupt(step.offset, what);
      }
      if (source.offset < source.length) throw corrupt(source.offset, 'data follows the trailer');
      return { header, entries, end: 'trailer' };
    }
  } finally {
    await stream.close();
  }
}

/** Runs a pure decoding step, giving its WalCorruptError the file and offset. */
function wrap<T>(step: () => T, corrupt: Corrupt, offset: number): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof WalCorruptError) throw corrupt(offset, error.message, error);
    throw error;
  }
}

/** The WAL files in `dir` (full paths), oldest first; none when `dir` does not exist. */
export async function listWalFiles(fs: DfsClient, dir: string): Promise<string[]> {
  let statuses: FileStatus[];
  try {
    statuses = await fs.list(dir);
  } catch (error) {
    if (error instanceof FileNotFoundError) return [];
    throw error;
  }
  const files = statuses.filter((s) => s.type === 'file');
  const name = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
  return files
    .map((s) => s.path)
    .filter((path) => parseWalFileName(name(path)) !== null)
    .sort((a, b) => compareWalFileNames(name(a), name(b)));
}

/**
 * Fences the file's writer before replay: asks for lease recovery until the file is closed
 * (polling with doubling pauses), or fails with WalLeaseRecoveryTimeoutError after `timeoutMs`.
 */
export async function recoverWalLease(
  fs: DfsClient,
  path: string,
  timeoutMs: number = WAL_LEASE_RECOVERY_TIMEOUT_MS,
  clock: Clock = systemClock,
): Promise<void> {
  const deadlineMs = clock.monotonicMs() + timeoutMs;
  let pauseMs = WAL_LEASE_POLL_INITIAL_MS;
  for (let attempt = 1; ; attempt++) {
    if (await fs.recoverLease(path)) return;
    const leftMs = deadlineMs - clock.monotonicMs();
    if (leftMs <= 0) {
      throw new WalLeaseRecoveryTimeoutError(
        `${path} is still open for writing after ${attempt} lease recovery requests over ` +
          `${timeoutMs} ms (the timeout)`,
      );
    }
    await new Promise<void>((resolve) => clock.setTimeout(resolve, Math.min(pauseMs, leftMs)));
    if (await fs.isFileClosed(path)) return;
    pauseMs = Math.min(pauseMs * 2, WAL_LEASE_POLL_MAX_MS);
  }
}

export interface ReplayOptions {
  /** Only this region's entries. */
  readonly regionName?: string;
  /** Region → its flushed sequence id: only entries above it (regions absent: every entry). */
  readonly afterSequenceId?: ReadonlyMap<string, number>;
  readonly logger?: Logger;
}

/** The entries of `paths` in order (oldest file first), filtered by region and flushed id. */
export async function* replayWal(
  fs: DfsClient,
  paths: readonly string[],
  options: ReplayOptions = {},
): AsyncGenerator<WalEntry, void> {
  const { regionName, afterSequenceId } = options;
  const readOptions = options.logger === undefined ? {} : { logger: options.logger };
  for (const path of paths) {
    for await (const entry of readWal(fs, path, readOptions)) {
      if (regionName !== undefined && entry.regionName !== regionName) continue;
      const flushed = afterSequenceId?.get(entry.regionName);
      if (flushed !== undefined && entry.sequenceId <= flushed) continue;
      yield entry;
    }
  }
}
