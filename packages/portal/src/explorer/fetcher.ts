/** The operation GraphiQL (or "load more") sends, and what the API answered. */
export interface ExplorerRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string | null;
}

export interface ExplorerRun {
  request: ExplorerRequest;
  /** The header editor's headers (an integrator's `Authorization: Bearer …`), without the ones we set. */
  headers: Record<string, string>;
  /** HTTP status and the JSON body (the API answers refusals, such as REQUEST_TOO_COMPLEX, with 400 and a GraphQL body). */
  status: number;
  response: unknown;
}

/**
 * One request to the API on this origin, as the portal's client sends them (src/graphql/client.ts):
 * a JSON POST to /graphql with the session cookie (same origin only), so Apollo's CSRF prevention
 * accepts it. Headers from GraphiQL's header editor go along; a bearer token there is what the
 * API acts on instead of the cookie (the API prefers the header). Nothing else is ever asked.
 */
export async function sendOperation(request: ExplorerRequest, headers: Record<string, string> = {}): Promise<ExplorerRun> {
  const response = await fetch("/graphql", {
    method: "POST",
    credentials: "same-origin",
    headers: { ...headers, accept: "application/graphql-response+json, application/json", "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}` }] };
  }
  return { request, headers, status: response.status, response: body };
}

/** Headers from the editor, as strings, without the two the explorer sets itself. */
export function editorHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (/^(content-type|accept)$/i.test(name) || value === undefined || value === null) continue;
    kept[name] = String(value);
  }
  return kept;
}
