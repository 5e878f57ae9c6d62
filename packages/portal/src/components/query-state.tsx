import type { CombinedError } from "@urql/core";
import type { ReactNode } from "react";
import type { Translate } from "../i18n/translate.ts";
import { ErrorMessage } from "./error-message.tsx";

/** What a query has so far: urql's result, a paged list's `{ data: nodes, error }`, or the viewer. */
export interface QueryProgress<Data> {
  /** null or undefined until the answer is in. */
  data?: Data;
  error?: CombinedError | undefined;
}

interface QueryStateProps<Data> {
  result: QueryProgress<Data>;
  t: Translate;
  /** Shown until the answer is in; by default a line saying it is loading. */
  loading?: ReactNode;
  /** An answer with nothing to show, and what to say instead. */
  empty?: { when(data: NonNullable<Data>): boolean; say: ReactNode };
  children(data: NonNullable<Data>): ReactNode;
}

/**
 * The states every island's query goes through before its content: failed (said in the page's
 * language, nothing for UNAUTHENTICATED since the client is on its way to sign-in), still
 * loading, answered with nothing to show, and answered.
 */
export function QueryState<Data>({ result, t, loading, empty, children }: QueryStateProps<Data>): ReactNode {
  const { data } = result;
  if (result.error) return <ErrorMessage error={result.error} t={t} />;
  if (data === null || data === undefined) return loading ?? <LoadingBlock t={t} />;
  if (empty?.when(data)) return empty.say;
  return children(data);
}

/**
 * "Loading…". With `rows`, as tall as that many table rows: the room the content will take, so
 * what is below it does not move when the answer arrives (Lighthouse's layout shift).
 */
export function LoadingBlock({ t, rows }: { t: Translate; rows?: number }) {
  return (
    <p className="loading" style={rows === undefined ? undefined : { minHeight: `calc(${rows} * var(--table-row))` }}>
      {t("app.loading")}
    </p>
  );
}
