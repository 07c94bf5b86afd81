// A WebSocket client for the endpoint's tests: raw sends, every server message decoded and queued,
// and bounded waits for the next message that matches.
import { WebSocket } from 'ws';
import {
  type ClientMessage,
  decodeServerMessage,
  type DoneMessage,
  encodeMessage,
  type ServerMessage,
} from '../../../src/shell/endpoint/index.js';

const WAIT_MS = 15_000;

export class TestClient {
  readonly socket: WebSocket;
  readonly received: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: (() => void)[] = [];

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      this.received.push(decodeServerMessage(String(data)));
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    const socket = new WebSocket(url, { headers });
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  send(message: ClientMessage | string | Buffer): void {
    this.socket.send(
      typeof message === 'string' || Buffer.isBuffer(message) ? message : encodeMessage(message),
    );
  }

  /** Takes the first queued message that matches, waiting (bounded) for one to arrive. */
  async next<T extends ServerMessage>(match: (m: ServerMessage) => m is T): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const at = this.received.findIndex(match);
      if (at >= 0) return this.received.splice(at, 1)[0] as T;
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error('socket closed');
      if (Date.now() > deadline) throw new Error('no matching message in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Runs one input; its output and its done message. */
  async run(id: number, text: string): Promise<{ text: string; done: DoneMessage }> {
    this.send({ type: 'line', id, text });
    return this.collect(id);
  }

  /** The output of input `id` up to its done message. */
  async collect(id: number): Promise<{ text: string; done: DoneMessage }> {
    const done = await this.next((m): m is DoneMessage => m.type === 'done' && m.id === id);
    const text = this.received
      .filter((m) => m.type === 'output' && m.id === id)
      .map((m) => (m.type === 'output' ? m.chunk : ''))
      .join('');
    this.received.splice(
      0,
      this.received.length,
      ...this.received.filter((m) => !('id' in m) || m.id !== id),
    );
    return { text, done };
  }

  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) {
      this.socket.close();
      const timer = setTimeout(() => this.socket.terminate(), 2_000);
      await this.closed;
      clearTimeout(timer);
    }
  }
}
