import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import cors from "cors";
import express from "express";
import http from "node:http";
import { performance } from "node:perf_hooks";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { authenticateLazily } from "./auth/authenticate.ts";
import { SessionCache } from "./auth/session-cache.ts";
import { credentialsOf, sessionCookieFor } from "./auth/session-cookie.ts";
import type { AppConfig } from "./config.ts";
import { createRequestContext, type RequestContext } from "./context/request-context.ts";
import { databaseWithDeadline } from "./context/request-deadline.ts";
import type { DatabaseHandle } from "./db/database.ts";
import { createErrorFormatter, databaseUnavailableStatus } from "./errors/format-error.ts";
import { answerHttpErrors } from "./errors/http-errors.ts";
import { graphqlRoute, isGraphqlPath } from "./graphql/graphql-route.ts";
import { jitGateway } from "./graphql/jit-gateway.ts";
import { REQUEST_LIMITS, requestLimits } from "./graphql/limits/request-limits.ts";
import { rejectNulCharacters } from "./graphql/reject-nul-characters.ts";
import { apolloLogger, type Logger } from "./logging/logger.ts";
import { logRequests, requestIdOf, requestLogPlugin, trackContext } from "./logging/request-log.ts";
import { servePortal } from "./portal/serve-portal.ts";
import { buildAppSchema } from "./schema/build-schema.ts";

export interface ServerOptions {
  config: Pick<AppConfig, "production" | "bodyLimitBytes" | "corsOrigins" | "requestTimeoutMs" | "trustProxy" | "auth">;
  database: DatabaseHandle;
  /** The clock; tests pass a fixed one. */
  clock?: () => Date;
  /** Where every line goes (logging/logger.ts); tests pass a silent one or capture it. */
  logger: Logger;
  /** The built portal served at / (packages/portal/dist unless given). */
  portalDir?: string;
}

export interface RunningServer {
  url: string;
  httpServer: http.Server;
  stop(): Promise<void>;
}

/**
 * Express serves /healthz and the built portal at /; Apollo answers /graphql through Express's
 * middleware, beside its router (graphql/graphql-route.ts; architecture.md: no standalone server).
 */
export async function createServer(options: ServerOptions) {
  const { config, database, logger } = options;
  const clock = options.clock ?? (() => new Date());

  const app = express();
  app.disable("x-powered-by");
  // req.ip reads X-Forwarded-For only from the proxies configured: logins are throttled by it.
  app.set("trust proxy", config.trustProxy);
  // Its requests are handed out below, once Apollo (whose drain plugin needs the server) has started.
  const httpServer = http.createServer();
  const apollo = new ApolloServer<RequestContext>({
    gateway: jitGateway(await buildAppSchema()),
    // The default landing page loads from a CDN; analysts get the bundled explorer instead.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of GraphQL responses here (they are per user); the default cache-control
      // plugin would still compute a hint for every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      // Open requests get as long to finish on SIGTERM as a request may run at all.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.requestTimeoutMs + 1_000 }),
      requestLogPlugin(),
      rejectNulCharacters(),
      requestLimits(),
      databaseUnavailableStatus(),
    ],
    parseOptions: { maxTokens: REQUEST_LIMITS.maxTokens },
    // main.ts owns shutdown (drain, then close the pools, then exit). Apollo's own SIGTERM handler
    // racing it left the process hanging after "finishing open requests" until killed.
    stopOnTerminationSignals: false,
    logger: apolloLogger(logger),
    formatError: createErrorFormatter(config.production),
    // Introspection is off in production; "Did you mean …?" would still spell out the schema.
    hideSchemaDetailsFromClientErrors: config.production,
    includeStacktraceInErrorResponses: !config.production,
  });
  await apollo.start();
  const sessions = new SessionCache();
  const sessionChanges = await sessions.listenTo(database);

  app.get("/healthz", async (_req, res) => {
    try {
      await database.db.execute(sql`select 1`);
      res.json({ status: "ok", database: database.driver });
    } catch (error) {
      logger.warn({ err: error }, "health check failed");
      res.status(503).json({ status: "unavailable", database: database.driver });
    }
  });
  const answerErrors = answerHttpErrors(logger);
  const graphql = graphqlRoute(app, {
    before: [
      // First, so a body refused by the JSON parser still gets a request id and its line.
      logRequests(logger, { production: config.production }),
      // Only the configured origins get CORS headers; the API's own origin (the portal) needs none.
      cors({ origin: config.corsOrigins.length === 0 ? false : config.corsOrigins }),
      express.json({ limit: config.bodyLimitBytes }),
    ],
    apollo,
    context: trackContext(async ({ req, res }) => {
      const startedAt = performance.now();
      const now = clock();
      const { authentication, failure } = await authenticateLazily(database.db, credentialsOf(req), { secret: config.auth.secret, now, sessions });
      return createRequestContext(databaseWithDeadline(database.db, config.requestTimeoutMs, startedAt), {
        reportDb: databaseWithDeadline(database.reportDb(), config.requestTimeoutMs, startedAt),
        requestId: requestIdOf(res),
        now,
        viewer: authentication?.viewer ?? null,
        session: authentication?.session ?? null,
        sessions,
        authFailure: failure,
        sessionCookie: sessionCookieFor(req, res),
        auth: config.auth,
        clientAddress: req.ip ?? null,
      });
    }),
    // Errors before GraphQL runs (a body that is not JSON) answered, not printed.
    onError: answerErrors,
  });
  // The portal at / (issue 11); /graphql never reaches it, so no route of the API is ever a file.
  app.use(servePortal(options.portalDir));
  app.use(answerErrors);
  httpServer.on("request", (req, res) => (isGraphqlPath(req.url) ? graphql(req, res) : app(req, res)));

  return {
    app,
    async listen(port: number, host?: string): Promise<RunningServer> {
      await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
      const address = httpServer.address() as AddressInfo;
      const shownHost = host && host !== "0.0.0.0" && host !== "::" ? host : "localhost";
      return {
        url: `http://${shownHost}:${address.port}`,
        httpServer,
        stop: async () => {
          await apollo.stop();
          await sessionChanges.close();
        },
      };
    },
  };
}
