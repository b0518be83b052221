/** One record of an export, with the line (CSV) or row (XLSX) number staff see when they open it. */
export interface ExportRow {
  line: number;
  record: string[];
}
