// Network addresses as users write them: `host:port`, `[ipv6]:port`, and comma-separated lists.
// A parsed HostPort always holds a valid host (IPv6 without brackets) and a port in 0..65535.
import { isIP } from 'node:net';
import { InvalidArgumentError } from './errors.js';

export const PORT_MIN = 0;
export const PORT_MAX = 65_535;

export interface HostPort {
  /** A hostname, an IPv4 address, or an IPv6 address without its brackets. */
  readonly host: string;
  readonly port: number;
}

const HOSTNAME_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const HOSTNAME_BYTES_MAX = 253;
const DECIMAL = /^[0-9]+$/;

/** Parses `host:port` or `[ipv6]:port`; throws InvalidArgumentError naming the text. */
export function parseHostPort(text: string): HostPort {
  const trimmed = text.trim();
  const split = trimmed.startsWith('[') ? splitBracketed(trimmed) : splitPlain(trimmed);
  return Object.freeze({ host: split.host, port: parsePort(split.port, text) });
}

/** Parses `a:1,b:2` (spaces around entries allowed) into a non-empty frozen list. */
export function parseHostPortList(text: string): readonly HostPort[] {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => entry === '')) {
    throw new InvalidArgumentError(
      `address list "${text}" has an empty entry; expected host:port[,host:port...]`,
    );
  }
  return Object.freeze(entries.map(parseHostPort));
}

/** The inverse of parseHostPort: brackets IPv6 hosts. */
export function formatHostPort(address: HostPort): string {
  const host = isIP(address.host) === 6 ? `[${address.host}]` : address.host;
  return `${host}:${address.port}`;
}

function splitBracketed(text: string): { host: string; port: string } {
  const close = text.indexOf(']');
  if (close < 0 || text[close + 1] !== ':') {
    throw badAddress(text, 'expected [ipv6]:port');
  }
  const host = text.slice(1, close);
  if (isIP(host) !== 6) throw badAddress(text, `"${host}" is not an IPv6 address`);
  return { host, port: text.slice(close + 2) };
}

function splitPlain(text: string): { host: string; port: string } {
  const colon = text.lastIndexOf(':');
  if (colon < 0) throw badAddress(text, 'expected host:port');
  const host = text.slice(0, colon);
  if (host.includes(':')) {
    throw badAddress(text, 'an IPv6 address goes in brackets, as in [::1]:2181');
  }
  if (!isHostname(host)) throw badAddress(text, `"${host}" is not a hostname or IPv4 address`);
  return { host, port: text.slice(colon + 1) };
}

function isHostname(host: string): boolean {
  if (host.length === 0 || host.length > HOSTNAME_BYTES_MAX) return false;
  const labels = host.split('.');
  if (!labels.every((label) => HOSTNAME_LABEL.test(label))) return false;
  // All-numeric dotted names are IPv4 addresses and must be valid ones (no 999.1.1.1).
  const numeric = labels.every((label) => DECIMAL.test(label));
  return !numeric || isIP(host) === 4;
}

function parsePort(portText: string, text: string): number {
  if (!DECIMAL.test(portText)) {
    throw badAddress(text, `port "${portText}" is not a decimal number`);
  }
  const port = Number(portText);
  if (port < PORT_MIN || port > PORT_MAX) {
    throw badAddress(text, `port ${portText} is outside ${PORT_MIN}..${PORT_MAX}`);
  }
  return port;
}

function badAddress(text: string, reason: string): InvalidArgumentError {
  return new InvalidArgumentError(`bad address "${text}": ${reason}`);
}
