// The master's status page (HBase's master UI at :16010, reduced), pure: a cluster status in,
// an HTML document out, every value escaped. The JSON at /status.json carries the same data.
import type { ClusterStatus } from '../protocol.js';

/** What the page shows: the active master's status, or which master is active. */
export type WebStatus =
  | { readonly active: true; readonly status: ClusterStatus }
  | { readonly active: false; readonly master: string; readonly activeMaster: string | undefined };

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]) {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((v) => `<td>${escapeHtml(String(v))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>\n<tr>${head}</tr>\n${body}\n</table>`;
}

export function renderStatusPage(web: WebStatus): string {
  const parts: string[] = [];
  if (!web.active) {
    parts.push(`<h1>Backup Master ${escapeHtml(web.master)}</h1>`);
    parts.push(`<p>Current Active Master: ${escapeHtml(web.activeMaster ?? '(none)')}</p>`);
  } else {
    const s = web.status;
    const loads = new Map(s.loads.map((l) => [l.server, l]));
    parts.push(`<h1>Master ${escapeHtml(s.master)}</h1>`);
    parts.push(
      `<p>${s.servers.length} region server(s), ${s.regions.length} region(s), ` +
        `${s.requestsPerSecond.toFixed(1)} requests/s</p>`,
    );
    parts.push(
      '<h2>Backup Masters</h2>',
      table(
        ['ServerName'],
        s.backupMasters.map((m) => [m]),
      ),
    );
    parts.push(
      '<h2>Region Servers</h2>',
      table(
        ['ServerName', 'Regions', 'Requests/s', 'Memstore bytes', 'Store file bytes'],
        s.servers.map((name) => {
          const load = loads.get(name);
          return [
            name,
            load?.regions ?? '',
            load === undefined ? '' : load.requestsPerSecond.toFixed(1),
            load?.memstoreBytes ?? '',
            load?.storeFileBytes ?? '',
          ];
        }),
      ),
    );
    parts.push(
      '<h2>Regions</h2>',
      table(
        ['Region', 'State', 'Server'],
        s.regions.map((r) => [r.region, r.state, r.server]),
      ),
    );
  }
  return (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Colonnade Master</title></head>' +
    `<body>\n${parts.join('\n')}\n</body></html>\n`
  );
}
