// Bounds of the terminal client (`colonnade shell`), each named with its unit.

/** Lines the history file keeps (the newest); older ones are dropped when it is saved. */
export const SHELL_HISTORY_LINES_MAX = 1_000;
/** A line longer than this is not kept in the history, in UTF-16 code units. */
export const SHELL_HISTORY_LINE_CHARS_MAX = 4_096;
/** How long connecting (the WebSocket handshake and the server's hello) may take, ms. */
export const SHELL_CONNECT_TIMEOUT_MS = 10_000;
/** How long Tab waits for the server's completions before offering none, ms. */
export const SHELL_COMPLETE_TIMEOUT_MS = 2_000;
