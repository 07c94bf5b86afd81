// Safe mode at start-up: on until SAFE_MODE_THRESHOLD of the complete blocks have a reported
// replica, then SAFE_MODE_EXTENSION_MS more; once off it stays off. A namespace without complete
// blocks leaves at once.

export type SafeModeState =
  | { readonly kind: 'on' }
  | { readonly kind: 'extension'; readonly untilMs: number }
  | { readonly kind: 'off' };

export class SafeMode {
  readonly #threshold: number;
  readonly #extensionMs: number;
  #state: SafeModeState = { kind: 'on' };

  constructor(threshold: number, extensionMs: number) {
    this.#threshold = threshold;
    this.#extensionMs = extensionMs;
  }

  get on(): boolean {
    return this.#state.kind !== 'off';
  }

  get state(): SafeModeState {
    return this.#state;
  }

  /**
   * Moves on with `safe` of `total` complete blocks reported at `nowMs` (monotonic). Returns true
   * when this call took the namenode out of safe mode.
   */
  update(safe: number, total: number, nowMs: number, startingUp = false): boolean {
    if (this.#state.kind === 'off') return false;
    const reached = total === 0 || safe >= this.#threshold * total;
    if (!reached) {
      this.#state = { kind: 'on' };
      return false;
    }
    if ((startingUp && total === 0) || this.#extensionMs === 0) {
      this.#state = { kind: 'off' };
      return true;
    }
    if (this.#state.kind === 'on') {
      this.#state = { kind: 'extension', untilMs: nowMs + this.#extensionMs };
      return false;
    }
    if (nowMs >= this.#state.untilMs) {
      this.#state = { kind: 'off' };
      return true;
    }
    return false;
  }

  /** Leaves safe mode now (an operator's `safemode leave`). */
  leave(): void {
    this.#state = { kind: 'off' };
  }
}
