// Turns: how many frames a connection handles before it lets the event loop run. Answers to the
// frames of one turn go out together when the turn ends (FrameWriter coalesces a tick), so a
// batch of requests cut into turns is answered in parts: the peer starts on the first part while
// this side works on the next, and the two processes overlap instead of taking turns at the
// whole batch.
/** Runs `resume` in a later turn (setImmediate: after this turn's answers are written). */
export class Turns {
  readonly #framesPerTurn: number;
  readonly #resume: () => void;
  #frames = 0;
  #waiting = false;

  constructor(framesPerTurn: number, resume: () => void) {
    this.#framesPerTurn = framesPerTurn;
    this.#resume = resume;
  }

  /** True while frames wait for the next turn: new bytes go behind them. */
  get waiting(): boolean {
    return this.#waiting;
  }

  /** Starts counting a turn of frames (a 'data' event that found nothing waiting). */
  begin(): void {
    this.#frames = 0;
  }

  /** Counts one frame; false once the turn is full (the frames after it wait for the next). */
  take(): boolean {
    this.#frames++;
    if (this.#frames < this.#framesPerTurn) return true;
    if (!this.#waiting) {
      this.#waiting = true;
      setImmediate(this.#next);
    }
    return false;
  }

  readonly #next = (): void => {
    this.#waiting = false;
    this.#frames = 0;
    this.#resume();
  };
}
