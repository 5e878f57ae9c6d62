/**
 * CSV (RFC 4180) for Excel: UTF-8 with a byte-order mark, so Excel on Chinese Windows opens
 * 潜在客户 as Chinese and not as GBK mojibake; CRLF line ends; a field is quoted when it holds
 * a comma, a quote, a line break or leading/trailing space, with quotes doubled. A field that
 * Excel would run as a formula (=, +, @, tab or CR first) gets a leading apostrophe (OWASP's
 * "CSV injection" advice); "-" is left alone, since negative amounts start with it.
 */
export const BOM = "\uFEFF";

export function csvField(value: string): string {
  const safe = /^[=+@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** Offer the CSV as a download (browser only: called from a click). */
export function downloadCsv(fileName: string, rows: readonly (readonly string[])[]): void {
  const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
