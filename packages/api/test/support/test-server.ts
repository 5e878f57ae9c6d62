import { afterAll, beforeAll } from "vitest";
import { createServer, type RunningServer } from "../../src/server.ts";
import type { TestDatabase } from "./test-database.ts";

export interface TestServer {
  readonly url: string;
  /** POSTs a GraphQL operation and returns the parsed body (data and errors). */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResponse<T>>;
}

export interface GraphqlResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** The real HTTP server on a free port, over the file's test database, with a fixed clock. */
export function startTestServer(database: TestDatabase, options: { now: Date; production?: boolean }): TestServer {
  let running: RunningServer | undefined;
  beforeAll(async () => {
    const server = await createServer({
      config: { production: options.production ?? false, bodyLimitBytes: 16 * 1024 * 1024 },
      database: database.handle,
      clock: () => options.now,
      log: () => {},
    });
    running = await server.listen(0, "127.0.0.1");
  });
  afterAll(async () => {
    await running?.stop();
  });
  return {
    get url() {
      if (!running) throw new Error("The test server starts in beforeAll");
      return running.url;
    },
    async graphql<T>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResponse<T>> {
      const response = await fetch(`${this.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphqlResponse<T>;
    },
  };
}
