// The bare stack, run as its own process by api-bench.ts: Apollo Server's own standalone server
// (node:http, cors, body-parser) with its default settings, a type-graphql schema of the
// benchmark's raw-twinned pages (bare-schema.ts) and graphql-js executing it, over the raw
// baseline's statements. What the same pages cost through the frameworks alone, before any of
// the API's own layers (authentication, access rules, limits, logging, loaders, graphql-jit):
// the yardstick issue 13 names ("the bare Apollo + type-graphql stack serving the same SQL").
// Environment: DATABASE_URL, PORT, RAW_VIEWER_EMAIL, DATABASE_POOL_SIZE (the API's default, 10).
import "reflect-metadata";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildBareSchema, type BareContext } from "./bare-schema.ts";
import { rawDatabase } from "./raw-database.ts";

const database = await rawDatabase();
const apollo = new ApolloServer<BareContext>({ schema: await buildBareSchema() });
await startStandaloneServer(apollo, {
  listen: { port: Number(process.env.PORT), host: "127.0.0.1" },
  context: async () => database,
});

process.on("SIGTERM", () => {
  void apollo.stop().then(() => database.sql.end({ timeout: 5 })).then(() => process.exit(0));
});
