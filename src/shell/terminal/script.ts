// Non-interactive runs (`-e 'cmd; cmd'`, or a script on standard input): whole inputs, one after
// another, output as it comes. Invariant: nothing after the first failed (or interrupted) input
// runs, and an `exit` ends the run as a success.
import type { DoneMessage } from '../endpoint/protocol.js';
import { InputBuffer } from './input-buffer.js';

/** What a script run needs of the connection (ShellClient has it). */
export interface InputRunner {
  run(text: string, onOutput: (chunk: string) => void): Promise<DoneMessage>;
}

export type ScriptOutcome =
  | { readonly ok: true; readonly inputs: number }
  /** Input `failed` (from 1) failed or was interrupted; the rest was not run. */
  | { readonly ok: false; readonly inputs: number; readonly failed: number; readonly text: string };

/** Runs the inputs the lines make up, stopping at the first that fails or at `exit`. */
export async function runScript(
  client: InputRunner,
  lines: AsyncIterable<string> | Iterable<string>,
  out: (chunk: string) => void,
): Promise<ScriptOutcome> {
  const buffer = new InputBuffer();
  let inputs = 0;
  const runInput = async (text: string): Promise<ScriptOutcome | 'exit' | undefined> => {
    inputs++;
    const done = await client.run(text, out);
    if (!done.ok) return { ok: false, inputs, failed: inputs, text };
    return done.exit ? 'exit' : undefined;
  };
  for await (const line of lines) {
    const step = buffer.push(line);
    if (step.kind !== 'input') continue;
    const outcome = await runInput(step.text);
    if (outcome === 'exit') return { ok: true, inputs };
    if (outcome !== undefined) return outcome;
  }
  const rest = buffer.end();
  if (rest.kind === 'input') {
    const outcome = await runInput(rest.text);
    if (outcome !== undefined && outcome !== 'exit') return outcome;
  }
  return { ok: true, inputs };
}
