// The terminal client's pure parts: gathering lines into inputs (continuations), the prompt for a
// continuation, history trimming and its file, and the script runner's stop-at-first-failure.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { DoneMessage } from '../../../src/shell/endpoint/index.js';
import { SHELL_LINE_CHARS_MAX } from '../../../src/shell/index.js';
import {
  continuationPrompt,
  defaultHistoryPath,
  formatHistory,
  InputBuffer,
  loadHistory,
  parseHistory,
  runScript,
  saveHistory,
  SHELL_HISTORY_LINE_CHARS_MAX,
  SHELL_HISTORY_LINES_MAX,
  trimHistory,
} from '../../../src/shell/terminal/index.js';

const dir = mkdtempSync(join(tmpdir(), 'colonnade-shell-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('InputBuffer', () => {
  it('sends a whole line at once and skips blank ones', () => {
    const buffer = new InputBuffer();
    expect(buffer.push('   ')).toEqual({ kind: 'blank' });
    expect(buffer.push(`list; scan 't'`)).toEqual({ kind: 'input', text: `list; scan 't'` });
    expect(buffer.pending).toBe(false);
  });

  it('waits for the rest of an open quote, bracket or trailing comma', () => {
    const buffer = new InputBuffer();
    expect(buffer.push(`create 't',`)).toEqual({ kind: 'more' });
    expect(buffer.push(`  {NAME => 'f',`)).toEqual({ kind: 'more' });
    expect(buffer.push('')).toEqual({ kind: 'more' });
    expect(buffer.push(`   VERSIONS => 2}`)).toEqual({
      kind: 'input',
      text: `create 't',\n  {NAME => 'f',\n\n   VERSIONS => 2}`,
    });
    expect(buffer.push(`put 't', 'it`)).toEqual({ kind: 'more' });
    expect(buffer.end()).toEqual({ kind: 'input', text: `put 't', 'it` });
    expect(buffer.end()).toEqual({ kind: 'blank' });
  });

  it('hands over an input too long to wait for more', () => {
    const buffer = new InputBuffer();
    expect(buffer.push(`put 't', '`)).toEqual({ kind: 'more' });
    const step = buffer.push('x'.repeat(SHELL_LINE_CHARS_MAX));
    expect(step.kind).toBe('input');
    expect(buffer.pending).toBe(false);
  });

  it('clears what is pending', () => {
    const buffer = new InputBuffer();
    buffer.push('[');
    buffer.clear();
    expect(buffer.push('list')).toEqual({ kind: 'input', text: 'list' });
  });

  it('marks a continuation prompt as IRB does', () => {
    expect(continuationPrompt('colonnade:012:0> ')).toBe('colonnade:012:0* ');
    expect(continuationPrompt('$ ')).toBe('$ ');
  });
});

describe('history', () => {
  it('keeps the newest lines, without blank or overlong ones', () => {
    expect(
      trimHistory(['a', ' ', 'b', 'x'.repeat(SHELL_HISTORY_LINE_CHARS_MAX + 1), 'c'], 2),
    ).toEqual(['b', 'c']);
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 8 })),
        fc.integer({ min: 0, max: 20 }),
        (lines, max) => {
          const kept = trimHistory(lines, max);
          expect(kept.length).toBeLessThanOrEqual(max);
          const nonBlank = lines.filter((l) => l.trim() !== '');
          expect(kept).toEqual(nonBlank.slice(Math.max(0, nonBlank.length - max)));
        },
      ),
      { seed: 7201, numRuns: 300 },
    );
  });

  it('writes and reads back the same lines, at most the limit', () => {
    const lines = Array.from(
      { length: SHELL_HISTORY_LINES_MAX + 10 },
      (_, i) => `get 't', 'r${i}'`,
    );
    expect(parseHistory(formatHistory(lines))).toEqual(lines.slice(10));
    const path = join(dir, 'history');
    expect(saveHistory(path, lines)).toBe(true);
    expect(loadHistory(path)).toEqual(lines.slice(10));
    writeFileSync(path, 'list\r\n\r\nscan\n');
    expect(loadHistory(path)).toEqual(['list', 'scan']);
  });

  it('is empty when the file is missing, and saving where it cannot is no error', () => {
    expect(loadHistory(join(dir, 'missing'))).toEqual([]);
    expect(saveHistory(join(dir, 'no', 'such', 'dir', 'history'), ['list'])).toBe(false);
    expect(defaultHistoryPath('/home/ada')).toBe('/home/ada/.colonnade_shell_history');
  });
});

/** A connection that answers from a script: inputs whose text includes 'bad' fail. */
function fakeRunner() {
  const sent: string[] = [];
  return {
    sent,
    async run(text: string, onOutput: (chunk: string) => void): Promise<DoneMessage> {
      sent.push(text);
      onOutput(`ran ${text}\n`);
      const ok = !text.includes('bad');
      const exit = text.trim() === 'exit';
      return { type: 'done', id: sent.length, ok, exit, interrupted: false, prompt: '> ' };
    },
  };
}

describe('runScript', () => {
  it('runs input by input and stops at the first failure', async () => {
    const runner = fakeRunner();
    let out = '';
    const outcome = await runScript(
      runner,
      ['list', `create 't',`, `'f'`, 'bad one', 'list'],
      (c) => (out += c),
    );
    expect(outcome).toEqual({ ok: false, inputs: 3, failed: 3, text: 'bad one' });
    expect(runner.sent).toEqual(['list', `create 't',\n'f'`, 'bad one']);
    expect(out).toBe(`ran list\nran create 't',\n'f'\nran bad one\n`);
  });

  it('ends at exit as a success, and sends an unfinished last input as it is', async () => {
    const runner = fakeRunner();
    expect(await runScript(runner, ['list', 'exit', 'bad'], () => undefined)).toEqual({
      ok: true,
      inputs: 2,
    });
    const open = fakeRunner();
    expect(await runScript(open, ['', `put 't', 'bad`], () => undefined)).toMatchObject({
      ok: false,
      failed: 1,
    });
    expect(open.sent).toEqual([`put 't', 'bad`]);
  });
});
