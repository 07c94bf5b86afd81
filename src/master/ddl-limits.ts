// Bounds of the master's truncate, modify and namespace DDL (kept apart from limits.ts, which the
// master's other operations share). Every wait is bounded; zero never means unlimited.

/** A namespace name's length in characters ([A-Za-z0-9_], so also its bytes). */
export const NAMESPACE_NAME_CHARS_MAX = 128;
/** User namespaces at once (the two built-in ones aside). */
export const NAMESPACES_MAX = 1_000;
/** How long a modify waits for every region of an enabled table to reopen with the new schema. */
export const MODIFY_REOPEN_WAIT_MS = 60_000;
/** DDL calls waiting for one table's lock at once (each is an RPC in flight); more: refused. */
export const TABLE_LOCK_WAITERS_MAX = 64;
/** Tables named in a refusal to delete a non-empty namespace (the rest are counted). */
export const NAMESPACE_TABLES_NAMED_MAX = 5;
