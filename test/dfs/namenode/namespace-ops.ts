// Random namespace edits for property tests: operations drawn by fast-check, turned into edits
// with ids and stamps from the namespace's counters.
import fc from 'fast-check';
import type { Edit, Namespace } from '../../../src/dfs/namenode/index.js';

export const BLOCK_BYTES = 1024;

export type Op =
  | { op: 'mkdirs'; path: string }
  | {
      op: 'create';
      path: string;
      client: string;
      overwrite: boolean;
      createParent: boolean;
      replication: number;
    }
  | { op: 'delete'; path: string; recursive: boolean }
  | { op: 'rename'; src: string; dst: string }
  | { op: 'addBlock'; path: string; client: string; previous: PreviousMode; numBytes: number }
  | { op: 'complete'; path: string; client: string; last: 'last' | 'null'; numBytes: number };

type PreviousMode = 'last' | 'null' | 'wrongId' | 'oldStamp';

const pathArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant('/') },
  {
    weight: 12,
    arbitrary: fc
      .array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 })
      .map((parts) => `/${parts.join('/')}`),
  },
);
const clientArb = fc.constantFrom('c1', 'c2');
const bytesArb = fc.integer({ min: 0, max: BLOCK_BYTES + 100 });

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('mkdirs' as const), path: pathArb }),
  fc.record({
    op: fc.constant('create' as const),
    path: pathArb,
    client: clientArb,
    overwrite: fc.boolean(),
    createParent: fc.boolean(),
    replication: fc.constantFrom(1, 3, 0),
  }),
  fc.record({ op: fc.constant('delete' as const), path: pathArb, recursive: fc.boolean() }),
  fc.record({ op: fc.constant('rename' as const), src: pathArb, dst: pathArb }),
  fc.record({
    op: fc.constant('addBlock' as const),
    path: pathArb,
    client: clientArb,
    previous: fc.constantFrom<PreviousMode>('last', 'last', 'null', 'wrongId', 'oldStamp'),
    numBytes: bytesArb,
  }),
  fc.record({
    op: fc.constant('complete' as const),
    path: pathArb,
    client: clientArb,
    last: fc.constantFrom('last' as const, 'null' as const),
    numBytes: bytesArb,
  }),
);

/** The last block of the file at `path` as a model or the namespace sees it, if any. */
export type LastBlockLookup = (path: string) => { blockId: number; genStamp: number } | undefined;

function lastBlockOf(lookup: LastBlockLookup, path: string): { blockId: number; genStamp: number } {
  return lookup(path) ?? { blockId: 7, genStamp: 1001 };
}

/** The edit for `op`, with ids and stamps taken from the namespace's counters. */
export function editOf(op: Op, ns: Namespace, lookup: LastBlockLookup, timeMs: number): Edit {
  switch (op.op) {
    case 'mkdirs':
      return { kind: 'mkdirs', path: op.path, timeMs };
    case 'create':
      return {
        kind: 'create',
        path: op.path,
        fileId: ns.lastFileId + 1,
        clientName: op.client,
        overwrite: op.overwrite,
        createParent: op.createParent,
        replication: op.replication,
        blockBytes: BLOCK_BYTES,
        timeMs,
      };
    case 'delete':
      return { kind: 'delete', path: op.path, recursive: op.recursive, timeMs };
    case 'rename':
      return { kind: 'rename', src: op.src, dst: op.dst, timeMs };
    case 'addBlock': {
      const last = lastBlockOf(lookup, op.path);
      const previous =
        op.previous === 'null'
          ? null
          : {
              blockId: op.previous === 'wrongId' ? last.blockId + 1_000_000 : last.blockId,
              genStamp: op.previous === 'oldStamp' ? last.genStamp - 1 : last.genStamp,
              numBytes: op.numBytes,
            };
      return {
        kind: 'addBlock',
        path: op.path,
        clientName: op.client,
        previous,
        blockId: ns.lastBlockId + 1,
        genStamp: ns.genStamp,
        timeMs,
      };
    }
    case 'complete': {
      const last = lastBlockOf(lookup, op.path);
      return {
        kind: 'close',
        path: op.path,
        clientName: op.client,
        last: op.last === 'null' ? null : { ...last, numBytes: op.numBytes },
        timeMs,
      };
    }
  }
}
