// The values a shell line is made of, as the HBase shell's Ruby sees them: byte strings, integers,
// floats, booleans, nil, constants (NAME, VERSIONS...), arrays and ordered hashes. Plain data:
// a value carries no position, so that a value printed and parsed again compares equal.

export type ShellValue =
  | { readonly kind: 'string'; readonly bytes: Buffer }
  | { readonly kind: 'integer'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'nil' }
  | { readonly kind: 'constant'; readonly name: string }
  | { readonly kind: 'array'; readonly items: readonly ShellValue[] }
  | { readonly kind: 'hash'; readonly entries: readonly HashEntry[] };

export type HashEntry = readonly [key: ShellValue, value: ShellValue];

/** One command call: `name arg, arg, KEY => v` or `name(arg, ...)`. */
export interface Statement {
  readonly command: string;
  /** A trailing `KEY => v, ...` list without braces becomes one hash argument, as in Ruby. */
  readonly args: readonly ShellValue[];
}

export const NIL: ShellValue = { kind: 'nil' };

export function stringValue(text: string | Uint8Array): ShellValue {
  return {
    kind: 'string',
    bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text),
  };
}

export function integerValue(value: bigint | number): ShellValue {
  return { kind: 'integer', value: BigInt(value) };
}

/** Deep equality (floats by Object.is, so -0.0 and 0.0 differ, as their printed forms do). */
export function valuesEqual(a: ShellValue, b: ShellValue): boolean {
  switch (a.kind) {
    case 'string':
      return b.kind === 'string' && a.bytes.equals(b.bytes);
    case 'integer':
      return b.kind === 'integer' && a.value === b.value;
    case 'float':
      return b.kind === 'float' && Object.is(a.value, b.value);
    case 'boolean':
      return b.kind === 'boolean' && a.value === b.value;
    case 'nil':
      return b.kind === 'nil';
    case 'constant':
      return b.kind === 'constant' && a.name === b.name;
    case 'array':
      return (
        b.kind === 'array' &&
        a.items.length === b.items.length &&
        a.items.every((item, i) => valuesEqual(item, b.items[i] as ShellValue))
      );
    case 'hash':
      return (
        b.kind === 'hash' &&
        a.entries.length === b.entries.length &&
        a.entries.every(([k, v], i) => {
          const other = b.entries[i] as HashEntry;
          return valuesEqual(k, other[0]) && valuesEqual(v, other[1]);
        })
      );
  }
}

export function statementsEqual(a: readonly Statement[], b: readonly Statement[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => {
      const t = b[i] as Statement;
      return (
        s.command === t.command &&
        s.args.length === t.args.length &&
        s.args.every((arg, j) => valuesEqual(arg, t.args[j] as ShellValue))
      );
    })
  );
}
