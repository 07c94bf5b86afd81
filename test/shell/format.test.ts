// The shell's pure formatting: Java's LocalDateTime text in a zone, HBase's two-column layout and
// wrapping, Ruby's inspect for echoes, PrettyPrinter's TTL words, the describe line, the Bytes
// converters, columns as the shell splits them, and the pre-split algorithms of `create`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TTL_FOREVER_SECONDS, familyDescriptor } from '../../src/common/operations.js';
import { columnArg } from '../../src/shell/args.js';
import { parseCreate } from '../../src/shell/commands/create.js';
import { ttlSeconds } from '../../src/shell/commands/schema.js';
import { converterNamed } from '../../src/shell/format/cells.js';
import { describeFamily, humanReadableTtl } from '../../src/shell/format/descriptors.js';
import { formatLocalDateTime } from '../../src/shell/format/local-time.js';
import { ShellOutput } from '../../src/shell/format/output.js';
import { rubyFloat, rubyInspect } from '../../src/shell/format/ruby-inspect.js';
import { parseInput, type ShellValue } from '../../src/shell/index.js';

const value = (text: string): ShellValue => parseInput(`x ${text}`)[0]?.args[0] as ShellValue;

describe('timestamps as Java LocalDateTime.toString', () => {
  it('drops zero seconds and fractions, and pads the year', () => {
    expect(formatLocalDateTime(Date.UTC(2021, 3, 6, 18, 54, 2, 733), 'UTC')).toBe(
      '2021-04-06T18:54:02.733',
    );
    expect(formatLocalDateTime(Date.UTC(2021, 3, 6, 18, 54, 2), 'UTC')).toBe('2021-04-06T18:54:02');
    expect(formatLocalDateTime(Date.UTC(2021, 3, 6, 18, 54), 'UTC')).toBe('2021-04-06T18:54');
    expect(formatLocalDateTime(0, 'UTC')).toBe('1970-01-01T00:00');
    expect(formatLocalDateTime(5, 'UTC')).toBe('1970-01-01T00:00:00.005');
    expect(formatLocalDateTime(Number.MAX_SAFE_INTEGER, 'UTC')).toBe('+287396-10-12T08:59:00.991');
  });

  it('shifts to the zone, across daylight saving', () => {
    expect(formatLocalDateTime(Date.UTC(2021, 3, 6, 18, 54, 2, 733), 'Asia/Kolkata')).toBe(
      '2021-04-07T00:24:02.733',
    );
    expect(formatLocalDateTime(Date.UTC(2021, 0, 15, 12), 'America/New_York')).toBe(
      '2021-01-15T07:00',
    );
    expect(formatLocalDateTime(Date.UTC(2021, 6, 15, 12), 'America/New_York')).toBe(
      '2021-07-15T08:00',
    );
  });

  it('agrees with Date in UTC for any date Date can hold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
        const iso = new Date(ms).toISOString().replace('Z', '');
        const java = formatLocalDateTime(ms, 'UTC');
        expect(iso.startsWith(java)).toBe(true);
        expect(iso.slice(java.length)).toMatch(/^(|:00\.000|\.?0*)$/);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('the output layout', () => {
  const render = (width: number | null, draw: (out: ShellOutput) => void): string => {
    let text = '';
    const out = new ShellOutput((chunk) => (text += chunk), width);
    draw(out);
    out.flush();
    return text;
  };

  it('puts the second column at a quarter of the width plus two, and wraps both columns', () => {
    expect(render(40, (o) => o.header(['ROW', 'COLUMN+CELL']))).toBe('ROW         COLUMN+CELL\n');
    expect(render(40, (o) => o.row(['k', 'x'.repeat(30)]))).toBe(
      ` k          ${'x'.repeat(28)}\n            xx\n`,
    );
    expect(render(40, (o) => o.row(['0123456789abcdef', 'v']))).toBe(' 0123456789 v\n abcdef\n');
    expect(render(null, (o) => o.row(['k', 'x'.repeat(30)]))).toBe(` k ${'x'.repeat(30)}\n`);
    expect(render(8, (o) => o.row(['abcdefghij']))).toBe('abcdefgh\nij\n');
    expect(render(8, (o) => o.row(['a', 'b', 'c']))).toBe(' a b c\n');
    expect(render(40, (o) => o.row(['k', 'ends with spaces  ']))).toBe(
      ' k          ends with spaces  \n',
    );
  });
});

describe('Ruby inspect and to_s', () => {
  it('echoes values as IRB does', () => {
    expect(rubyInspect(['t1', 'ns:t2'])).toBe('["t1", "ns:t2"]');
    expect(rubyInspect('a"b\\c\n#{x}')).toBe('"a\\"b\\\\c\\n\\#{x}"');
    expect(rubyInspect(true)).toBe('true');
    expect(rubyInspect(9927)).toBe('9927');
    expect(rubyInspect({ object: 'Hbase::Table - t' })).toBe('Hbase::Table - t');
    expect(rubyInspect([])).toBe('[]');
  });

  it('writes floats as Float#to_s', () => {
    expect([1500, 0.25, 1e16, 1e-5, -0, 1.5e20, 123456789.5].map(rubyFloat)).toEqual([
      '1500.0',
      '0.25',
      '1.0e+16',
      '1.0e-05',
      '-0.0',
      '1.5e+20',
      '123456789.5',
    ]);
  });
});

describe('schema text', () => {
  it('writes TTLs in PrettyPrinter words (SECOND takes its plural from the minutes, as HBase)', () => {
    expect(humanReadableTtl(TTL_FOREVER_SECONDS)).toBe('FOREVER');
    expect(humanReadableTtl(1)).toBe('1 SECOND');
    expect(humanReadableTtl(59)).toBe('59 SECONDS');
    expect(humanReadableTtl(86_400)).toBe('86400 SECONDS (1 DAY)');
    expect(humanReadableTtl(90_061)).toBe('90061 SECONDS (1 DAY 1 HOUR 1 MINUTE 1 SECOND)');
    expect(humanReadableTtl(90_002)).toBe('90002 SECONDS (1 DAY 1 HOUR 2 SECONDS)');
    expect(humanReadableTtl(122)).toBe('122 SECONDS (2 MINUTES 2 SECONDS)');
    expect(humanReadableTtl(61)).toBe('61 SECONDS (1 MINUTE 1 SECOND)');
  });

  it('reads TTLs as the shell takes them', () => {
    expect(ttlSeconds(value('86400'))).toBe(86_400);
    expect(ttlSeconds(value("'3600'"))).toBe(3600);
    expect(ttlSeconds(value("'FOREVER'"))).toBe(TTL_FOREVER_SECONDS);
    expect(ttlSeconds(value("'1 DAY 2 HOURS'"))).toBe(93_600);
    expect(ttlSeconds(value("'90061 SECONDS (1 DAY 1 HOUR 1 MINUTE 1 SECOND)'"))).toBe(90_061);
    expect(() => ttlSeconds(value("'soon'"))).toThrow(/TTL must be/);
    expect(() => ttlSeconds(value('0'))).toThrow(/TTL is 0/);
  });

  it('describes a default family as HBase 2.x does', () => {
    expect(describeFamily(familyDescriptor('office'))).toBe(
      "{NAME => 'office', BLOOMFILTER => 'ROW', IN_MEMORY => 'false', VERSIONS => '1', KEEP_DELETED_CELLS => 'FALSE', " +
        "DATA_BLOCK_ENCODING => 'NONE', COMPRESSION => 'NONE', TTL => 'FOREVER', MIN_VERSIONS => '0', " +
        "BLOCKCACHE => 'true', BLOCKSIZE => '65536', REPLICATION_SCOPE => '0'}",
    );
  });

  it('pre-splits with HBase RegionSplitter algorithms', () => {
    const splits = (text: string): string[] =>
      (
        parseCreate('t', parseInput(`create 't', 'f', ${text}`)[0]!.args.slice(1)).spec.splitKeys ??
        []
      ).map((k) => Buffer.from(k as Uint8Array).toString('latin1'));
    expect(splits(`{NUMREGIONS => 4, SPLITALGO => 'HexStringSplit'}`)).toEqual([
      '40000000',
      '80000000',
      'c0000000',
    ]);
    expect(splits(`{NUMREGIONS => 4, SPLITALGO => 'DecimalStringSplit'}`)).toEqual([
      '25000000',
      '50000000',
      '75000000',
    ]);
    expect(splits(`NUMREGIONS => 2, SPLITALGO => 'UniformSplit'`)).toEqual(['\x80\0\0\0\0\0\0\0']);
    expect(splits(`SPLITS => ['b', "\\x00"]`)).toEqual(['b', '\0']);
    expect(() => splits(`{NUMREGIONS => 4}`)).toThrow('Split algorithm must be specified');
    expect(() => splits(`{NUMREGIONS => 1, SPLITALGO => 'HexStringSplit'}`)).toThrow(
      /NUMREGIONS is 1/,
    );
    expect(() => splits(`{SPLITS_FILE => 'f.txt'}`)).toThrow(/SPLITS_FILE is not supported/);
  });
});

describe('columns and converters', () => {
  it('split a column at its first colon, then the qualifier at its first colon', () => {
    const col = (text: string) => {
      const c = columnArg(value(text));
      return [c.family.toString('latin1'), c.qualifier?.toString('latin1'), c.converter];
    };
    expect(col("'f'")).toEqual(['f', undefined, undefined]);
    expect(col("'f:'")).toEqual(['f', '', undefined]);
    expect(col("'f:q'")).toEqual(['f', 'q', undefined]);
    expect(col("'f:q:toInt'")).toEqual(['f', 'q', 'toInt']);
  });

  it('convert values as HBase Bytes methods do', () => {
    const bytes = (hex: string): Buffer => Buffer.from(hex, 'hex');
    expect(converterNamed('toInt')(bytes('0000002a'))).toBe('42');
    expect(converterNamed('toLong')(bytes('ffffffffffffffff'))).toBe('-1');
    expect(converterNamed('toShort')(bytes('0102'))).toBe('258');
    expect(converterNamed('toDouble')(bytes('3ff8000000000000'))).toBe('1.5');
    expect(converterNamed('toFloat')(bytes('40000000'))).toBe('2.0');
    expect(converterNamed('toBoolean')(bytes('01'))).toBe('true');
    expect(converterNamed('toString')(Buffer.from('é'))).toBe('é');
    expect(converterNamed('toStringBinary')(Buffer.from('é'))).toBe('\\xC3\\xA9');
    expect(converterNamed('c(org.apache.hadoop.hbase.util.Bytes).toHex')(bytes('0aff'))).toBe(
      '0aff',
    );
    expect(() => converterNamed('toInt')(bytes('01'))).toThrow(
      'offset (0) + length (4) exceed the capacity of the array: 1',
    );
    expect(() => converterNamed('toUpper')).toThrow(/unknown formatter toUpper/);
    expect(() => converterNamed('c(com.example.Mine).format')).toThrow(
      /com.example.Mine is not available/,
    );
  });
});
