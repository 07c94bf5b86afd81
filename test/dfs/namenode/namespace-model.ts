// A dumb reference for the pure namespace: a flat map of path → directory or file, with HDFS's
// rules written out plainly. The property test runs both on the same edits and compares.
import type { Edit } from '../../../src/dfs/namenode/index.js';

export interface ModelBlock {
  readonly blockId: number;
  genStamp: number;
  numBytes: number;
}

export type ModelEntry =
  | { readonly kind: 'directory' }
  | {
      readonly kind: 'file';
      writer: string | null;
      lastCommitted: boolean;
      readonly blockBytes: number;
      readonly blocks: ModelBlock[];
    };

/** The outcome of one edit: 'ok' or the error code. */
export type Outcome = string;

function components(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

function join(parts: readonly string[]): string {
  return `/${parts.join('/')}`;
}

function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export class NamespaceModel {
  readonly entries = new Map<string, ModelEntry>([['/', { kind: 'directory' }]]);

  apply(edit: Edit): Outcome {
    try {
      this.#apply(edit);
      return 'ok';
    } catch (error) {
      if (error instanceof ModelError) return error.code;
      throw error;
    }
  }

  #apply(edit: Edit): void {
    switch (edit.kind) {
      case 'mkdirs':
        return this.#mkdirs(edit.path);
      case 'create':
        return this.#create(edit.path, edit.clientName, edit.overwrite, edit.createParent, edit);
      case 'delete':
        return this.#delete(edit.path, edit.recursive);
      case 'rename':
        return this.#rename(edit.src, edit.dst);
      case 'addBlock': {
        const file = this.#writable(edit.path, edit.clientName);
        this.#checkPrevious(file, edit.previous);
        if (edit.previous !== null)
          (file.blocks.at(-1) as ModelBlock).numBytes = edit.previous.numBytes;
        file.blocks.push({ blockId: edit.blockId, genStamp: edit.genStamp, numBytes: 0 });
        file.lastCommitted = false;
        return;
      }
      case 'close': {
        const file = this.#writable(edit.path, edit.clientName);
        this.#checkPrevious(file, edit.last);
        if (edit.last !== null) (file.blocks.at(-1) as ModelBlock).numBytes = edit.last.numBytes;
        file.writer = null;
        return;
      }
      default:
        throw new Error(`the model does not do ${edit.kind}`);
    }
  }

  #mkdirs(path: string): void {
    const parts = components(path);
    let missingFrom = parts.length;
    for (let i = 0; i < parts.length; i++) {
      const entry = this.entries.get(join(parts.slice(0, i + 1)));
      if (entry === undefined) {
        missingFrom = i;
        break;
      }
      if (entry.kind === 'file')
        fail(i === parts.length - 1 ? 'FileAlreadyExists' : 'NotDirectory');
    }
    for (let i = missingFrom; i < parts.length; i++) {
      this.entries.set(join(parts.slice(0, i + 1)), { kind: 'directory' });
    }
  }

  #create(
    path: string,
    clientName: string,
    overwrite: boolean,
    createParent: boolean,
    shape: { replication: number; blockBytes: number },
  ): void {
    if (shape.replication < 1 || shape.replication > 32) fail('InvalidArgument');
    if (path === '/') fail('FileAlreadyExists');
    const parts = components(path);
    let missing = false;
    for (let i = 0; i < parts.length - 1; i++) {
      const entry = this.entries.get(join(parts.slice(0, i + 1)));
      if (entry === undefined) {
        missing = true;
        break;
      }
      if (entry.kind === 'file') fail('NotDirectory');
    }
    if (missing && !createParent) fail('FileNotFound');
    const existing = this.entries.get(path);
    if (existing?.kind === 'directory') fail('FileAlreadyExists');
    if (existing?.kind === 'file' && existing.writer !== null) fail('LeaseConflict');
    if (existing !== undefined && !overwrite) fail('FileAlreadyExists');
    for (let i = 1; i < parts.length; i++) {
      const prefix = join(parts.slice(0, i));
      if (!this.entries.has(prefix)) this.entries.set(prefix, { kind: 'directory' });
    }
    this.entries.set(path, {
      kind: 'file',
      writer: clientName,
      lastCommitted: true,
      blockBytes: shape.blockBytes,
      blocks: [],
    });
  }

  #delete(path: string, recursive: boolean): void {
    if (path === '/') fail('InvalidArgument');
    const entry = this.entries.get(path);
    if (entry === undefined) fail('FileNotFound');
    const below = [...this.entries.keys()].filter((k) => k.startsWith(`${path}/`));
    if (below.length > 0 && !recursive) fail('DirectoryNotEmpty');
    for (const key of [path, ...below]) this.entries.delete(key);
  }

  #rename(src: string, dst: string): void {
    if (src === '/') fail('InvalidArgument');
    const source = this.entries.get(src);
    if (source === undefined) fail('FileNotFound');
    const parts = components(dst);
    let node: ModelEntry | undefined = dst === '/' ? this.entries.get('/') : undefined;
    let missingFrom = parts.length;
    for (let i = 0; i < parts.length; i++) {
      const entry = this.entries.get(join(parts.slice(0, i + 1)));
      if (entry === undefined) {
        missingFrom = i;
        break;
      }
      if (i === parts.length - 1) node = entry;
      else if (entry.kind === 'file') fail('NotDirectory');
    }
    let target: string;
    if (node?.kind === 'directory') target = dst === '/' ? `/${base(src)}` : `${dst}/${base(src)}`;
    else if (node !== undefined && dst === src) return;
    else if (node !== undefined) fail('FileAlreadyExists');
    else if (missingFrom < parts.length - 1) fail('FileNotFound');
    else target = dst;
    if (target === src) return;
    if (source.kind === 'directory' && target.startsWith(`${src}/`)) fail('InvalidArgument');
    if (this.entries.has(target)) fail('FileAlreadyExists');
    const moving = [...this.entries].filter(([k]) => k === src || k.startsWith(`${src}/`));
    for (const [key] of moving) this.entries.delete(key);
    for (const [key, entry] of moving) this.entries.set(target + key.slice(src.length), entry);
  }

  #writable(path: string, clientName: string): Extract<ModelEntry, { kind: 'file' }> {
    const entry = this.entries.get(path);
    if (entry === undefined) fail('FileNotFound');
    if (entry.kind === 'directory') fail('IsDirectory');
    if (entry.writer !== clientName) fail('Fenced');
    return entry;
  }

  #checkPrevious(
    file: Extract<ModelEntry, { kind: 'file' }>,
    previous: { blockId: number; genStamp: number; numBytes: number } | null,
  ): void {
    const last = file.blocks.at(-1);
    if (previous === null) {
      if (last !== undefined && !file.lastCommitted) fail('InvalidArgument');
      return;
    }
    if (last === undefined || last.blockId !== previous.blockId) fail('InvalidArgument');
    if (last.genStamp !== previous.genStamp) fail('Fenced');
    if (previous.numBytes < 0 || previous.numBytes > file.blockBytes) fail('InvalidArgument');
    if (file.lastCommitted && previous.numBytes !== last.numBytes) fail('InvalidArgument');
  }
}

class ModelError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function fail(code: string): never {
  throw new ModelError(code);
}
