// The help texts of put, delete, deleteall, incr, get_counter and append, after HBase's.

export const PUT_HELP = `Put a cell 'value' at specified table/row/column and optionally
timestamp coordinates.  To put a cell value into table 'ns1:t1' or 't1'
at row 'r1' under column 'c1' marked with the time 'ts1', do:

  colonnade> put 'ns1:t1', 'r1', 'c1', 'value'
  colonnade> put 't1', 'r1', 'c1', 'value'
  colonnade> put 't1', 'r1', 'c1', 'value', ts1

Binary rows, columns and values are written with double-quoted escapes:

  colonnade> put 't1', "row\\x00\\x01", 'c1', "\\x00\\x00\\x00\\x2A"
`;

export const DELETE_HELP = `Put a delete cell value at specified table/row/column and optionally
timestamp coordinates.  Deletes must match the deleted cell's
coordinates exactly.  When scanning, a delete cell suppresses older
versions. To delete a cell from  't1' at row 'r1' under column 'c1'
marked with the time 'ts1', do:

  colonnade> delete 'ns1:t1', 'r1', 'c1', ts1
  colonnade> delete 't1', 'r1', 'c1', ts1
`;

export const DELETEALL_HELP = `Delete all cells in a given row; pass a table name, row, and optionally
a column and timestamp. Deleteall also support deleting a row range using a
row key prefix. Examples:

  colonnade> deleteall 'ns1:t1', 'r1'
  colonnade> deleteall 't1', 'r1'
  colonnade> deleteall 't1', 'r1', 'c1'
  colonnade> deleteall 't1', 'r1', 'c1', ts1

ROWPREFIXFILTER can be used to delete row ranges
  colonnade> deleteall 't1', {ROWPREFIXFILTER => 'prefix'}
`;

export const INCR_HELP = `Increments a cell 'value' at specified table/row/column coordinates.
To increment a cell value in table 'ns1:t1' or 't1' at row 'r1' under column
'c1' by 1 (can be omitted) or 10 do:

  colonnade> incr 'ns1:t1', 'r1', 'c1'
  colonnade> incr 't1', 'r1', 'c1'
  colonnade> incr 't1', 'r1', 'c1', 1
  colonnade> incr 't1', 'r1', 'c1', 10
`;

export const GET_COUNTER_HELP = `Return a counter cell value at specified table/row/column coordinates.
A counter cell should be managed with atomic increment functions on HBase
and the data should be binary encoded (as long value). Example:

  colonnade> get_counter 'ns1:t1', 'r1', 'c1'
  colonnade> get_counter 't1', 'r1', 'c1'
`;

export const APPEND_HELP = `Appends a cell 'value' at specified table/row/column coordinates.

  colonnade> append 't1', 'r1', 'c1', 'value'
`;
