import { lazy, Suspense } from "react";
import { useQuery } from "urql";
import { QueryState } from "../components/query-state.tsx";
import { PortalProvider } from "../components/portal-provider.tsx";
import type { Locale } from "../i18n/locales.ts";
import { translator, type Translate } from "../i18n/translate.ts";
import { useViewer } from "../session/use-viewer.ts";
import { ExplorerTeamsQuery } from "./explorer.query.ts";

/**
 * GraphiQL, Monaco and its workers, the schema and the results table are one lazily loaded
 * chunk: this island (what the page loads first) only checks who is signed in, so the other
 * pages never carry any of it and this one shows its frame at once.
 */
const Workbench = lazy(() => import("./workbench.tsx"));

/**
 * The GraphQL explorer for analysts (issue 12): the viewer's own session cookie signs every
 * request, and what comes back is exactly what the API gives the viewer's role (masked contact
 * details for analysts). The page mounts it with client:only: Monaco cannot run at build time.
 */
export default function Explorer({ locale }: { locale: Locale }) {
  return (
    <PortalProvider>
      <ExplorerContent locale={locale} />
    </PortalProvider>
  );
}

function ExplorerContent({ locale }: { locale: Locale }) {
  const t = translator(locale);
  const { viewer, error } = useViewer();
  const [teams] = useQuery({ query: ExplorerTeamsQuery, pause: !viewer || viewer.team !== null });
  // A viewer of no team waits for the teams, to give the saved analyses' {{team}} one (or none if they failed).
  const ready = viewer && (viewer.team || teams.data || teams.error) ? viewer : null;
  return (
    <QueryState result={{ data: ready, error }} t={t} loading={<Loading t={t} />}>
      {(viewer) => (
        <Suspense fallback={<Loading t={t} />}>
          <Workbench locale={locale} teamId={viewer.team?.id ?? teams.data?.teams[0]?.id ?? null} />
        </Suspense>
      )}
    </QueryState>
  );
}

function Loading({ t }: { t: Translate }) {
  return <p className="loading">{t("explorer.loading")}</p>;
}
