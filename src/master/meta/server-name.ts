// A region server's name as meta records it: HBase's ServerName, `host,port,startcode`, where the
// start code tells a restarted server from its earlier life. Invariant: parse(format(x)) = x.
import { InvalidArgumentError } from '../../common/errors.js';
import { formatHostPort, parseHostPort } from '../../common/host-port.js';
import { checkU64 } from './meta-bytes.js';

export interface ServerName {
  /** A hostname, an IPv4 address, or an IPv6 address without brackets. */
  readonly host: string;
  readonly port: number;
  /** When the server started (HBase uses its start time in ms): 0 .. 2^53 - 1. */
  readonly startCode: number;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** Checks every part (InvalidArgument naming the bad one) and builds a frozen ServerName. */
export function makeServerName(host: string, port: number, startCode: number): ServerName {
  if (!Number.isInteger(port)) {
    throw new InvalidArgumentError(`server port is ${port}; it must be an integer`);
  }
  const parsed = parseHostPort(formatHostPort({ host, port }));
  if (parsed.host !== host) {
    throw new InvalidArgumentError(`server host "${host}" is not a hostname or an IP address`);
  }
  checkU64(startCode, 'server start code');
  return Object.freeze({ host, port, startCode });
}

/** HBase's `host,port,startcode` (an IPv6 host has no commas, so it needs no brackets). */
export function formatServerName(server: ServerName): string {
  return `${server.host},${server.port},${server.startCode}`;
}

/** The inverse of formatServerName; InvalidArgument naming the text when it is not one. */
export function parseServerName(text: string): ServerName {
  const parts = text.split(',');
  const [host, port, startCode] = parts;
  if (parts.length !== 3 || host === undefined || port === undefined || startCode === undefined) {
    throw new InvalidArgumentError(`server name "${text}" is not host,port,startcode`);
  }
  if (!DECIMAL.test(port) || !DECIMAL.test(startCode)) {
    throw new InvalidArgumentError(
      `server name "${text}" has a port or start code that is not a decimal number`,
    );
  }
  return makeServerName(host, Number(port), Number(startCode));
}

/** `host:port` (IPv6 in brackets): where clients reach the server, meta's `info:server`. */
export function serverAddress(server: ServerName): string {
  return formatHostPort(server);
}
