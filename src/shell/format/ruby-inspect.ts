// The `=> value` echo after a command, as Ruby's inspect writes the values shell commands return:
// strings double-quoted with escapes, integers, true/false/nil, arrays, and objects by their
// to_s (e.g. `Hbase::Table - t1`).

/** A command's return value; undefined and null are not echoed (HBase's shell skips nil). */
export type EchoValue =
  string | bigint | number | boolean | readonly EchoValue[] | { readonly object: string };

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '\\"'],
  ['\\', '\\\\'],
  ['\n', '\\n'],
  ['\t', '\\t'],
  ['\r', '\\r'],
  ['\x1b', '\\e'],
  ['\x07', '\\a'],
  ['\b', '\\b'],
  ['\f', '\\f'],
  ['\v', '\\v'],
]);

function inspectString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const escaped = ESCAPES.get(ch);
    if (escaped !== undefined) out += escaped;
    else if (ch === '#' && '{$@'.includes(text[i + 1] ?? ' ')) out += '\\#';
    else if (ch < ' ' || ch === '\x7f') {
      out += `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Ruby's Float#to_s: `1500.0`, `0.25`, `1.0e+16`, `1.0e-05`. */
export function rubyFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    const [mantissa = '', exponent = ''] = value.toExponential().split('e');
    const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
    const sign = exponent.startsWith('-') ? '-' : '+';
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${sign}${digits}`;
  }
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  return text.includes('.') ? text : `${text}.0`;
}

function inspectNumber(value: number): string {
  return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER
    ? String(value)
    : rubyFloat(value);
}

function isList(value: EchoValue): value is readonly EchoValue[] {
  return Array.isArray(value);
}

export function rubyInspect(value: EchoValue): string {
  if (typeof value === 'string') return inspectString(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return inspectNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isList(value)) return `[${value.map(rubyInspect).join(', ')}]`;
  return value.object;
}
