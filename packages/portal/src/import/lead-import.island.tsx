import { useEffect, useId, useRef, useState, type ChangeEvent } from "react";
import { useClient, useQuery } from "urql";
import { ErrorMessage } from "../components/error-message.tsx";
import { QueryState } from "../components/query-state.tsx";
import { PortalProvider } from "../components/portal-provider.tsx";
import { todayIn } from "../follow-ups/sla-period.ts";
import { localePath, type Locale } from "../i18n/locales.ts";
import { translator, type Translate } from "../i18n/translate.ts";
import { LEAD_CHANNELS } from "../leads/leads-data.ts";
import { useViewer } from "../session/use-viewer.ts";
import type { Viewer } from "../session/viewer.query.ts";
import type { CombinedError } from "@urql/core";
import {
  batches,
  batchIdFor,
  buildRows,
  companyKey,
  contentHash,
  decodeCsv,
  duplicatesInFile,
  IMPORT_BATCH_SIZE,
  IMPORT_FIELDS,
  initialMapping,
  MAPPING_STORAGE_KEY,
  parseRemembered,
  rejectedRowsCsv,
  rememberMapping,
  rowProblems,
  type ColumnMapping,
  type CsvEncoding,
  type DuplicateReason,
  type ImportField,
  type ImportRow,
  type RowProblem,
} from "./import-csv.ts";
import { ImportCompanySearchQuery, ImportLeadsMutation, ImportRepsQuery, type ImportResult } from "./import.query.ts";

/** How many distinct company names the preview looks up among existing leads (the import checks all). */
const PREVIEW_LOOKUPS = 200;
const LOOKUP_CONCURRENCY = 4;
/** Result rows drawn at once; the rest are in the download. */
const RESULTS_SHOWN = 1000;

interface LoadedFile {
  name: string;
  encoding: CsvEncoding;
  hash: string;
  headings: string[];
  records: string[][];
}

interface Defaults {
  channel: string;
  sourceDetail: string;
  collectedOn: string;
  ownerId: string;
}

interface PreviewRow {
  row: ImportRow;
  problems: { field: ImportField; problem: RowProblem }[];
  inFile: { rowId: string; reasons: DuplicateReason[] } | undefined;
  existing: { companyName: string; owner: string } | undefined;
}

interface Preview {
  rows: PreviewRow[];
  lookedUp: number;
  names: number;
}

interface Outcome {
  results: ImportResult[];
  created: number;
  duplicates: number;
  invalid: number;
  replayed: boolean;
}

/**
 * The lead import (SOP-1.3): a CSV (UTF-8 or GBK) read in the browser, its columns mapped to
 * lead fields (the mapping remembered), a preview flagging bad rows and likely duplicates
 * (SOP-1.4) before anything is written, then importLeads in batches of IMPORT_BATCH_SIZE with a
 * progress bar, each row's result, and the rows not created as a CSV to fix and upload again.
 */
export default function LeadImport({ locale }: { locale: Locale }) {
  return (
    <PortalProvider>
      <LeadImportContent locale={locale} />
    </PortalProvider>
  );
}

function LeadImportContent({ locale }: { locale: Locale }) {
  const t = translator(locale);
  const { viewer, error } = useViewer();
  return (
    <QueryState result={{ data: viewer, error }} t={t}>
      {(viewer) =>
        (viewer.role === "REP" || viewer.role === "MANAGER") && viewer.team ? (
          <Importer locale={locale} t={t} viewer={viewer} team={viewer.team} />
        ) : (
          <p className="notice">{t("import.notForRole")}</p>
        )
      }
    </QueryState>
  );
}

