// Filter specs from the network with the wrong shape: each is refused with an InvalidArgumentError
// (or LimitExceeded for nesting) that names the field, never a TypeError from deeper in.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, LimitExceededError } from '../../../src/common/errors.js';
import { checkFilterSpec } from '../../../src/common/filter/check.js';

const bad: [string, unknown, string][] = [
  ['not a map', 7, 'filter must be a map'],
  ['unknown type', { type: 'NoSuchFilter' }, 'filter.type must be one of'],
  ['bytes as a string', { type: 'PrefixFilter', prefix: 'abc' }, 'filter.prefix must be bytes'],
  [
    'bad compare op',
    { type: 'RowFilter', op: 'ALMOST', comparator: { type: 'null' } },
    'filter.op must be one of',
  ],
  [
    'comparator without bytes',
    { type: 'ValueFilter', op: 'EQUAL', comparator: { type: 'binary' } },
    'filter.comparator.value must be bytes',
  ],
  [
    'long comparator as a float',
    { type: 'ValueFilter', op: 'EQUAL', comparator: { type: 'long', value: 1.5 } },
    'filter.comparator.value must be a 64-bit integer',
  ],
  [
    'a list member that is wrong',
    { type: 'FilterList', op: 'MUST_PASS_ALL', filters: [{ type: 'FirstKeyOnlyFilter' }, null] },
    'filter.filters[1] must be a map',
  ],
  [
    'range without its flags',
    {
      type: 'MultiRowRangeFilter',
      ranges: [{ startRow: Buffer.from('a'), stopRow: Buffer.from('b') }],
    },
    'filter.ranges[0].startRowInclusive must be true or false',
  ],
  [
    'NaN page size',
    { type: 'PageFilter', pageSize: Number.NaN },
    'filter.pageSize must be a finite number',
  ],
];

describe('checkFilterSpec', () => {
  it.each(bad)('refuses %s with a message naming the field', (_name, spec, message) => {
    expect(() => checkFilterSpec(spec)).toThrow(InvalidArgumentError);
    expect(() => checkFilterSpec(spec)).toThrow(message);
  });

  it('refuses nesting beyond FILTER_NESTING_DEPTH_MAX', () => {
    let spec: unknown = { type: 'FirstKeyOnlyFilter' };
    for (let i = 0; i < 100; i++) spec = { type: 'SkipFilter', filter: spec };
    expect(() => checkFilterSpec(spec)).toThrow(LimitExceededError);
  });
});
