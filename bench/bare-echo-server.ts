// The anchor of the RPC benchmark: a bare `net` server doing the same framing (4-byte length,
// msgpackr payload) with no abstraction — no ids table, deadlines, flow control or services.
// It answers every frame of one 'data' event with one write, as a careful hand-written server would.
import { createServer } from 'node:net';
import { Packr } from 'msgpackr';

const packr = new Packr({ useRecords: false, mapsAsObjects: true });
const port = Number(process.argv[2] ?? '0');

const server = createServer({ noDelay: true }, (socket) => {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    let data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    const out: Buffer[] = [];
    let offset = 0;
    while (data.length - offset >= 4) {
      const length = data.readUInt32BE(offset);
      if (data.length - offset - 4 < length) break;
      const request = packr.unpack(data.subarray(offset + 4, offset + 4 + length)) as unknown[];
      offset += 4 + length;
      const body = request[4] as { payload: Buffer };
      const payload = packr.pack([1, request[1], { payload: body.payload }]);
      const header = Buffer.allocUnsafe(4);
      header.writeUInt32BE(payload.length, 0);
      out.push(header, payload);
    }
    data = data.subarray(offset);
    pending = data;
    if (out.length > 0) socket.write(Buffer.concat(out));
  });
  socket.on('error', () => socket.destroy());
});

server.listen(port, '127.0.0.1', () => {
  const info = server.address();
  if (info === null || typeof info === 'string') throw new Error('no address');
  process.stdout.write(`colonnade ready bare-echo ${info.address}:${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
