// The help texts of get, scan and count, after HBase's `help 'get'` and friends, saying what
// Colonnade's shell takes (no Java filter objects, attributes or visibility labels).

export const GET_HELP = `Get row or cell contents; pass table name, row, and optionally
a dictionary of column(s), timestamp, timerange and versions. Examples:

  colonnade> get 'ns1:t1', 'r1'
  colonnade> get 't1', 'r1'
  colonnade> get 't1', 'r1', {TIMERANGE => [ts1, ts2]}
  colonnade> get 't1', 'r1', {COLUMN => 'c1'}
  colonnade> get 't1', 'r1', {COLUMN => ['c1', 'c2', 'c3']}
  colonnade> get 't1', 'r1', {COLUMN => 'c1', TIMESTAMP => ts1}
  colonnade> get 't1', 'r1', {COLUMN => 'c1', TIMERANGE => [ts1, ts2], VERSIONS => 4}
  colonnade> get 't1', 'r1', {COLUMN => 'c1', TIMESTAMP => ts1, VERSIONS => 4}
  colonnade> get 't1', 'r1', {FILTER => "ValueFilter(=, 'binary:abc')"}
  colonnade> get 't1', 'r1', 'c1'
  colonnade> get 't1', 'r1', 'c1', 'c2'
  colonnade> get 't1', 'r1', ['c1', 'c2']

Besides the default 'toStringBinary' format, 'get' also supports custom formatting by
column.  A user can define a FORMATTER by adding it to the column name in the get
specification.  The FORMATTER is the name of an HBase Bytes method: toInt, toLong,
toShort, toFloat, toDouble, toBoolean, toString, toStringBinary or toHex.

Example formatting cf:qualifier1 and cf:qualifier2 both as Integers:
  colonnade> get 't1', 'r1', {COLUMN => ['cf:qualifier1:toInt',
    'cf:qualifier2:c(org.apache.hadoop.hbase.util.Bytes).toInt'] }

Note that you can specify a FORMATTER by column only (cf:qualifier).  You can set a
formatter for all columns (including, all key parts) using the "FORMATTER"
and "FORMATTER_CLASS" options. The default "FORMATTER_CLASS" is
"org.apache.hadoop.hbase.util.Bytes".

  colonnade> get 't1', 'r1', {FORMATTER => 'toString'}
`;

export const SCAN_HELP = `Scan a table; pass table name and optionally a dictionary of scanner
specifications.  Scanner specifications may include one or more of:
TIMERANGE, FILTER, LIMIT, STARTROW, STOPROW, ROWPREFIXFILTER, TIMESTAMP,
MAXLENGTH, COLUMNS, CACHE, RAW, VERSIONS, REVERSED, BATCH or CACHE_BLOCKS.

If no columns are specified, all columns will be scanned.
To scan all members of a column family, leave the qualifier empty as in
'col_family'.

The filter is given in the filter language (see 'show_filters' for the
filters it knows), e.g. "PrefixFilter('row') AND ValueFilter(=, 'binary:x')".

Some examples:

  colonnade> scan 't1'
  colonnade> scan 'ns1:t1', {COLUMNS => ['c1', 'c2'], LIMIT => 10, STARTROW => 'xyz'}
  colonnade> scan 't1', {COLUMNS => ['c1', 'c2'], LIMIT => 10, STARTROW => 'xyz'}
  colonnade> scan 't1', {COLUMNS => 'c1', TIMERANGE => [1303668804000, 1303668904000]}
  colonnade> scan 't1', {REVERSED => true}
  colonnade> scan 't1', {ROWPREFIXFILTER => 'row2', FILTER => "
    (QualifierFilter (>=, 'binary:xyz')) AND (TimestampsFilter ( 123, 456))"}

For experts, there is an additional option -- CACHE_BLOCKS -- which
switches block caching for the scanner on (true) or off (false).  By
default it is enabled.  Examples:

  colonnade> scan 't1', {COLUMNS => ['c1', 'c2'], CACHE_BLOCKS => false}

Also for experts, there is an advanced option -- RAW -- which instructs the
scanner to return all cells (including delete markers and uncollected deleted
cells). Disabled by default.  Example:

  colonnade> scan 't1', {RAW => true, VERSIONS => 10}

Besides the default 'toStringBinary' format, 'scan' supports custom formatting
by column, as 'get' does:

  colonnade> scan 't1', {COLUMNS => ['cf:qualifier1:toInt',
    'cf:qualifier2:c(org.apache.hadoop.hbase.util.Bytes).toInt'] }

  colonnade> scan 't1', {FORMATTER => 'toString'}

A scan prints rows as they arrive; it stops after the shell's output limit
(100000 rows) unless LIMIT says fewer. Interrupt it to stop it sooner.
`;

export const COUNT_HELP = `Count the number of rows in a table.  Return value is the number of rows.
This operation may take a LONG time. Current count is shown
every 1000 rows by default. Count interval may be optionally specified. Scan
caching is enabled on count scans by default. Default cache size is 10 rows.
If your rows are small in size, you may want to increase this
parameter. Examples:

 colonnade> count 'ns1:t1'
 colonnade> count 't1'
 colonnade> count 't1', INTERVAL => 100000
 colonnade> count 't1', CACHE => 1000
 colonnade> count 't1', INTERVAL => 10, CACHE => 1000
 colonnade> count 't1', FILTER => "
    (QualifierFilter (>=, 'binary:xyz')) AND (TimestampsFilter ( 123, 456))"
 colonnade> count 't1', COLUMNS => ['c1', 'c2'], STARTROW => 'abc', STOPROW => 'xyz'
`;
