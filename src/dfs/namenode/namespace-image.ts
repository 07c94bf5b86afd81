// The whole namespace as checkpoint records (a header, then entries in name-sorted pre-order, at
// most CHECKPOINT_ENTRIES_PER_RECORD per record) and back; also a canonical text dump for tests.
// Invariant: imageToNamespace(namespaceToImage(ns)) dumps exactly as ns does.
import { pack, unpack } from 'msgpackr';
import { assert } from '../../common/assert.js';
import { CHECKPOINT_ENTRIES_PER_RECORD } from '../limits.js';
import { baseName, parentPath } from '../path.js';
import { newDirectory, nodePath, sortedChildren, type FileNode, type INode } from './inode.js';
import { Namespace } from './namespace.js';

interface ImageHeader {
  readonly lastFileId: number;
  readonly lastBlockId: number;
  readonly genStamp: number;
  readonly entries: number;
}

/** [path, mtime] for a directory. */
type DirectoryEntry = [string, number];
/** [path, mtime, fileId, replication, blockBytes, [id, stamp, bytes, ...], writer, committed]. */
type FileEntry = [string, number, number, number, number, number[], string | null, boolean];
type ImageEntry = DirectoryEntry | FileEntry;

function* preOrder(node: INode): Generator<INode> {
  yield node;
  if (node.kind === 'directory') {
    for (const child of sortedChildren(node)) yield* preOrder(child);
  }
}

function entryOf(node: INode): ImageEntry {
  const path = nodePath(node);
  if (node.kind === 'directory') return [path, node.modificationTimeMs];
  return [
    path,
    node.modificationTimeMs,
    node.fileId,
    node.replication,
    node.blockBytes,
    node.blocks.flatMap((b) => [b.blockId, b.genStamp, b.numBytes]),
    node.writer?.clientName ?? null,
    node.writer?.lastCommitted ?? true,
  ];
}

function headerOf(ns: Namespace, entries: number): ImageHeader {
  return { lastFileId: ns.lastFileId, lastBlockId: ns.lastBlockId, genStamp: ns.genStamp, entries };
}

/** The namespace as checkpoint records: header first. */
export function namespaceToImage(ns: Namespace): Uint8Array[] {
  const entries = [...preOrder(ns.root)].map(entryOf);
  const records: Uint8Array[] = [pack(headerOf(ns, entries.length))];
  for (let i = 0; i < entries.length; i += CHECKPOINT_ENTRIES_PER_RECORD) {
    records.push(pack(entries.slice(i, i + CHECKPOINT_ENTRIES_PER_RECORD)));
  }
  return records;
}

function addEntry(ns: Namespace, entry: ImageEntry): void {
  const [path, mtime] = entry;
  if (path === '/') {
    ns.root.modificationTimeMs = mtime;
    return;
  }
  const parent = ns.lookup(parentPath(path));
  assert(parent?.kind === 'directory', `image entry ${path} comes before its parent`);
  const name = baseName(path);
  if (entry.length === 2) {
    parent.children.set(name, newDirectory(name, parent, mtime));
    return;
  }
  const [, , fileId, replication, blockBytes, flat, writer, committed] = entry;
  const file: FileNode = {
    kind: 'file',
    fileId,
    name,
    parent,
    modificationTimeMs: mtime,
    replication,
    blockBytes,
    blocks: [],
    writer: writer === null ? null : { clientName: writer, lastCommitted: committed },
  };
  for (let i = 0; i + 2 < flat.length; i += 3) {
    file.blocks.push({
      blockId: flat[i] as number,
      genStamp: flat[i + 1] as number,
      numBytes: flat[i + 2] as number,
    });
  }
  ns.addFile(parent, file);
}

/** Rebuilds a namespace from its checkpoint records. */
export function imageToNamespace(records: readonly Uint8Array[]): Namespace {
  assert(records.length > 0, 'a checkpoint has a header record');
  const header = unpack(records[0] as Uint8Array) as ImageHeader;
  assert(
    Number.isSafeInteger(header.entries) && Number.isSafeInteger(header.genStamp),
    'checkpoint header is malformed',
  );
  const ns = new Namespace();
  let count = 0;
  for (const record of records.slice(1)) {
    const entries = unpack(record) as ImageEntry[];
    assert(Array.isArray(entries), 'checkpoint record is malformed');
    for (const entry of entries) addEntry(ns, entry);
    count += entries.length;
  }
  assert(count === header.entries, `checkpoint holds ${count} entries, not ${header.entries}`);
  ns.lastFileId = header.lastFileId;
  ns.lastBlockId = header.lastBlockId;
  ns.genStamp = header.genStamp;
  return ns;
}

/** A canonical text of the whole namespace: equal namespaces dump equal. */
export function dumpNamespace(ns: Namespace): string {
  const lines = [JSON.stringify(headerOf(ns, 0))];
  for (const node of preOrder(ns.root)) lines.push(JSON.stringify(entryOf(node)));
  return lines.join('\n');
}
