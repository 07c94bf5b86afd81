// INTEGRATION PROPERTY TEST on a mini cluster (1 namenode + 3 datanodes): random write, hflush,
// close+append, close, read, seek and pread against a byte-array model; a reader of an open file
// sees every hflushed byte and no wrong one. Seeded: COLONNADE_SEED replays.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRng, seedFromEnv } from '../../../src/common/rng.js';
import type { DfsClient, DfsOutputStream } from '../../../src/dfs/client/index.js';
import { DfsMiniCluster } from '../../support/dfs-mini-cluster.js';
import { randomBytes } from './helpers.js';

const seed = seedFromEnv();
console.log(`dfs client model seed ${seed} (COLONNADE_SEED=${seed} replays)`);
const BLOCK = 4096;
const RUNS = 25;

type Op =
  | { readonly kind: 'write'; readonly bytes: number }
  | { readonly kind: 'hflush' }
  | { readonly kind: 'reopen' }
  | { readonly kind: 'close' }
  | { readonly kind: 'read'; readonly at: number; readonly bytes: number }
  | { readonly kind: 'pread'; readonly at: number; readonly bytes: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .integer({ min: 1, max: 6_000 })
      .map((bytes) => ({ kind: 'write' as const, bytes })),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'hflush' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'close' as const }) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        bytes: fc.integer({ min: 0, max: 9_000 }),
      })
      .map((r) => ({ kind: 'read' as const, ...r })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        bytes: fc.integer({ min: 0, max: 9_000 }),
      })
      .map((r) => ({ kind: 'pread' as const, ...r })),
  },
);

let cluster: DfsMiniCluster;
let writer: DfsClient;
let reader: DfsClient;

beforeAll(async () => {
  cluster = await DfsMiniCluster.start(3);
  writer = cluster.client();
  reader = cluster.client();
}, 30_000);

afterAll(async () => {
  await cluster?.shutdown();
});

describe('client against a byte-array model', () => {
  it('matches the model for random writes, flushes, appends and reads', async () => {
    let run = 0;
    const dataRng = new SeededRng(seed);
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
        const path = `/model/run-${run++}`;
        let model = Buffer.alloc(0);
        /** Bytes every new reader must see: hflushed or closed. */
        let durable = 0;
        let stream: DfsOutputStream | null = await writer.create(path, { blockBytes: BLOCK });
        for (const op of ops) {
          switch (op.kind) {
            case 'write': {
              stream ??= await writer.append(path);
              const data = randomBytes(dataRng, op.bytes);
              await stream.write(data);
              model = Buffer.concat([model, data]);
              expect(stream.position).toBe(model.length);
              break;
            }
            case 'hflush':
              if (stream !== null) {
                await stream.hflush();
                durable = model.length;
              }
              break;
            case 'reopen':
              await stream?.close();
              durable = model.length;
              stream = await writer.append(path);
              break;
            case 'close':
              await stream?.close();
              durable = model.length;
              stream = null;
              break;
            case 'read':
            case 'pread': {
              const view = await reader.open(path);
              expect(view.length).toBeGreaterThanOrEqual(durable);
              expect(view.length).toBeLessThanOrEqual(model.length);
              const at = Math.floor(op.at * view.length);
              const expected = model.subarray(at, Math.min(view.length, at + op.bytes));
              let got: Buffer;
              if (op.kind === 'read') {
                view.seek(at);
                got = await view.read(op.bytes);
                expect(view.position).toBe(at + got.length);
              } else {
                got = await view.pread(at, op.bytes);
                expect(view.position).toBe(0);
              }
              expect(got.equals(expected)).toBe(true);
              await view.close();
              break;
            }
            default: {
              const never: never = op;
              throw new Error(`unknown op ${String(never)}`);
            }
          }
        }
        await stream?.close();
        expect((await reader.readFile(path)).equals(model)).toBe(true);
        expect((await reader.stat(path))?.length).toBe(model.length);
      }),
      { seed, numRuns: RUNS },
    );
  }, 120_000);
});
