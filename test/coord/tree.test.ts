// The znode tree state machine against ZooKeeper 3.8's observed behaviour (coord-anchor
// §3.1–3.7, §3.12), then a seeded property test against a dumb model, snapshots taken on the way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../src/common/rng.js';
import {
  MULTI_OPS_MAX,
  ZNODE_DATA_BYTES_MAX,
  ZNODE_PATH_BYTES_MAX,
} from '../../src/common/limits.js';
import {
  BadArgumentsError,
  BadVersionError,
  NoNodeError,
  RuntimeInconsistencyError,
} from '../../src/coord/errors.js';
import {
  CreateMode,
  ZnodeTree,
  restoreTree,
  sequentialPath,
  snapshotTree,
  validatePath,
} from '../../src/coord/tree/index.js';
import type {
  ChangeEvent,
  MultiOpResult,
  Stat,
  TreeOp,
  Txn,
  TxnResult,
} from '../../src/coord/tree/index.js';
import { ZnodeModel, modelPathValid } from './znode-model.js';
import type { Summary } from './znode-model.js';

const seed = seedFromEnv();
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const EMPTY = new Uint8Array(0);

/** A tree with its own zxid counter: zxid n is applied at time 1000 + n. */
class Harness {
  tree = new ZnodeTree();
  zxid = 0;
  changes: ChangeEvent[] = [];

  apply(txn: Txn): TxnResult {
    this.zxid++;
    const out = this.tree.apply(txn, { zxid: this.zxid, timeMs: 1000 + this.zxid });
    this.changes = out.changes;
    return out.result;
  }
  create(path: string, mode: CreateMode = 0, sessionId = 0, data: Uint8Array = EMPTY): TxnResult {
    return this.apply({ kind: 'create', path, data, mode, sessionId });
  }
  created(path: string, mode: CreateMode = 0, sessionId = 0): string {
    const r = this.create(path, mode, sessionId);
    if (r.kind !== 'create') throw new Error(`create ${path}: ${JSON.stringify(r)}`);
    return r.path;
  }
  del(path: string, version = -1): TxnResult {
    return this.apply({ kind: 'delete', path, version, sessionId: 0 });
  }
  set(path: string, data: string, version = -1): TxnResult {
    return this.apply({ kind: 'setData', path, data: bytes(data), version, sessionId: 0 });
  }
  session(): number {
    const r = this.apply({ kind: 'createSession', timeoutMs: 4000, password: bytes('pw') });
    if (r.kind !== 'session') throw new Error(JSON.stringify(r));
    return r.sessionId;
  }
  stat(path: string): Stat {
    const stat = this.tree.exists(path);
    if (stat === undefined) throw new Error(`no ${path}`);
    return stat;
  }
}

const codeOf = (r: TxnResult | MultiOpResult): string => (r.kind === 'error' ? r.error.code : 'ok');

describe('znode tree: start, paths, reserved nodes', () => {
  it('starts as ZooKeeper does: ls / shows zookeeper, /zookeeper holds quota', () => {
    const h = new Harness();
    expect(h.tree.getChildren('/')?.children).toEqual(['zookeeper']);
    expect(h.tree.getChildren('/zookeeper')?.children).toEqual(['quota']);
    expect(h.tree.nodeCount).toBe(3);
    expect(h.tree.lastZxid).toBe(0);
    // DataNode.copyStat: 2 × creates − numChildren, and the system nodes are not counted creates.
    expect(h.stat('/')).toMatchObject({ czxid: 0, cversion: -1, numChildren: 1 });
  });

  it('validates paths as PathUtils does', () => {
    for (const good of ['/', '/a', '/a/b', '/a.b', '/...', '/a/.b', '/é', '/a b']) {
      expect(() => validatePath(good), good).not.toThrow();
    }
    const bad = ['', 'a', 'a/b', '/a/', '//a', '/a//b', '/.', '/..', '/a/./b', '/a/..', '/a\u0000'];
    bad.push('/a\u0001', '/\u007f', '/\u0085', '/\ud83d\ude00', '/\ue000', '/\ufff0', '/\uffff');
    bad.push(`/${'x'.repeat(ZNODE_PATH_BYTES_MAX)}`);
    for (const path of bad) {
      expect(() => validatePath(path), JSON.stringify(path)).toThrow(BadArgumentsError);
    }
    expect(() => validatePath('/a//b')).toThrow(/"\/a\/\/b".*empty node name/);
    expect(() => validatePath('/q/', true)).not.toThrow();
  });

  it('answers BadArguments for bad paths in writes, and reads throw it', () => {
    const h = new Harness();
    expect(codeOf(h.create('rel'))).toBe('BadArguments');
    expect(codeOf(h.create('/a/'))).toBe('BadArguments');
    expect(codeOf(h.del('/a/../b'))).toBe('BadArguments');
    expect(codeOf(h.set('/x\u0001', 'd'))).toBe('BadArguments');
    expect(() => h.tree.getData('rel')).toThrow(BadArgumentsError);
    expect(h.changes).toEqual([]);
  });

  it('reserves /zookeeper: no create or delete there', () => {
    const h = new Harness();
    expect(codeOf(h.create('/zookeeper'))).toBe('BadArguments');
    expect(codeOf(h.create('/zookeeper/x'))).toBe('BadArguments');
    expect(codeOf(h.del('/zookeeper/quota'))).toBe('BadArguments');
    expect(codeOf(h.del('/zookeeper'))).toBe('BadArguments');
    expect(h.created('/zookeeper', CreateMode.PersistentSequential)).toBe('/zookeeper0000000000');
  });

  it('never deletes the root', () => {
    const h = new Harness();
    expect(codeOf(h.del('/'))).toBe('NotEmpty');
    expect(codeOf(h.del('/', 3))).toBe('BadVersion');
  });
});

