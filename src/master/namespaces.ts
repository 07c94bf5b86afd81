// Namespaces (HBase's, reduced to their names): `default` and `colonnade` (meta's) are built in;
// user namespaces are persistent nodes under NAMESPACES_PATH in the coordinator, so a new master
// sees them at once. Invariant: a namespace is deleted only while the catalog has no table in it.
import { InvalidArgumentError, LimitExceededError } from '../common/errors.js';
import { NAMESPACES_PATH } from '../common/znodes.js';
import { joinPath } from '../coord/client/index.js';
import { ensurePath } from '../coord/client/recipes/support.js';
import { NodeExistsError, NoNodeError } from '../coord/errors.js';
import { tableNameParts } from '../regionserver/region-info.js';
import {
  NAMESPACE_NAME_CHARS_MAX,
  NAMESPACE_TABLES_NAMED_MAX,
  NAMESPACES_MAX,
} from './ddl-limits.js';
import { ConstraintError, NamespaceExistError, NamespaceNotFoundError } from './errors.js';
import type { MasterContext } from './master-context.js';
import { META_TABLE_NAME } from './meta/index.js';

/** Where a table with no `ns:` prefix lives. */
export const DEFAULT_NAMESPACE = 'default';
/** The system namespace, where meta's table lives (HBase's `hbase`). */
export const SYSTEM_NAMESPACE = tableNameParts(META_TABLE_NAME).namespace;
/** The namespaces that always exist and cannot be created or deleted. */
export const BUILT_IN_NAMESPACES: readonly string[] = Object.freeze(
  [DEFAULT_NAMESPACE, SYSTEM_NAMESPACE].sort(),
);

const NAME_PATTERN = /^[A-Za-z0-9_]+$/;

/** A namespace name as given by a user, checked: [A-Za-z0-9_]+, NAMESPACE_NAME_CHARS_MAX long. */
export function checkNamespaceName(name: string): string {
  if (name.length > NAMESPACE_NAME_CHARS_MAX) {
    throw new LimitExceededError(
      `namespace name is ${name.length} characters; ` +
        `NAMESPACE_NAME_CHARS_MAX is ${NAMESPACE_NAME_CHARS_MAX}`,
    );
  }
  if (!NAME_PATTERN.test(name)) {
    throw new InvalidArgumentError(
      `namespace name ${JSON.stringify(name)} is not made of [A-Za-z0-9_]+ (and not empty)`,
    );
  }
  return name;
}

export class Namespaces {
  readonly #ctx: MasterContext;
  /** Namespaces being deleted now: a table created meanwhile in one of them is refused. */
  readonly #deleting = new Set<string>();
  #parentReady = false;

  constructor(ctx: MasterContext) {
    this.#ctx = ctx;
  }

  /** Every namespace, built-in ones included, sorted. */
  async list(): Promise<string[]> {
    this.#ctx.requireActive();
    return [...BUILT_IN_NAMESPACES, ...(await this.#stored())].sort();
  }

  async create(value: string): Promise<void> {
    this.#ctx.requireActive();
    const name = checkNamespaceName(value);
    if (BUILT_IN_NAMESPACES.includes(name)) {
      throw new NamespaceExistError(`namespace ${name} exists (it is built in)`);
    }
    const stored = await this.#stored();
    if (stored.includes(name)) throw new NamespaceExistError(`namespace ${name} exists`);
    if (stored.length >= NAMESPACES_MAX) {
      throw new LimitExceededError(
        `${stored.length} namespaces exist; NAMESPACES_MAX is ${NAMESPACES_MAX}`,
      );
    }
    try {
      await this.#ctx.coord.create(joinPath(NAMESPACES_PATH, name));
    } catch (error) {
      if (error instanceof NodeExistsError) {
        throw new NamespaceExistError(`namespace ${name} exists`, { cause: error });
      }
      throw error;
    }
    this.#ctx.logger.info({ namespace: name }, 'namespace created');
  }

  /** Deletes an empty user namespace (and its empty data directory). */
  async delete(value: string): Promise<void> {
    this.#ctx.requireActive();
    const name = checkNamespaceName(value);
    if (BUILT_IN_NAMESPACES.includes(name)) {
      throw new ConstraintError(`namespace ${name} is built in; it cannot be deleted`);
    }
    const tables = [...this.#ctx.catalog.tables.keys()]
      .filter((t) => tableNameParts(t).namespace === name)
      .sort();
    if (tables.length > 0) {
      const named = tables.slice(0, NAMESPACE_TABLES_NAMED_MAX).join(', ');
      const more =
        tables.length > NAMESPACE_TABLES_NAMED_MAX
          ? ` and ${tables.length - NAMESPACE_TABLES_NAMED_MAX} more`
          : '';
      throw new ConstraintError(
        `namespace ${name} holds ${tables.length} table(s) (${named}${more}); delete them first`,
      );
    }
    // Marked in the same step as the look at the catalog: a createTable of `name:...` that
    // passed its namespace check before this point is already in the catalog (refused above),
    // and one after it sees the mark (`requireExists`).
    this.#deleting.add(name);
    try {
      await this.#ctx.coord.delete(joinPath(NAMESPACES_PATH, name));
    } catch (error) {
      if (error instanceof NoNodeError) {
        throw new NamespaceNotFoundError(`namespace ${name} does not exist`, { cause: error });
      }
      throw error;
    } finally {
      this.#deleting.delete(name);
    }
    // No table of the namespace is left, so anything under its directory is garbage.
    await this.#ctx.dfs.delete(`${this.#ctx.rootDir}/data/${name}`, true);
    this.#ctx.logger.info({ namespace: name }, 'namespace deleted');
  }

  /**
   * NamespaceNotFound unless the namespace of `table` exists. The caller must add the table to
   * the catalog in the same step as this resolves (no await between), so that a deleteNamespace
   * either sees the table or is seen here.
   */
  async requireExists(table: string): Promise<void> {
    const { namespace } = tableNameParts(table);
    if (BUILT_IN_NAMESPACES.includes(namespace)) return;
    const missing = (): NamespaceNotFoundError =>
      new NamespaceNotFoundError(
        `namespace ${namespace} of table ${table} does not exist; create it first`,
      );
    if (!NAME_PATTERN.test(namespace) || namespace.length > NAMESPACE_NAME_CHARS_MAX) {
      throw missing();
    }
    const exists = (await this.#ctx.coord.exists(joinPath(NAMESPACES_PATH, namespace))) !== null;
    if (!exists || this.#deleting.has(namespace)) throw missing();
  }

  async #stored(): Promise<string[]> {
    if (!this.#parentReady) {
      await ensurePath(this.#ctx.coord, NAMESPACES_PATH);
      this.#parentReady = true;
    }
    return (await this.#ctx.coord.getChildren(NAMESPACES_PATH)).sort();
  }
}
