import type { TestProject } from "vitest/node";
import postgres from "postgres";
import { openDatabase } from "../../src/db/database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Set when the run has a PostgreSQL server: where to clone each test file's database from. */
    postgresTemplate: { serverUrl: string; template: string } | null;
  }
}

/**
 * With TEST_POSTGRES_URL (a server URL whose user may create databases), the run creates a
 * migrated template database of its own; each test file clones it, and teardown drops them all.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl) {
    project.provide("postgresTemplate", null);
    return;
  }
  const prefix = `sales_test_${process.pid}_${project.name.replace(/\W/g, "")}`;
  const template = `${prefix}_template`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  const handle = openDatabase({ driver: "postgres", url: withDatabase(serverUrl, template), maxConnections: 1 });
  await handle.migrate();
  await handle.close();
  project.provide("postgresTemplate", { serverUrl, template });

  return async () => {
    const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${prefix + "%"}`;
    for (const { datname } of rows) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin.end();
  };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
