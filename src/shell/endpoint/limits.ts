// Bounds on the shell's WebSocket endpoint, each named with its unit. A message past one is
// answered with an error (the session carries on); a session past one is closed with the reason.

/** The largest client message the endpoint reads and answers (larger: an `error` reply), bytes. */
export const SHELL_MESSAGE_BYTES_MAX = 2 * 1024 * 1024;
/**
 * The largest WebSocket message the socket accepts at all (ws's maxPayload), bytes: one between
 * SHELL_MESSAGE_BYTES_MAX and this is refused with an `error`; one past it closes the session
 * (code 1009), since the socket would have to hold it whole first.
 */
export const SHELL_FRAME_BYTES_MAX = 8 * 1024 * 1024;
/** Shell sessions open at once on one endpoint; one more is closed at once (code 1013). */
export const SHELL_SESSIONS_MAX = 64;
/** A session with no message from its client and no command running is closed after, ms. */
export const SHELL_IDLE_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * Backpressure. Output the socket has not yet written out, in bytes: above the high mark a running
 * scan is paused before its next row (slowed, not dropped), below the low mark it goes on.
 */
export const SHELL_SEND_BUFFER_HIGH_BYTES = 1024 * 1024;
export const SHELL_SEND_BUFFER_LOW_BYTES = 256 * 1024;
/** Unwritten output past this aborts the running command, with a message saying why, bytes. */
export const SHELL_SEND_BUFFER_MAX_BYTES = 16 * 1024 * 1024;
/** A command paused by backpressure for this long (its client reads nothing) is aborted, ms. */
export const SHELL_SEND_STALL_MAX_MS = 60 * 1000;

/** The most names one `completions` reply holds. */
export const SHELL_COMPLETIONS_MAX = 1_000;
/** The longest text a `complete` request may hold (a line up to the cursor), in UTF-16 units. */
export const SHELL_COMPLETE_TEXT_CHARS_MAX = 4_096;
/** close() waits this long for running commands to stop and sockets to close, then drops them. */
export const SHELL_CLOSE_WAIT_MS = 5_000;
