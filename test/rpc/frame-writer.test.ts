// FrameWriter over a real loopback socket: the frames of many ticks arrive whole and in order,
// whether the kernel takes each tick's write at once (the coalescing buffer is reused) or the
// reader stalls and writes queue up (the buffer stays with the socket until sent).
import { once } from 'node:events';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_COALESCE_COPY_BYTES_MAX } from '../../src/common/limits.js';
import { FrameWriter } from '../../src/rpc/frame-writer.js';

const TEST_TIMEOUT_MS = 20_000;
const TICKS = 200;
/** A stalled reader: ticks go on until this many bytes wait in the socket, at most TICKS_MAX. */
const QUEUED_BYTES_WANTED = 4 * FRAME_COALESCE_COPY_BYTES_MAX;
const TICKS_MAX = 20_000;
const FRAMES_PER_TICK = 6;

/** Frame j of tick t: a length header, then bytes that name the tick and the frame. */
function frame(t: number, j: number): Buffer {
  const length = 8 + ((t * 131 + j * 977) % 3000);
  const out = Buffer.allocUnsafe(4 + length);
  out.writeUInt32BE(length, 0);
  for (let k = 0; k < length; k++) out[4 + k] = (t * 31 + j * 7 + k) & 0xff;
  return out;
}

const opened: (Server | Socket)[] = [];

afterEach(() => {
  for (const handle of opened.splice(0)) {
    if ('destroy' in handle) handle.destroy();
    else handle.close();
  }
});

async function socketPair(): Promise<{ writer: Socket; reader: Socket }> {
  const server = createServer();
  opened.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const writer = connect(address.port, '127.0.0.1');
  opened.push(writer);
  await once(writer, 'connect');
  const [reader] = await accepted;
  opened.push(reader);
  return { writer, reader };
}

async function writeTicks(stallReader: boolean): Promise<void> {
  const { writer, reader } = await socketPair();
  const expected: Buffer[] = [];
  const received: Buffer[] = [];
  let receivedBytes = 0;
  reader.on('data', (chunk: Buffer) => {
    received.push(chunk);
    receivedBytes += chunk.length;
  });
  if (stallReader) reader.pause();
  const frames = new FrameWriter(writer, () => undefined);
  let queuedMax = 0;
  // Past the kernel's buffers, a stalled reader leaves the writes queued in the socket.
  let ticks = TICKS;
  for (let t = 0; t < ticks && t < TICKS_MAX; t++) {
    if (stallReader && queuedMax < QUEUED_BYTES_WANTED) ticks = t + TICKS;
    for (let j = 0; j < FRAMES_PER_TICK; j++) {
      const f = frame(t, j);
      expected.push(f);
      frames.write(f);
    }
    // The tick ends: its frames go out as one write.
    await new Promise<void>((resolve) => setImmediate(resolve));
    queuedMax = Math.max(queuedMax, writer.writableLength);
  }
  const total = expected.reduce((sum, f) => sum + f.length, 0);
  if (stallReader) {
    // The writes had to queue: the socket held buffers that were not yet sent.
    expect(queuedMax).toBeGreaterThanOrEqual(QUEUED_BYTES_WANTED);
    reader.resume();
  }
  while (receivedBytes < total) await once(reader, 'data');
  expect(Buffer.concat(received).equals(Buffer.concat(expected))).toBe(true);
}

describe('FrameWriter', () => {
  it(
    'delivers every tick whole when the reader keeps up (the coalescing buffer reused)',
    async () => {
      await writeTicks(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'delivers every tick whole when the reader stalls and writes queue in the socket',
    async () => {
      await writeTicks(true);
    },
    TEST_TIMEOUT_MS,
  );
});