describe('znode tree: sequential names (§3.3)', () => {
  it('follows the observed trace: creates of any mode count, deletes do not', () => {
    const h = new Harness();
    h.created('/q');
    expect(h.created('/q/n-', CreateMode.PersistentSequential)).toBe('/q/n-0000000000');
    expect(h.created('/q/plain')).toBe('/q/plain');
    expect(h.created('/q/n-', CreateMode.PersistentSequential)).toBe('/q/n-0000000002');
    expect(codeOf(h.del('/q/plain'))).toBe('ok');
    expect(h.created('/q/n-', CreateMode.PersistentSequential)).toBe('/q/n-0000000003');
  });

  it('reports cversion = creates + deletes while the suffix counts creates', () => {
    const h = new Harness();
    h.created('/p');
    h.created('/p/a');
    h.del('/p/a');
    expect(h.stat('/p').cversion).toBe(2);
    expect(h.created('/p/s-', CreateMode.EphemeralSequential, h.session())).toBe('/p/s-0000000001');
  });

  it('names a sequential child of a path ending in / by its digits alone', () => {
    const h = new Harness();
    h.created('/q');
    expect(h.created('/q/', CreateMode.PersistentSequential)).toBe('/q/0000000000');
    expect(h.created('/', CreateMode.PersistentSequential)).toBe('/0000000001');
    expect(codeOf(h.create('/q/', CreateMode.Persistent))).toBe('BadArguments');
  });

  it('formats the counter as Java %010d, wrap included', () => {
    expect(sequentialPath('/n-', 7)).toBe('/n-0000000007');
    expect(sequentialPath('/n-', 2147483647)).toBe('/n-2147483647');
    expect(sequentialPath('/n-', -2147483648)).toBe('/n--2147483648');
    expect(sequentialPath('/n-', -5)).toBe('/n--000000005');
  });
});

