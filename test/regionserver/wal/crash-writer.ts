// The child process of the WAL crash test: opens a Wal on the given cluster and appends SYNC_WAL
// entries from several concurrent writers until killed, printing `ack <sequence id>` on stdout
// after each append resolves (stdout to a pipe is synchronous on Linux, so a printed ack was
// acknowledged). Usage: node --import ./ts-register.mjs crash-writer.ts NAMENODE DIR ARCHIVE
import { systemClock } from '../../../src/common/clock.js';
import { makeCell } from '../../../src/common/cell.js';
import { DfsClient } from '../../../src/dfs/client/index.js';
import { Wal } from '../../../src/regionserver/wal/index.js';

const WRITERS = 8;
const VALUE_BYTES = 200;
const ROLL_BYTES = 32 * 1024;
const REGION = 'crash-region';

const [namenode, dir, archiveDir] = process.argv.slice(2);
if (namenode === undefined || dir === undefined || archiveDir === undefined) {
  throw new Error('usage: crash-writer.ts NAMENODE DIR ARCHIVE_DIR');
}
const fs = new DfsClient({ namenode, clientName: `crash-writer-${process.pid}` });
const wal = await Wal.open({
  fs,
  dir,
  archiveDir,
  serverName: 'crash-host,16020,1',
  clock: systemClock,
  rollBytes: ROLL_BYTES,
});
process.stdout.write('ready\n');

let nextSequenceId = 1;
const value = Buffer.alloc(VALUE_BYTES, 0x61);

async function writer(): Promise<never> {
  for (;;) {
    const sequenceId = nextSequenceId++;
    const cell = makeCell({ row: `row-${sequenceId}`, family: 'f', value, sequenceId });
    const entry = {
      regionName: REGION,
      sequenceId,
      writeTimeMs: systemClock.nowMs(),
      cells: [cell],
    };
    await wal.append(entry, 'SYNC_WAL');
    process.stdout.write(`ack ${sequenceId}\n`);
  }
}

await Promise.all(Array.from({ length: WRITERS }, () => writer()));
