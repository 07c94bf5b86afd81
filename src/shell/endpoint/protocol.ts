// The shell's WebSocket protocol: JSON text messages, each an object with a `type`. Client → server:
// line, interrupt, complete; server → client: hello, output, done, completions, error. Invariant:
// decoding checks every field it returns, so a decoded message is always well-formed.
import { ShellProtocolError } from './errors.js';
import { SHELL_COMPLETE_TEXT_CHARS_MAX, SHELL_MESSAGE_BYTES_MAX } from './limits.js';

/** One input (it may hold several statements, `;`- or newline-separated). */
export interface LineMessage {
  readonly type: 'line';
  readonly id: number;
  readonly text: string;
}
/** Ctrl-C: abort the input `id` if it is still running (a late one is ignored). */
export interface InterruptMessage {
  readonly type: 'interrupt';
  readonly id: number;
}
/** Tab: what could replace the word that ends `text` (the line up to the cursor). */
export interface CompleteMessage {
  readonly type: 'complete';
  readonly id: number;
  readonly text: string;
}
export type ClientMessage = LineMessage | InterruptMessage | CompleteMessage;

export interface HelloMessage {
  readonly type: 'hello';
  readonly version: string;
  readonly prompt: string;
}
/** Output of input `id`: whole lines, in order, as they are produced. */
export interface OutputMessage {
  readonly type: 'output';
  readonly id: number;
  readonly chunk: string;
}
/** Input `id` is over; `prompt` is the one for the next input. */
export interface DoneMessage {
  readonly type: 'done';
  readonly id: number;
  readonly ok: boolean;
  readonly exit: boolean;
  readonly interrupted: boolean;
  readonly prompt: string;
}
export interface CompletionsMessage {
  readonly type: 'completions';
  readonly id: number;
  readonly items: readonly string[];
}
/** A message the server could not take (with its id when it had one), or a session notice. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly message: string;
  readonly id?: number;
}
export type ServerMessage =
  HelloMessage | OutputMessage | DoneMessage | CompletionsMessage | ErrorMessage;

type Fields = Readonly<Record<string, unknown>>;

function objectOf(text: string, what: string): Fields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ShellProtocolError(`${what} is not JSON: ${reason}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ShellProtocolError(`${what} is not a JSON object: ${shown(text)}`);
  }
  return parsed as Fields;
}

function shown(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 60)}…`;
}

function idOf(fields: Fields, type: string): number {
  const id = fields['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    throw new ShellProtocolError(
      `a ${type} message needs an id, an integer ≥ 0; got ${JSON.stringify(id) ?? 'none'}`,
    );
  }
  return id;
}

function stringOf(fields: Fields, name: string, type: string): string {
  const value = fields[name];
  if (typeof value !== 'string') {
    throw new ShellProtocolError(`a ${type} message needs ${name}, a string`);
  }
  return value;
}

function booleanOf(fields: Fields, name: string, type: string): boolean {
  const value = fields[name];
  if (typeof value !== 'boolean') {
    throw new ShellProtocolError(`a ${type} message needs ${name}, a boolean`);
  }
  return value;
}

/** The id of a message that failed to decode, when it had a usable one (for the error reply). */
export function idOfMalformed(data: Buffer): number | undefined {
  try {
    return idOf(objectOf(data.toString('utf8'), 'message'), 'any');
  } catch {
    return undefined;
  }
}

/** Bytes of a WebSocket message as ws hands it over (a Buffer, fragments, or an ArrayBuffer). */
export function messageBytes(data: Buffer | ArrayBuffer | readonly Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.concat(data);
}

/** A client message from the socket's bytes: size and kind checked, then decoded. */
export function decodeClientFrame(data: Buffer, isBinary: boolean): ClientMessage {
  if (data.length > SHELL_MESSAGE_BYTES_MAX) {
    throw new ShellProtocolError(
      `message is ${data.length} bytes; the limit is ${SHELL_MESSAGE_BYTES_MAX}`,
    );
  }
  if (isBinary) throw new ShellProtocolError('messages are JSON text; a binary one came');
  return decodeClientMessage(data.toString('utf8'));
}

export function decodeClientMessage(text: string): ClientMessage {
  const fields = objectOf(text, 'message');
  const type = fields['type'];
  switch (type) {
    case 'line':
      return { type, id: idOf(fields, type), text: stringOf(fields, 'text', type) };
    case 'interrupt':
      return { type, id: idOf(fields, type) };
    case 'complete': {
      const complete: CompleteMessage = {
        type,
        id: idOf(fields, type),
        text: stringOf(fields, 'text', type),
      };
      if (complete.text.length > SHELL_COMPLETE_TEXT_CHARS_MAX) {
        throw new ShellProtocolError(
          `complete text is ${complete.text.length} characters; ` +
            `the limit is ${SHELL_COMPLETE_TEXT_CHARS_MAX}`,
        );
      }
      return complete;
    }
    default:
      throw new ShellProtocolError(
        `unknown message type ${JSON.stringify(type) ?? 'none'}; ` +
          'expected "line", "interrupt" or "complete"',
      );
  }
}

export function decodeServerMessage(text: string): ServerMessage {
  const fields = objectOf(text, 'server message');
  const type = fields['type'];
  switch (type) {
    case 'hello':
      return {
        type,
        version: stringOf(fields, 'version', type),
        prompt: stringOf(fields, 'prompt', type),
      };
    case 'output':
      return { type, id: idOf(fields, type), chunk: stringOf(fields, 'chunk', type) };
    case 'done':
      return {
        type,
        id: idOf(fields, type),
        ok: booleanOf(fields, 'ok', type),
        exit: booleanOf(fields, 'exit', type),
        interrupted: booleanOf(fields, 'interrupted', type),
        prompt: stringOf(fields, 'prompt', type),
      };
    case 'completions': {
      const items = fields['items'];
      if (!Array.isArray(items) || !items.every((i): i is string => typeof i === 'string')) {
        throw new ShellProtocolError('a completions message needs items, an array of strings');
      }
      return { type, id: idOf(fields, type), items };
    }
    case 'error': {
      const message = stringOf(fields, 'message', type);
      return fields['id'] === undefined
        ? { type, message }
        : { type, message, id: idOf(fields, type) };
    }
    default:
      throw new ShellProtocolError(`unknown server message type ${JSON.stringify(type) ?? 'none'}`);
  }
}

/** Either side's message as the JSON text that goes on the wire. */
export function encodeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message);
}
