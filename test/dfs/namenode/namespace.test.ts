// The pure namespace against a flat-map model under random mkdirs / create / delete / rename /
// addBlock / complete: the same outcome (ok or error code) for every edit, the same tree after.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColonnadeError } from '../../../src/common/errors.js';
import { seedFromEnv } from '../../../src/common/rng.js';
import { Namespace, type Edit } from '../../../src/dfs/namenode/index.js';
import { nodePath, subtree } from '../../../src/dfs/namenode/inode.js';
import { NamespaceModel, type ModelEntry } from './namespace-model.js';
import { BLOCK_BYTES, editOf, opArb, type LastBlockLookup } from './namespace-ops.js';

function modelLookup(model: NamespaceModel): LastBlockLookup {
  return (path) => {
    const entry = model.entries.get(path);
    return entry?.kind === 'file' ? entry.blocks.at(-1) : undefined;
  };
}

function outcomeOf(ns: Namespace, edit: Edit): string {
  try {
    ns.apply(edit);
    return 'ok';
  } catch (error) {
    if (error instanceof ColonnadeError) return error.code;
    throw error;
  }
}

function asModel(ns: Namespace): [string, ModelEntry][] {
  const out: [string, ModelEntry][] = [];
  for (const node of subtree(ns.root)) {
    const entry: ModelEntry =
      node.kind === 'directory'
        ? { kind: 'directory' }
        : {
            kind: 'file',
            writer: node.writer?.clientName ?? null,
            lastCommitted: node.writer?.lastCommitted ?? true,
            blockBytes: node.blockBytes,
            blocks: node.blocks.map((b) => ({ ...b })),
          };
    out.push([nodePath(node), entry]);
  }
  return out.sort(([a], [b]) => (a < b ? -1 : 1));
}

function modelEntries(model: NamespaceModel): [string, ModelEntry][] {
  return [...model.entries]
    .map(([path, entry]): [string, ModelEntry] => {
      if (entry.kind === 'directory') return [path, entry];
      // A closed file's committed flag is not kept by the namespace (it has no writer).
      return [
        path,
        { ...entry, lastCommitted: entry.writer === null ? true : entry.lastCommitted },
      ];
    })
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

describe('namespace', () => {
  it('agrees with the flat-map model on random edit sequences', () => {
    const seed = seedFromEnv();
    console.log(`namespace model test seed: ${seed} (replay with COLONNADE_SEED=${seed})`);
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
        const ns = new Namespace();
        const model = new NamespaceModel();
        ops.forEach((op, i) => {
          const edit = editOf(op, ns, modelLookup(model), 1_000 + i);
          const expected = model.apply(edit);
          expect(outcomeOf(ns, edit), `${JSON.stringify(op)}`).toBe(expected);
        });
        expect(asModel(ns)).toEqual(modelEntries(model));
        for (const [id, file] of ns.files) expect(file.fileId).toBe(id);
        for (const [blockId, file] of ns.blockOwners) {
          expect(file.blocks.some((b) => b.blockId === blockId)).toBe(true);
          expect(ns.files.get(file.fileId)).toBe(file);
        }
      }),
      { seed, numRuns: 300 },
    );
  });

  it('leaves the namespace unchanged when an edit fails', () => {
    const ns = new Namespace();
    ns.apply({ kind: 'mkdirs', path: '/a/b', timeMs: 1 });
    const file = {
      kind: 'create' as const,
      path: '/a/f',
      fileId: 1,
      clientName: 'c1',
      overwrite: false,
      createParent: false,
      replication: 3,
      blockBytes: BLOCK_BYTES,
      timeMs: 2,
    };
    ns.apply(file);
    const before = JSON.stringify(asModel(ns));
    expect(() => ns.apply({ ...file, fileId: 2, path: '/a/f/x', createParent: true })).toThrow(
      expect.objectContaining({ code: 'NotDirectory' }),
    );
    expect(() => ns.apply({ kind: 'rename', src: '/a', dst: '/a/b', timeMs: 3 })).toThrow(
      expect.objectContaining({ code: 'InvalidArgument' }),
    );
    expect(() => ns.apply({ ...file, fileId: 2, blockBytes: 1000 })).toThrow(
      expect.objectContaining({ code: 'InvalidArgument' }),
    );
    expect(JSON.stringify(asModel(ns))).toBe(before);
  });
});