describe('znode tree: create checks and ephemerals (§3.2, §3.12.3)', () => {
  it('checks in ZooKeeper order: NoNode, NodeExists, NoChildrenForEphemerals', () => {
    const h = new Harness();
    const s = h.session();
    expect(codeOf(h.create('/missing/x'))).toBe('NoNode');
    h.created('/e', CreateMode.Ephemeral, s);
    expect(codeOf(h.create('/e'))).toBe('NodeExists');
    expect(codeOf(h.create('/e/child'))).toBe('NoChildrenForEphemerals');
    expect(codeOf(h.create('/e/s-', CreateMode.PersistentSequential))).toBe(
      'NoChildrenForEphemerals',
    );
    expect(codeOf(h.create('/x', 9 as CreateMode))).toBe('BadArguments');
  });

  it('needs a live session for an ephemeral and records it as the owner', () => {
    const h = new Harness();
    expect(codeOf(h.create('/e', CreateMode.Ephemeral, 0))).toBe('SessionExpired');
    expect(codeOf(h.create('/e', CreateMode.Ephemeral, 42))).toBe('SessionExpired');
    const s = h.session();
    h.created('/e', CreateMode.Ephemeral, s);
    h.created('/p');
    expect(h.stat('/e').ephemeralOwner).toBe(s);
    expect(h.stat('/p').ephemeralOwner).toBe(0);
    expect(h.tree.ephemerals(s)).toEqual(['/e']);
  });

  it('closeSession deletes the ephemerals in the same apply, once', () => {
    const h = new Harness();
    const s = h.session();
    const other = h.session();
    h.created('/p');
    h.created('/p/b', CreateMode.Ephemeral, s);
    h.created('/p/a', CreateMode.Ephemeral, s);
    h.created('/keep', CreateMode.Ephemeral, other);
    const r = h.apply({ kind: 'closeSession', sessionId: s, reason: 'closed' });
    expect(r).toEqual({ kind: 'sessionClosed', sessionId: s });
    expect(h.changes).toEqual([
      { type: 'NodeDeleted', path: '/p/a' },
      { type: 'NodeDeleted', path: '/p/b' },
    ]);
    expect(h.tree.session(s)).toBeUndefined();
    expect(h.tree.exists('/keep')).toBeDefined();
    expect(h.stat('/p')).toMatchObject({ pzxid: h.zxid, numChildren: 0, cversion: 4 });
    const again = h.apply({ kind: 'closeSession', sessionId: s, reason: 'expired' });
    expect(again).toEqual({ kind: 'sessionClosed', sessionId: s });
    expect(h.changes).toEqual([]);
    expect(h.tree.sessions().map((x) => x.sessionId)).toEqual([other]);
  });

  it('assigns session ids from 1 and keeps timeout and password', () => {
    const h = new Harness();
    expect([h.session(), h.session()]).toEqual([1, 2]);
    expect(h.tree.session(2)).toEqual({ sessionId: 2, timeoutMs: 4000, password: bytes('pw') });
    const bad = h.apply({ kind: 'createSession', timeoutMs: 0, password: EMPTY });
    expect(codeOf(bad)).toBe('InvalidArgument');
  });

  it('reaps a container when its last child goes, and containers above it in turn', () => {
    const h = new Harness();
    h.created('/c', CreateMode.Container);
    h.created('/c/d', CreateMode.Container);
    h.created('/c/d/x');
    h.created('/c/fresh', CreateMode.Container);
    h.del('/c/fresh');
    expect(h.tree.exists('/c')).toBeDefined();
    h.del('/c/d/x');
    expect(h.changes.map((c) => c.path)).toEqual(['/c/d/x', '/c/d', '/c']);
    expect(h.tree.exists('/c')).toBeUndefined();
  });

  it('refuses data over the limit', () => {
    const h = new Harness();
    const big = new Uint8Array(ZNODE_DATA_BYTES_MAX + 1);
    expect(codeOf(h.create('/big', 0, 0, big))).toBe('LimitExceeded');
    h.created('/ok');
    const r = h.apply({ kind: 'setData', path: '/ok', data: big, version: -1, sessionId: 0 });
    expect(r.kind === 'error' && r.error.message).toMatch(/1048576 bytes; the limit is 1048575/);
  });
});

