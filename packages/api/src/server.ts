import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express from "express";
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { authenticate } from "./auth/authenticate.ts";
import type { AppConfig } from "./config.ts";
import { createRequestContext, type RequestContext } from "./context/request-context.ts";
import type { DatabaseHandle } from "./db/database.ts";
import { createErrorFormatter, logUnexpectedErrors } from "./errors/format-error.ts";
import { rejectNulCharacters } from "./graphql/reject-nul-characters.ts";
import { buildAppSchema } from "./schema/build-schema.ts";

export interface ServerOptions {
  config: Pick<AppConfig, "production" | "bodyLimitBytes" | "corsOrigins" | "auth">;
  database: DatabaseHandle;
  /** The clock; tests pass a fixed one. */
  clock?: () => Date;
  log?: (message: string, error?: unknown) => void;
}

export interface RunningServer {
  url: string;
  httpServer: http.Server;
  stop(): Promise<void>;
}

/** Express serves /healthz and mounts Apollo at /graphql (architecture.md: no standalone server). */
export async function createServer(options: ServerOptions) {
  const { config, database } = options;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((message, error) => console.error(message, error ?? ""));

  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildAppSchema(),
    // The default landing page loads from a CDN; analysts get the bundled explorer instead.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of GraphQL responses here (they are per user); the default cache-control
      // plugin would still compute a hint for every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      logUnexpectedErrors(log),
      rejectNulCharacters(),
    ],
    // main.ts owns shutdown (drain, then close the pools, then exit). Apollo's own SIGTERM handler
    // racing it left the process hanging after "finishing open requests" until killed.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(config.production),
    // Introspection is off in production; "Did you mean …?" would still spell out the schema.
    hideSchemaDetailsFromClientErrors: config.production,
    includeStacktraceInErrorResponses: !config.production,
  });
  await apollo.start();

  app.get("/healthz", async (_req, res) => {
    try {
      await database.db.execute(sql`select 1`);
      res.json({ status: "ok", database: database.driver });
    } catch (error) {
      log("Health check failed", error);
      res.status(503).json({ status: "unavailable", database: database.driver });
    }
  });
  app.get("/", (_req, res) => {
    res.type("text/plain").send("Sales pipeline API. POST GraphQL queries to /graphql; health at /healthz.\n");
  });
  app.use(
    "/graphql",
    // Only the configured origins get CORS headers; the API's own origin (the portal) needs none.
    cors({ origin: config.corsOrigins.length === 0 ? false : config.corsOrigins }),
    express.json({ limit: config.bodyLimitBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const now = clock();
        const viewer = await authenticate(database.db, req.get("authorization"), { secret: config.auth.secret, now });
        return createRequestContext(database.db, {
          reportDb: database.reportDb(),
          requestId: req.get("x-request-id") ?? randomUUID(),
          now,
          viewer,
          auth: config.auth,
        });
      },
    }),
  );

  return {
    app,
    async listen(port: number, host?: string): Promise<RunningServer> {
      await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
      const address = httpServer.address() as AddressInfo;
      const shownHost = host && host !== "0.0.0.0" && host !== "::" ? host : "localhost";
      return {
        url: `http://${shownHost}:${address.port}`,
        httpServer,
        stop: () => apollo.stop(),
      };
    },
  };
}
