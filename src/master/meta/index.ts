// The `meta` catalog's pure codec, public face: row keys that sort by (table, start key, region id)
// as plain bytes, lookup keys for reversed scans, and region and table rows as Puts and back.
export { CorruptMetaError } from './errors.js';
export * from './limits.js';
export {
  META_REGION_ROWS,
  META_TABLE_ROWS,
  metaRowKey,
  metaRowKind,
  metaRowName,
  metaSearchKey,
  parseMetaRowKey,
  parseTableRowKey,
  tableRowKey,
  tableRowsRange,
  type MetaKeyRange,
  type MetaRowKey,
  type MetaRowKind,
} from './meta-key.js';
export {
  META_FAMILY,
  META_FAMILY_NAME,
  META_REGION_INFO,
  META_TABLE_DESCRIPTOR,
  META_TABLE_NAME,
  MetaQualifier,
} from './meta-table.js';
export type { MetaWriteOptions } from './meta-columns.js';
export {
  checkRegionEntry,
  parseRegionRow,
  REGION_STATES,
  regionRowDelete,
  regionRowPut,
  type MetaRegionEntry,
} from './region-row.js';
export type { SplitDaughters } from './region-links.js';
export { checkRegionInfo, decodeRegionInfo, encodeRegionInfo } from './region-info-codec.js';
export {
  checkTableDescriptor,
  decodeTableDescriptor,
  encodeTableDescriptor,
} from './table-descriptor-codec.js';
export {
  parseTableRow,
  TABLE_STATES,
  tableDescriptorPut,
  tableRowDelete,
  tableRowPut,
  tableStatePut,
  type MetaTableEntry,
  type TableState,
} from './table-row.js';
export { parseMetaRow, type MetaRow } from './meta-row.js';
export {
  formatServerName,
  makeServerName,
  parseServerName,
  serverAddress,
  type ServerName,
} from './server-name.js';
