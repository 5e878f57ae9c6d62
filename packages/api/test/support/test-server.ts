import { afterAll, beforeAll } from "vitest";
import type { DatabaseHandle } from "../../src/db/database.ts";
import { createLogger, type Logger } from "../../src/logging/logger.ts";
import { createServer, type RunningServer } from "../../src/server.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { TEST_AUTH_SECRET, tokenFor } from "./fixtures.ts";
import type { TestDatabase } from "./test-database.ts";

export interface TestServer {
  readonly url: string;
  /**
   * POSTs a GraphQL operation and returns the parsed body (data and errors). `as` signs the
   * request in as that user, or sends the given string as the bearer token. `from` is the
   * client's address, sent as X-Forwarded-For (the server must trust the loopback proxy).
   * `operationName` picks the operation of a document that holds several.
   */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { as?: Pick<UserRow, "id"> | string; from?: string; operationName?: string },
  ): Promise<GraphqlResponse<T>>;
}

export interface GraphqlResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  /** The HTTP status of the response. */
  status: number;
}

/**
 * The real HTTP server on a free port, over the file's test database. `now` fixes the clock;
 * pass a function to move it during a test.
 */
export function startTestServer(
  database: TestDatabase,
  options: {
    now: Date | (() => Date);
    production?: boolean;
    corsOrigins?: string[];
    requestTimeoutMs?: number;
    trustProxy?: string[];
    logger?: Logger;
    /** The server's view of the database, for a test that changes how it behaves. */
    handle?: (handle: DatabaseHandle) => DatabaseHandle;
  },
): TestServer {
  let running: RunningServer | undefined;
  const clock = typeof options.now === "function" ? options.now : () => options.now as Date;
  beforeAll(async () => {
    const server = await createServer({
      config: {
        production: options.production ?? false,
        bodyLimitBytes: 16 * 1024 * 1024,
        corsOrigins: options.corsOrigins ?? [],
        requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
        trustProxy: options.trustProxy ?? false,
        auth: { secret: TEST_AUTH_SECRET, sessionTtlMs: 12 * 3_600_000 },
      },
      database: options.handle ? options.handle(database.handle) : database.handle,
      clock,
      // Silent unless the test captures the lines (test/support/log-capture.ts).
      logger: options.logger ?? createLogger({ level: "silent", production: options.production ?? false }),
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
    async graphql<T>(
      query: string,
      variables?: Record<string, unknown>,
      requestOptions: { as?: Pick<UserRow, "id"> | string; from?: string; operationName?: string } = {},
    ) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (requestOptions.from !== undefined) headers["x-forwarded-for"] = requestOptions.from;
      const as = requestOptions.as;
      if (as !== undefined) headers.authorization = `Bearer ${typeof as === "string" ? as : tokenFor(as, new Date(clock().getTime() + 3_600_000))}`;
      const response = await fetch(`${this.url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables, operationName: requestOptions.operationName }) });
      return { ...((await response.json()) as Omit<GraphqlResponse<T>, "status">), status: response.status };
    },
  };
}
