// The master's bounds on its calls to region servers.

/** An open replays the region's recovered edits and flushes them: allow for that. */
export const REGION_OPEN_CALL_TIMEOUT_MS = 120_000;
/** A close flushes the region's memstore. */
export const REGION_CLOSE_CALL_TIMEOUT_MS = 120_000;