function Importer({ locale, t, viewer, team }: { locale: Locale; t: Translate; viewer: Viewer; team: NonNullable<Viewer["team"]> }) {
  const client = useClient();
  const id = useId();
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>([]);
  const [defaults, setDefaults] = useState<Defaults>({ channel: "", sourceDetail: "", collectedOn: "", ownerId: "" });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [checking, setChecking] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [importError, setImportError] = useState<CombinedError | null>(null);
  const results = useRef<HTMLHeadingElement>(null);
  const today = todayIn(team.timeZone);

  useEffect(() => {
    if (outcome) results.current?.focus();
  }, [outcome]);

  const reset = () => {
    setPreview(null);
    setOutcome(null);
    setImportError(null);
    setProgress(null);
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    reset();
    setFile(null);
    setReadError(null);
    if (!picked) return;
    setReading(true);
    try {
      const bytes = new Uint8Array(await picked.arrayBuffer());
      const { text, encoding } = decodeCsv(bytes);
      const [{ default: Papa }, hash] = await Promise.all([import("papaparse"), contentHash(bytes)]);
      const parsed = Papa.parse<string[]>(text, { skipEmptyLines: "greedy" });
      const [headings, ...records] = parsed.data;
      if (!headings || records.length === 0) {
        setReadError(t("import.file.empty"));
        return;
      }
      const remembered = parseRemembered(window.localStorage.getItem(MAPPING_STORAGE_KEY));
      setMapping(initialMapping(headings, remembered));
      setFile({ name: picked.name, encoding, hash, headings: headings.map((heading) => heading.trim()), records });
    } catch {
      setReadError(t("import.file.unreadable"));
    } finally {
      setReading(false);
    }
  };

  const changeMapping = (column: number, field: ImportField | "") => {
    if (!file) return;
    // A field goes to one column: the column that had it gives it up.
    const next = mapping.map((current, index) => (index === column ? field : current === field && field !== "" ? "" : current));
    setMapping(next);
    const remembered = parseRemembered(window.localStorage.getItem(MAPPING_STORAGE_KEY));
    window.localStorage.setItem(MAPPING_STORAGE_KEY, JSON.stringify(rememberMapping(file.headings, next, remembered)));
    reset();
  };

  const changeDefaults = (patch: Partial<Defaults>) => {
    setDefaults({ ...defaults, ...patch });
    reset();
  };

  const rows = file ? buildRows(file.records, mapping) : [];

  const check = async () => {
    if (!file) return;
    setChecking(true);
    reset();
    const inFile = duplicatesInFile(rows);
    // Existing leads of the same name, as far as the viewer may see them: a few look-ups at a time.
    const names = [...new Set(rows.map((row) => row.companyName).filter((name): name is string => !!name && [...name.trim()].length >= 2))];
    const lookup = names.slice(0, PREVIEW_LOOKUPS);
    const existing = new Map<string, { companyName: string; owner: string }>();
    let next = 0;
    const worker = async () => {
      while (next < lookup.length) {
        const name = lookup[next++]!;
        const answer = await client.query(ImportCompanySearchQuery, { search: name.trim().slice(0, 100) }, { requestPolicy: "network-only" }).toPromise();
        const match = answer.data?.leads.edges.find(({ node }) => companyKey(node.companyName) === companyKey(name));
        if (match) existing.set(companyKey(name), { companyName: match.node.companyName, owner: match.node.owner.displayName });
      }
    };
    await Promise.all(Array.from({ length: LOOKUP_CONCURRENCY }, worker));
    setPreview({
      rows: rows.map((row) => ({
        row,
        problems: rowProblems(row, defaults, today),
        inFile: inFile.get(row.rowId),
        existing: row.companyName ? existing.get(companyKey(row.companyName)) : undefined,
      })),
      lookedUp: lookup.length,
      names: names.length,
    });
    setChecking(false);
  };

  const runImport = async () => {
    if (!file) return;
    setOutcome(null);
    setImportError(null);
    const parts = batches(rows);
    const collected: Outcome = { results: [], created: 0, duplicates: 0, invalid: 0, replayed: false };
    setProgress({ done: 0, total: rows.length });
    const apiDefaults = {
      channel: defaults.channel ? (defaults.channel as (typeof LEAD_CHANNELS)[number]) : null,
      sourceDetail: defaults.sourceDetail.trim() || null,
      collectedOn: defaults.collectedOn || null,
      ownerId: defaults.ownerId || null,
    };
    for (const [part, partRows] of parts.entries()) {
      const answer = await client.mutation(ImportLeadsMutation, { batchId: batchIdFor(file.hash, part, parts.length), rows: partRows, defaults: apiDefaults }).toPromise();
      if (answer.error || !answer.data) {
        setImportError(answer.error ?? null);
        setOutcome(collected.results.length > 0 ? { ...collected } : null);
        return;
      }
      const payload = answer.data.importLeads;
      collected.results.push(...payload.results);
      collected.created += payload.createdCount;
      collected.duplicates += payload.duplicateCount;
      collected.invalid += payload.invalidCount;
      collected.replayed ||= payload.replayed;
      setProgress({ done: collected.results.length, total: rows.length });
    }
    setOutcome(collected);
  };

  const download = () => {
    if (!file || !outcome) return;
    const recordOf = new Map(buildRowIds(file.records).map(([rowId, record]) => [rowId, record]));
    const rejected = outcome.results
      .filter((result) => result.status !== "CREATED")
      .map((result) => ({ record: recordOf.get(result.rowId) ?? [], reason: resultReason(result, t) }));
    const csv = rejectedRowsCsv(file.headings, t("import.rejected.reasonColumn"), rejected);
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = t("import.rejected.fileName", { name: file.name.replace(/\.csv$/i, "") });
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  };

  const importing = progress !== null && outcome === null && importError === null;
  const flagged = preview?.rows.filter((entry) => entry.problems.length > 0 || entry.inFile || entry.existing) ?? [];

  return (
    <div className="lead-import">
      <section aria-labelledby={`${id}-file`}>
        <h2 id={`${id}-file`}>{t("import.step.file")}</h2>
        <div className="field">
          <label htmlFor={`${id}-input`}>{t("import.file.label")}</label>
          <input id={`${id}-input`} type="file" accept=".csv,text/csv" onChange={onFile} aria-describedby={`${id}-hint`} disabled={importing} />
          <span id={`${id}-hint`} className="hint">
            {t("import.file.hint")}
          </span>
        </div>
        {reading && <p className="loading">{t("import.file.reading")}</p>}
        {readError && (
          <p role="alert" className="notice notice-error">
            {readError}
          </p>
        )}
        {file && (
          <p data-testid="import-file-summary">
            {t("import.file.summary", { name: file.name, rows: rows.length, encoding: t(`import.encoding.${file.encoding}`) })}
          </p>
        )}
      </section>

      {file && (
        <section aria-labelledby={`${id}-mapping`}>
          <h2 id={`${id}-mapping`}>{t("import.step.mapping")}</h2>
          <p className="hint">{t("import.mapping.hint")}</p>
          <div className="table-scroll">
            <table className="data-table" data-testid="import-mapping">
              <caption className="visually-hidden">{t("import.mapping.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("import.mapping.column")}</th>
                  <th scope="col">{t("import.mapping.sample")}</th>
                  <th scope="col">{t("import.mapping.field")}</th>
                </tr>
              </thead>
              <tbody>
                {file.headings.map((heading, column) => (
                  <tr key={column}>
                    <th scope="row" id={`${id}-col-${column}`}>
                      {heading || t("import.mapping.unnamed", { n: column + 1 })}
                    </th>
                    <td>{file.records[0]?.[column] ?? ""}</td>
                    <td>
                      <select
                        aria-labelledby={`${id}-col-${column}`}
                        value={mapping[column] ?? ""}
                        onChange={(event) => changeMapping(column, event.target.value as ImportField | "")}
                        disabled={importing}
                      >
                        <option value="">{t("import.mapping.skip")}</option>
                        {IMPORT_FIELDS.map((field) => (
                          <option key={field} value={field}>
                            {t(`import.field.${field}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h3>{t("import.defaults.title")}</h3>
          <p className="hint">{t("import.defaults.hint")}</p>
          <div className="import-defaults">
            <div className="field">
              <label htmlFor={`${id}-channel`}>{t("import.field.channel")}</label>
              <select id={`${id}-channel`} value={defaults.channel} onChange={(event) => changeDefaults({ channel: event.target.value })} disabled={importing}>
                <option value="">{t("import.defaults.none")}</option>
                {LEAD_CHANNELS.map((channel) => (
                  <option key={channel} value={channel}>
                    {t(`leads.channel.${channel}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-source`}>{t("import.field.sourceDetail")}</label>
              <input id={`${id}-source`} type="text" value={defaults.sourceDetail} onChange={(event) => changeDefaults({ sourceDetail: event.target.value })} disabled={importing} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-collected`}>{t("import.field.collectedOn")}</label>
              <input id={`${id}-collected`} type="date" max={today} value={defaults.collectedOn} onChange={(event) => changeDefaults({ collectedOn: event.target.value })} disabled={importing} />
            </div>
            {viewer.role === "MANAGER" && <OwnerField id={`${id}-owner`} t={t} teamId={team.id} value={defaults.ownerId} onChange={(ownerId) => changeDefaults({ ownerId })} disabled={importing} />}
          </div>
          <button type="button" className="button-secondary" onClick={() => void check()} disabled={checking || importing} aria-busy={checking}>
            {checking ? t("import.preview.checking") : t("import.preview.check")}
          </button>
        </section>
      )}

      {file && preview && (
        <section aria-labelledby={`${id}-preview`}>
          <h2 id={`${id}-preview`}>{t("import.step.preview")}</h2>
          <p data-testid="import-preview-summary" aria-live="polite">
            {t("import.preview.summary", {
              rows: preview.rows.length,
              problems: preview.rows.filter((entry) => entry.problems.length > 0).length,
              duplicates: preview.rows.filter((entry) => entry.inFile || entry.existing).length,
            })}
          </p>
          {preview.lookedUp < preview.names && <p className="hint">{t("import.preview.lookupBound", { shown: preview.lookedUp, total: preview.names })}</p>}
          <p className="hint">{t("import.preview.visibility")}</p>
          {flagged.length > 0 && (
            <div className="table-scroll">
              <table className="data-table" data-testid="import-preview">
                <caption className="visually-hidden">{t("import.preview.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("import.col.row")}</th>
                    <th scope="col">{t("import.field.companyName")}</th>
                    <th scope="col">{t("import.field.contactName")}</th>
                    <th scope="col">{t("import.col.flags")}</th>
                  </tr>
                </thead>
                <tbody>
                  {flagged.map((entry) => (
                    <tr key={entry.row.rowId} data-row-id={entry.row.rowId} className={entry.problems.length > 0 ? "row-overdue" : undefined}>
                      <th scope="row">{entry.row.rowId}</th>
                      <td>{entry.row.companyName ?? ""}</td>
                      <td>{entry.row.contactName ?? ""}</td>
                      <td>
                        <ul className="flags">
                          {entry.problems.map((problem) => (
                            <li key={problem.problem}>
                              <span className="badge badge-overdue">{t("import.flag.problem")}</span> {t(`import.problem.${problem.problem}`)}
                            </li>
                          ))}
                          {entry.inFile && (
                            <li>
                              <span className="badge badge-due-today">{t("import.flag.duplicate")}</span>{" "}
                              {t("import.duplicate.inFile", { row: entry.inFile.rowId, reasons: entry.inFile.reasons.map((reason) => t(`import.reason.${reason}`)).join(t("import.listSeparator")) })}
                            </li>
                          )}
                          {entry.existing && (
                            <li>
                              <span className="badge badge-due-today">{t("import.flag.duplicate")}</span>{" "}
                              {t("import.duplicate.existing", { company: entry.existing.companyName, owner: entry.existing.owner })}
                            </li>
                          )}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="hint">{t("import.preview.importHint", { batchSize: IMPORT_BATCH_SIZE })}</p>
          <button type="button" className="button-primary" onClick={() => void runImport()} disabled={importing || rows.length === 0} aria-busy={importing}>
            {t("import.run", { rows: rows.length })}
          </button>
        </section>
      )}

      {progress && (
        <section aria-labelledby={`${id}-progress`}>
          <h2 id={`${id}-progress`}>{t("import.step.result")}</h2>
          <div
            className="progress"
            role="progressbar"
            aria-labelledby={`${id}-progress-label`}
            aria-valuemin={0}
            aria-valuemax={progress.total}
            aria-valuenow={progress.done}
            aria-valuetext={t("import.progress.value", { done: progress.done, total: progress.total })}
            data-testid="import-progress"
          >
            <div className="progress-bar" style={{ width: `${progress.total === 0 ? 0 : (progress.done * 100) / progress.total}%` }} />
          </div>
          <p id={`${id}-progress-label`} className="hint">
            {t("import.progress.value", { done: progress.done, total: progress.total })}
          </p>
          {importError && <ErrorMessage error={importError} t={t} />}
        </section>
      )}

      {outcome && file && (
        <section aria-labelledby={`${id}-results`} data-testid="import-results">
          <h3 id={`${id}-results`} ref={results} tabIndex={-1}>
            {t("import.results.title")}
          </h3>
          <p data-testid="import-results-summary">{t("import.results.summary", { created: outcome.created, duplicates: outcome.duplicates, invalid: outcome.invalid })}</p>
          {outcome.replayed && (
            <p className="notice" data-testid="import-replayed">
              {t("import.results.replayed")}
            </p>
          )}
          {outcome.duplicates + outcome.invalid > 0 && (
            <button type="button" className="button-secondary" onClick={download}>
              {t("import.rejected.download", { count: outcome.duplicates + outcome.invalid })}
            </button>
          )}
          <div className="table-scroll">
            <table className="data-table" data-testid="import-result-rows">
              <caption className="visually-hidden">{t("import.results.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("import.col.row")}</th>
                  <th scope="col">{t("import.col.status")}</th>
                  <th scope="col">{t("import.col.detail")}</th>
                </tr>
              </thead>
              <tbody>
                {outcome.results.slice(0, RESULTS_SHOWN).map((result) => (
                  <tr key={result.rowId} data-row-id={result.rowId} data-status={result.status}>
                    <th scope="row">{result.rowId}</th>
                    <td>
                      <span className={`badge ${result.status === "CREATED" ? "badge-upcoming" : result.status === "INVALID" ? "badge-overdue" : "badge-due-today"}`}>
                        {t(`import.status.${result.status}`)}
                      </span>
                    </td>
                    <td>
                      {result.lead ? (
                        <a href={`${localePath(locale, "/leads/")}?id=${encodeURIComponent(result.lead.id)}`}>{result.lead.companyName}</a>
                      ) : (
                        resultReason(result, t)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {outcome.results.length > RESULTS_SHOWN && <p className="hint">{t("import.results.bound", { shown: RESULTS_SHOWN, total: outcome.results.length })}</p>}
        </section>
      )}
    </div>
  );
}

/** The sheet's line of each non-empty record, as buildRows numbers them. */
function buildRowIds(records: readonly string[][]): [string, string[]][] {
  return records.flatMap((record, index) => (record.every((cell) => cell.trim() === "") ? [] : [[String(index + 2), record] as [string, string[]]]));
}

/** Why a row was not created, in the page's words (the API's messages for field errors). */
function resultReason(result: ImportResult, t: Translate): string {
  if (result.status === "INVALID") {
    return result.errors.map((error) => t("import.result.fieldError", { field: fieldWord(error.field, t), message: error.message })).join(t("import.listSeparator"));
  }
  return result.duplicates
    .map((match) =>
      match.matchedRowId
        ? t("import.duplicate.inFile", { row: match.matchedRowId, reasons: match.reasons.map((reason) => t(`import.reason.${reason}`)).join(t("import.listSeparator")) })
        : t("import.duplicate.existingLead", { reasons: match.reasons.map((reason) => t(`import.reason.${reason}`)).join(t("import.listSeparator")), owner: match.owner.displayName }),
    )
    .join(t("import.listSeparator"));
}

function fieldWord(field: string, t: Translate): string {
  return (IMPORT_FIELDS as readonly string[]).includes(field) ? t(`import.field.${field as ImportField}`) : field;
}

function OwnerField({ id, t, teamId, value, onChange, disabled }: { id: string; t: Translate; teamId: string; value: string; onChange: (ownerId: string) => void; disabled: boolean }) {
  const [{ data }] = useQuery({ query: ImportRepsQuery, variables: { teamId } });
  return (
    <div className="field">
      <label htmlFor={id}>{t("import.defaults.owner")}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} disabled={disabled}>
        <option value="">{t("import.defaults.ownerSelf")}</option>
        {(data?.users ?? []).map((rep) => (
          <option key={rep.id} value={rep.id}>
            {rep.displayName}
          </option>
        ))}
      </select>
    </div>
  );
}
