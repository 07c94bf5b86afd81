// The interactive loop over a pseudo-terminal with a scripted connection: continuation prompts,
// Ctrl-C that clears the line when idle and interrupts when running, history across runs (Up
// recalls the last session's line), Tab asking the server, and Ctrl-D leaving.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DoneMessage } from '../../../src/shell/endpoint/index.js';
import { type InteractiveClient, runInteractive } from '../../../src/shell/terminal/index.js';
import { KEY, Tty } from './tty-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'colonnade-shell-tty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A server stand-in: `slow` runs until interrupted; any other input echoes and succeeds. */
class ScriptedClient implements InteractiveClient {
  readonly inputs: string[] = [];
  readonly completions: string[] = [];
  interrupts = 0;
  #count = 1;
  #stop: (() => void) | undefined;

  get prompt(): string {
    return `colonnade:${String(this.#count).padStart(3, '0')}:0> `;
  }

  async run(text: string, onOutput: (chunk: string) => void): Promise<DoneMessage> {
    this.inputs.push(text);
    this.#count++;
    const done = { type: 'done', id: this.#count, ok: true, prompt: this.prompt } as const;
    if (text === 'slow') {
      onOutput('working\n');
      await new Promise<void>((resolve) => (this.#stop = resolve));
      return { ...done, ok: false, exit: false, interrupted: true };
    }
    onOutput(`ran ${JSON.stringify(text)}\n`);
    return { ...done, exit: text === 'exit', interrupted: false };
  }

  interrupt(): void {
    this.interrupts++;
    this.#stop?.();
  }

  async complete(text: string): Promise<string[]> {
    this.completions.push(text);
    return text.startsWith(`scan 'us`) ? [`'userid'`, `'users'`] : ['describe'];
  }
}

function start(historyPath?: string) {
  const client = new ScriptedClient();
  const tty = new Tty();
  const loop = runInteractive({ client, input: tty.input, output: tty.output, historyPath });
  return { client, tty, loop };
}

describe('the interactive shell', () => {
  it('asks for continuation lines while an input is open', async () => {
    const { client, tty, loop } = start();
    await tty.waitFor('colonnade:001:0> ');
    tty.type(`create 't',${KEY.enter}`);
    await tty.waitFor('colonnade:001:0* ');
    tty.type(`'f'${KEY.enter}`);
    await tty.waitFor(`ran "create 't',\\n'f'"\ncolonnade:002:0> `);
    tty.type(KEY.ctrlD);
    await loop;
    expect(client.inputs).toEqual([`create 't',\n'f'`]);
  });

  it('clears the line on Ctrl-C when idle, and interrupts a running input', async () => {
    const { client, tty, loop } = start();
    await tty.waitFor('colonnade:001:0> ');
    tty.type(`scan 'half`);
    tty.type(KEY.ctrlC);
    await tty.waitFor(`scan 'half^C\ncolonnade:001:0> `);
    tty.type(`get 't',${KEY.enter}`);
    await tty.waitFor('colonnade:001:0* ');
    const mark = tty.screen.length;
    tty.type(KEY.ctrlC);
    await tty.waitFor('^C\ncolonnade:001:0> ', mark);
    tty.type(`slow${KEY.enter}`);
    await tty.waitFor('working\n');
    expect(client.interrupts).toBe(0);
    tty.type(KEY.ctrlC);
    await tty.waitFor('colonnade:002:0> ');
    expect(client.interrupts).toBe(1);
    tty.type(`list${KEY.enter}`);
    await tty.waitFor('ran "list"');
    tty.type(KEY.ctrlD);
    await loop;
    expect(client.inputs).toEqual(['slow', 'list']);
  });

  it('keeps history across runs: Up recalls the last session’s line', async () => {
    const historyPath = join(dir, 'history');
    const first = start(historyPath);
    await first.tty.waitFor('colonnade:001:0> ');
    first.tty.type(`get 't', 'r1'${KEY.enter}`);
    await first.tty.waitFor('colonnade:002:0> ');
    first.tty.type(`exit${KEY.enter}`);
    await first.loop;
    const second = start(historyPath);
    await second.tty.waitFor('colonnade:001:0> ');
    second.tty.type(`${KEY.up}${KEY.up}${KEY.enter}`);
    await second.tty.waitFor(`ran "get 't', 'r1'"`);
    second.tty.type(KEY.ctrlD);
    await second.loop;
    expect(second.client.inputs).toEqual([`get 't', 'r1'`]);
  });

  it('completes with Tab through the server', async () => {
    const { client, tty, loop } = start();
    await tty.waitFor('colonnade:001:0> ');
    tty.type(`desc${KEY.tab}`);
    await tty.waitFor('colonnade:001:0> describe');
    tty.type(` ${KEY.ctrlC}scan 'us${KEY.tab}`);
    await tty.waitFor(`scan 'user`);
    tty.type(KEY.tab);
    await tty.waitFor(/'userid'\s+'users'/);
    tty.type(KEY.ctrlD);
    tty.type(KEY.ctrlC);
    tty.type(KEY.ctrlD);
    await loop;
    expect(client.completions).toEqual(['desc', `scan 'us`, `scan 'user`]);
  });
});
