// The interactive shell over readline: the server's prompt, continuation lines while an input is
// open, history kept across runs, Tab completion from the server, Ctrl-C (interrupt the running
// input, or clear the line), Ctrl-D or `exit` to leave. A thin shell over InputBuffer and history.
import { createInterface, type Interface } from 'node:readline';
import type { DoneMessage } from '../endpoint/protocol.js';
import { completionTarget } from '../endpoint/completion.js';
import { loadHistory, saveHistory, trimHistory } from './history.js';
import { continuationPrompt, InputBuffer } from './input-buffer.js';
import { SHELL_HISTORY_LINES_MAX } from './limits.js';

/** What the interactive loop needs of the connection (ShellClient has it). */
export interface InteractiveClient {
  readonly prompt: string;
  run(text: string, onOutput: (chunk: string) => void): Promise<DoneMessage>;
  interrupt(): void;
  complete(text: string): Promise<string[]>;
}

export interface InteractiveOptions {
  readonly client: InteractiveClient;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Where history is read from and kept; none when undefined. */
  readonly historyPath: string | undefined;
}

type Completion = [string[], string];

function completer(client: InteractiveClient) {
  return (line: string, callback: (error: null, result: Completion) => void): void => {
    const target = completionTarget(line);
    if (target === undefined) return callback(null, [[], line]);
    client.complete(line).then(
      (items) => callback(null, [items, target.word]),
      () => callback(null, [[], line]),
    );
  };
}

/** Ctrl-C with nothing running: show `^C`, drop the line and any open input, prompt again. */
function clearLine(rl: Interface, output: NodeJS.WritableStream, prompt: string): void {
  rl.write(null, { ctrl: true, name: 'e' });
  output.write('^C\n');
  rl.setPrompt(prompt);
  rl.write(null, { ctrl: true, name: 'u' });
  rl.prompt();
}

/** Runs until Ctrl-D or `exit`; a lost connection rejects (ShellConnectionError). */
export async function runInteractive(options: InteractiveOptions): Promise<void> {
  const { client, output, historyPath } = options;
  let history = historyPath === undefined ? [] : loadHistory(historyPath);
  const rl = createInterface({
    input: options.input,
    output,
    terminal: true,
    history: [...history].reverse(),
    historySize: SHELL_HISTORY_LINES_MAX,
    removeHistoryDuplicates: true,
    completer: completer(client),
  });
  rl.on('history', (newestFirst: string[]) => {
    history = trimHistory([...newestFirst].reverse());
  });
  const buffer = new InputBuffer();
  let running = false;
  rl.on('SIGINT', () => {
    if (running) return client.interrupt();
    buffer.clear();
    clearLine(rl, output, client.prompt);
  });
  const prompt = (text: string): void => {
    rl.setPrompt(text);
    rl.prompt();
  };
  let exited = false;
  try {
    prompt(client.prompt);
    for await (const line of rl) {
      const step = buffer.push(line);
      if (step.kind === 'more') {
        prompt(continuationPrompt(client.prompt));
        continue;
      }
      if (step.kind === 'input') {
        running = true;
        const done = await client
          .run(step.text, (chunk) => void output.write(chunk))
          .finally(() => (running = false));
        if (historyPath !== undefined) saveHistory(historyPath, history);
        if (done.exit) {
          exited = true;
          break;
        }
      }
      prompt(client.prompt);
    }
  } finally {
    rl.close();
    if (historyPath !== undefined) saveHistory(historyPath, history);
  }
  if (!exited) output.write('\n');
}