describe('znode tree: versions and stat (§3.1, §3.4, §3.12.4)', () => {
  it('gives a fresh node czxid = mzxid = pzxid = zxid and zero versions', () => {
    const h = new Harness();
    const r = h.create('/n', 0, 0, bytes('hello'));
    expect(r).toEqual({
      kind: 'create',
      path: '/n',
      stat: {
        ...{ czxid: 1, mzxid: 1, pzxid: 1, ctime: 1001, mtime: 1001, version: 0, cversion: 0 },
        ...{ aversion: 0, ephemeralOwner: 0, dataLength: 5, numChildren: 0 },
      },
    });
    expect(h.changes).toEqual([{ type: 'NodeCreated', path: '/n' }]);
    expect(h.stat('/')).toMatchObject({ pzxid: 1, cversion: 0, numChildren: 2 });
  });

  it('setData checks and increments the version, and moves mzxid and mtime only', () => {
    const h = new Harness();
    h.created('/n');
    h.created('/n/c');
    const r = h.set('/n', 'v1', 0);
    expect(r.kind === 'setData' && r.stat).toMatchObject({ version: 1, mzxid: 3, mtime: 1003 });
    expect(r.kind === 'setData' && r.stat).toMatchObject({ czxid: 1, pzxid: 2, dataLength: 2 });
    expect(h.changes).toEqual([{ type: 'NodeDataChanged', path: '/n' }]);
    expect(codeOf(h.set('/n', 'stale', 0))).toBe('BadVersion');
    expect(codeOf(h.set('/n', 'any', -1))).toBe('ok');
    expect(h.stat('/n').version).toBe(2);
    expect(h.stat('/').pzxid).toBe(1);
    expect(codeOf(h.set('/none', 'x'))).toBe('NoNode');
    expect(new TextDecoder().decode(h.tree.getData('/n')?.data)).toBe('any');
  });

  it('delete checks the version before emptiness, then NotEmpty', () => {
    const h = new Harness();
    h.created('/n');
    h.created('/n/c');
    expect(codeOf(h.del('/n', 5))).toBe('BadVersion');
    expect(codeOf(h.del('/n', 0))).toBe('NotEmpty');
    expect(codeOf(h.del('/n/c', 1))).toBe('BadVersion');
    expect(codeOf(h.del('/n/c', 0))).toBe('ok');
    expect(h.stat('/n')).toMatchObject({ pzxid: h.zxid, cversion: 2, numChildren: 0 });
    expect(codeOf(h.del('/n', -1))).toBe('ok');
    expect(codeOf(h.del('/n'))).toBe('NoNode');
  });

  it('advances lastZxid on every apply, failed ones included', () => {
    const h = new Harness();
    h.del('/none');
    h.apply({ kind: 'noop' });
    expect(h.tree.lastZxid).toBe(2);
    expect(() => h.tree.apply({ kind: 'noop' }, { zxid: 2, timeMs: 0 })).toThrow(/zxid/);
  });
});

describe('znode tree: multi (§3.7, §3.12.6)', () => {
  const zkCodes = new Map<string, number>([
    ['ok', 0],
    [BadVersionError.code, BadVersionError.zkCode],
    [RuntimeInconsistencyError.code, RuntimeInconsistencyError.zkCode],
    [NoNodeError.code, NoNodeError.zkCode],
  ]);

  it('[create, stale check, delete] gives [0, -103, -2] and applies nothing', () => {
    const h = new Harness();
    h.created('/m');
    h.set('/m', 'x');
    const before = snapshotTree(h.tree);
    const ops: TreeOp[] = [
      { kind: 'create', path: '/m/new', data: EMPTY, mode: 0 },
      { kind: 'check', path: '/m', version: 0 },
      { kind: 'delete', path: '/m', version: -1 },
    ];
    const r = h.apply({ kind: 'multi', sessionId: 0, ops });
    if (r.kind !== 'multi') throw new Error(JSON.stringify(r));
    expect(r.ok).toBe(false);
    expect(r.results.map((x) => zkCodes.get(codeOf(x)))).toEqual([0, -103, -2]);
    expect(r.results[0]).toMatchObject({ kind: 'create', path: '/m/new' });
    expect(h.changes).toEqual([]);
    expect(h.tree.exists('/m/new')).toBeUndefined();
    expect(dump(restoreTree(snapshotTree(h.tree)))).toEqual({ ...dump(restoreTree(before)), z: 3 });
    expect(h.created('/m/s-', CreateMode.PersistentSequential)).toBe('/m/s-0000000000');
  });

  it('applies all ops at one zxid, each seeing the ones before it', () => {
    const h = new Harness();
    const ops: TreeOp[] = [
      { kind: 'create', path: '/t', data: EMPTY, mode: 0 },
      { kind: 'create', path: '/t/s-', data: EMPTY, mode: CreateMode.PersistentSequential },
      { kind: 'setData', path: '/t', data: bytes('d'), version: 0 },
      { kind: 'check', path: '/t', version: 1 },
      { kind: 'delete', path: '/t/s-0000000000', version: 0 },
    ];
    const r = h.apply({ kind: 'multi', sessionId: 0, ops });
    expect(r.kind === 'multi' && r.results.map((x) => x.kind)).toEqual([
      ...['create', 'create', 'setData', 'check', 'delete'],
    ]);
    expect(h.changes.map((c) => c.type)).toEqual([
      ...['NodeCreated', 'NodeCreated', 'NodeDataChanged', 'NodeDeleted'],
    ]);
    expect(h.stat('/t')).toMatchObject({ czxid: 1, mzxid: 1, pzxid: 1, version: 1, cversion: 2 });
  });

  it('refuses more than MULTI_OPS_MAX ops', () => {
    const h = new Harness();
    const ops: TreeOp[] = Array.from({ length: MULTI_OPS_MAX + 1 }, () => ({
      kind: 'check',
      path: '/',
      version: -1,
    }));
    expect(codeOf(h.apply({ kind: 'multi', sessionId: 0, ops }))).toBe('LimitExceeded');
  });
});

