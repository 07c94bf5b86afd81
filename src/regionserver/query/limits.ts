// The query core's limits, each with its unit. Zero never means unlimited.

/**
 * HBase `hbase.table.max.rowsize` (1 GiB): the bytes of one family's cells a read may return for
 * one row before it fails with RowTooBigError instead of exhausting the server's memory.
 */
export const ROW_RESULT_BYTES_MAX = 1024 * 1024 * 1024;
