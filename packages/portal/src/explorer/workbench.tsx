// Monaco's web workers (editor, JSON, GraphQL) through Vite's `?worker` imports: bundled into
// /_astro/ with the portal, never fetched from a CDN.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import "@graphiql/plugin-explorer/style.css";
import "./explorer.css";
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { useGraphiQL, useGraphiQLActions, type GraphiQLPlugin } from "@graphiql/react";
import { GraphiQL, HISTORY_PLUGIN } from "graphiql";
import { buildSchema } from "graphql";
import { useMemo, useState } from "react";
// The committed schema, read at build time: completion, the docs and validation work with
// introspection turned off (GraphiQL sends no introspection query when given a schema).
import schemaSource from "../../../api/schema.graphql?raw";
import type { Locale } from "../i18n/locales.ts";
import { translator, type Translate } from "../i18n/translate.ts";
import { SAVED_ANALYSES, type SavedAnalysis } from "./analyses.ts";
import { editorHeaders, sendOperation, type ExplorerRun } from "./fetcher.ts";
import { resolvePlaceholders } from "./placeholders.ts";
import { ResultsPanel } from "./results-panel.tsx";

const schema = buildSchema(schemaSource);

export default function Workbench({ locale, teamId }: { locale: Locale; teamId: string | null }) {
  const t = translator(locale);
  const [run, setRun] = useState<ExplorerRun | null>(null);
  const plugins = useMemo(() => [savedAnalysesPlugin(locale, teamId, t), HISTORY_PLUGIN, explorerPlugin()], [locale, teamId, t]);
  const fetcher = useMemo(
    () => async (params: { query: string; operationName?: string | null; variables?: Record<string, unknown> }, options?: { headers?: Record<string, unknown> }) => {
      const answer = await sendOperation({ query: params.query, variables: params.variables, operationName: params.operationName ?? undefined }, editorHeaders(options?.headers));
      setRun(answer);
      return answer.response as Record<string, unknown>;
    },
    [],
  );
  return (
    <>
      <p className="hint">{t("explorer.intro")}</p>
      <div className="explorer-graphiql" data-testid="explorer-graphiql">
        <GraphiQL
          fetcher={fetcher}
          schema={schema}
          plugins={plugins}
          visiblePlugin={plugins[0]}
          defaultQuery={SAVED_ANALYSES[0]?.source ?? ""}
          // The header editor is where an integrator pastes `{"Authorization": "Bearer …"}`; it is
          // never written to storage (a token must not sit in localStorage).
          shouldPersistHeaders={false}
          defaultEditorToolsVisibility="variables"
          forcedTheme="light"
        />
      </div>
      <ResultsPanel run={run} locale={locale} t={t} />
    </>
  );
}

function savedAnalysesPlugin(locale: Locale, teamId: string | null, t: Translate): GraphiQLPlugin {
  return {
    title: t("explorer.saved.title"),
    icon: SavedIcon,
    content: () => <SavedAnalyses locale={locale} teamId={teamId} t={t} />,
  };
}

function SavedIcon() {
  return (
    <svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth={1.5} aria-hidden="true">
      <path d="M6 3h12v18l-6-4-6 4z" strokeLinejoin="round" />
    </svg>
  );
}

/** The side panel of saved analyses: each by title with its explanation; opening one puts it in the editors and runs it. */
function SavedAnalyses({ locale, teamId, t }: { locale: Locale; teamId: string | null; t: Translate }) {
  const queryEditor = useGraphiQL((state) => state.queryEditor);
  const variableEditor = useGraphiQL((state) => state.variableEditor);
  const { run, setOperationName } = useGraphiQLActions();
  // The editors load after this panel shows (more slowly on a busy machine): a click before then
  // would set nothing and run nothing, so the buttons wait for them.
  const ready = Boolean(queryEditor && variableEditor);
  const open = (analysis: SavedAnalysis) => {
    queryEditor?.setValue(analysis.source);
    variableEditor?.setValue(resolvePlaceholders(analysis.variables, { now: new Date(), teamId }));
    const name = /^\s*(?:query|mutation)\s+(\w+)/m.exec(analysis.source)?.[1];
    if (name) setOperationName(name);
    run();
  };
  return (
    <section className="explorer-saved" aria-labelledby="explorer-saved-heading" data-testid="saved-analyses">
      <h2 id="explorer-saved-heading" className="graphiql-doc-explorer-title">
        {t("explorer.saved.title")}
      </h2>
      <p className="hint">{t("explorer.saved.hint")}</p>
      <ul>
        {SAVED_ANALYSES.map((analysis) => (
          <li key={analysis.id} data-analysis={analysis.id}>
            <h3>{analysis.title[locale]}</h3>
            <p>{analysis.about[locale]}</p>
            <button type="button" className="button-secondary" disabled={!ready} onClick={() => open(analysis)} aria-label={t("explorer.saved.run", { title: analysis.title[locale] })}>
              {t("explorer.saved.runShort")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