/** Everything a reader can see of a tree, for comparisons. */
function dump(tree: ZnodeTree): Record<string, unknown> {
  const nodes = tree.paths().map((p) => {
    const got = tree.getData(p);
    return [p, Array.from(got?.data ?? []), got?.stat];
  });
  const sessions = tree.sessions().map((s) => [s.sessionId, s.timeoutMs, Array.from(s.password)]);
  const ephemerals = tree.sessions().map((s) => tree.ephemerals(s.sessionId));
  return { nodes, sessions, ephemerals, z: tree.lastZxid, count: tree.nodeCount };
}

function summarize(r: TxnResult | MultiOpResult): Summary {
  switch (r.kind) {
    case 'error':
      return { error: r.error.code };
    case 'create':
      return { create: r.path, stat: r.stat };
    case 'setData':
      return { setData: r.stat };
    case 'multi':
      return { multi: r.ok, results: r.results.map(summarize) };
    case 'session':
      return { ok: `session ${r.sessionId}` };
    default:
      return { ok: r.kind };
  }
}

const BIG = new Uint8Array(ZNODE_DATA_BYTES_MAX + 1);
const segment = fc.constantFrom('a', 'a', 'a', 'b', 'b', 's-0000000000', '0000000000');
const goodPath = fc
  .oneof(
    { weight: 6, arbitrary: fc.tuple(segment) },
    { weight: 4, arbitrary: fc.tuple(segment, segment) },
    { weight: 1, arbitrary: fc.tuple(segment, segment, segment) },
  )
  .map((s) => `/${s.join('/')}`);
const oddPath = fc.constantFrom(
  ...['/', 'a', '/a/', '/a//b', '/.', '/a/..', '', '/zookeeper', '/zookeeper/quota'],
  ...['/zookeeper/q', '/a\u0001'],
);
/** "@n…": the n-th node the model holds, plus a tail; resolved when the step runs. */
const existingPath = fc
  .tuple(fc.nat(40), fc.constantFrom('', '', '', '', '', '/a', '/b', '/s-0000000000'))
  .map(([n, tail]) => `@${n}${tail}`);
const path = fc.oneof(
  { weight: 4, arbitrary: goodPath },
  { weight: 8, arbitrary: existingPath },
  { weight: 1, arbitrary: oddPath },
);
const createPath = fc
  .tuple(path, fc.constantFrom('', '', '', '', '/s-', '/', 's-'))
  .map(([p, tail]) => p + tail);
const data = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(EMPTY, bytes('x'), bytes('hello')) },
  { weight: 1, arbitrary: fc.constant(BIG) },
);
const version = fc.constantFrom(-1, -1, 0, 1, 2);
const mode = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom<CreateMode>(0, 1, 2, 3, 4) },
  { weight: 1, arbitrary: fc.constant(7 as CreateMode) },
);
const op: fc.Arbitrary<TreeOp> = fc.oneof(
  {
    weight: 7,
    arbitrary: fc.record({ kind: fc.constant('create' as const), path: createPath, data, mode }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), path, version }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('setData' as const), path, data, version }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('check' as const), path, version }) },
);
/** Negative: the model's (-n)-th live session (0 when none); resolved when the step runs. */
const sessionId = fc.constantFrom(0, 1, 9, -1, -1, -1, -1, -2, -3);
const txn: fc.Arbitrary<Txn> = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(op, sessionId).map(([o, s]): Txn => ({ ...o, sessionId: s })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.array(op, { minLength: 1, maxLength: 3 }), sessionId)
      .map(([ops, s]): Txn => ({ kind: 'multi', sessionId: s, ops })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(4000, 4000, 4000, 0)
      .map((t): Txn => ({ kind: 'createSession', timeoutMs: t, password: bytes('pw') })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(sessionId, fc.constantFrom('closed' as const, 'expired' as const))
      .map(([s, reason]): Txn => ({ kind: 'closeSession', sessionId: s, reason })),
  },
  { weight: 1, arbitrary: fc.constant<Txn>({ kind: 'noop' }) },
);

describe(`znode tree against a dumb model (seed ${seed}; replay with COLONNADE_SEED=${seed})`, () => {
  it('agrees on every result, change and the final tree; snapshots restore exactly', () => {
    const steps = fc.array(
      fc.record({ txn, restore: fc.integer({ min: 0, max: 9 }).map((n) => n === 0) }),
      { maxLength: 80, size: 'max' },
    );
    fc.assert(
      fc.property(steps, (run) => {
        let tree = new ZnodeTree();
        const model = new ZnodeModel();
        run.forEach(({ txn: generated, restore }, i) => {
          const zxid = i + 1;
          const t = resolve(generated, model);
          const out = tree.apply(t, { zxid, timeMs: 5000 + zxid });
          const expected = model.apply(t, zxid, 5000 + zxid);
          expect(summarize(out.result)).toEqual(expected.summary);
          expect(out.changes).toEqual(expected.changes);
          if (restore) {
            const copy = restoreTree(snapshotTree(tree));
            expect(dump(copy)).toEqual(dump(tree));
            tree = copy;
          }
        });
        expect(dump(tree)).toEqual(modelDump(model, tree.lastZxid));
      }),
      { seed, numRuns: 300 },
    );
  });

  it('validates paths as the simple split-based rule does', () => {
    const char = fc.constantFrom(
      '/',
      '/',
      'a',
      '.',
      '\u0000',
      '\u001f',
      '\u0085',
      '\ud83d',
      'é',
      '\uffff',
    );
    const anyPath = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(anyPath, (p) => {
        let ok = true;
        try {
          validatePath(p);
        } catch {
          ok = false;
        }
        expect(ok).toBe(modelPathValid(p));
      }),
      { seed, numRuns: 2000 },
    );
  });
});

/** Turns the generated "@n" paths and negative session ids into real ones, from the model. */
function resolve(t: Txn, model: ZnodeModel): Txn {
  const paths = [...model.state.nodes.keys()].filter((p) => !p.startsWith('/zookeeper')).sort();
  const ids = [...model.state.sessions.keys()].sort((a, b) => a - b);
  const session = (id: number): number => (id >= 0 ? id : (ids[(-id - 1) % ids.length] ?? 0));
  const real = (p: string): string => {
    const m = /^@(\d+)(.*)$/.exec(p);
    if (m === null) return p;
    const base = paths[Number(m[1]) % paths.length] ?? '/';
    const tail = m[2] ?? '';
    return base === '/' ? tail || '/' : base + tail;
  };
  switch (t.kind) {
    case 'multi':
      return {
        ...t,
        sessionId: session(t.sessionId),
        ops: t.ops.map((o) => ({ ...o, path: real(o.path) })),
      };
    case 'closeSession':
      return { ...t, sessionId: session(t.sessionId) };
    case 'createSession':
    case 'noop':
      return t;
    default:
      return { ...t, path: real(t.path), sessionId: session(t.sessionId) };
  }
}

function modelDump(model: ZnodeModel, z: number): Record<string, unknown> {
  const paths: string[] = [];
  const visit = (p: string): void => {
    paths.push(p);
    for (const c of model.children(p)) visit(c);
  };
  visit('/');
  const nodes = paths.map((p) => [
    p,
    Array.from(model.state.nodes.get(p)?.data ?? []),
    model.stat(p),
  ]);
  const ids = [...model.state.sessions.keys()].sort((a, b) => a - b);
  const sessions = ids.map((id) => [id, model.state.sessions.get(id), Array.from(bytes('pw'))]);
  const ephemerals = ids.map((id) => model.ephemerals(id).sort());
  return { nodes, sessions, ephemerals, z, count: paths.length };
}

describe('create modes off the wire', () => {
  it('answers TTL modes as Unimplemented and unknown modes as BadArguments, as ZooKeeper does', () => {
    const tree = new ZnodeTree();
    let zxid = 10;
    const outcome = (mode: number) =>
      tree.apply(
        {
          kind: 'create',
          path: '/t',
          data: new Uint8Array(0),
          mode: mode as CreateMode,
          sessionId: 0,
        },
        { zxid: (zxid += 1), timeMs: 0 },
      ).result;
    expect(outcome(5)).toMatchObject({ kind: 'error', error: { code: 'Unimplemented' } });
    expect(outcome(6)).toMatchObject({ kind: 'error', error: { code: 'Unimplemented' } });
    expect(outcome(42)).toMatchObject({ kind: 'error', error: { code: 'BadArguments' } });
  });
});
