import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseConfig } from "./db/database.ts";
import { LOG_LEVELS, type LogLevel } from "./logging/logger.ts";

/** `.data/` at the repository root, wherever the command was started from. */
const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../../.data", import.meta.url));

/** Everything the API reads from the environment, in one place (the README lists each). */
export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Production masks unexpected errors and hides stack traces. */
  production: boolean;
  /** Largest request body accepted, in bytes (a 5,000-row import fits comfortably). */
  bodyLimitBytes: number;
  /** Origins other than the API's own that browsers may call it from (CORS); none by default. */
  corsOrigins: string[];
  /**
   * The longest a request may run (REQUEST_TIMEOUT_MS): after it, the request starts no new
   * statement, and PostgreSQL cancels a statement of the API's running longer.
   */
  requestTimeoutMs: number;
  /**
   * The proxies allowed to name the client in X-Forwarded-For (Express's `trust proxy`): false
   * (the client is whoever opened the connection), a number of hops, or addresses and subnets.
   * The login throttle counts failures per client address, so this must be right behind a proxy.
   */
  trustProxy: false | number | string[];
  /** The least severe log lines written (LOG_LEVEL: fatal, error, warn, info, debug, trace or silent). */
  logLevel: LogLevel;
  auth: AuthConfig;
}

export interface AuthConfig {
  /** Signs session tokens; every replica must share it so any of them accepts any token. */
  secret: string;
  /** How long a login token stays valid. */
  sessionTtlMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    port: readInteger(env, "PORT", 4000),
    host: env.HOST ?? "0.0.0.0",
    database: readDatabaseConfig(env),
    production: env.NODE_ENV === "production",
    bodyLimitBytes: readInteger(env, "BODY_LIMIT_BYTES", 16 * 1024 * 1024),
    corsOrigins: readOrigins(env),
    requestTimeoutMs: readInteger(env, "REQUEST_TIMEOUT_MS", 15_000),
    trustProxy: readTrustProxy(env),
    logLevel: readLogLevel(env),
    auth: {
      secret: readAuthSecret(env),
      sessionTtlMs: readInteger(env, "SESSION_TTL_HOURS", 12) * 3_600_000,
    },
  };
}

/**
 * Production refuses to start without AUTH_SECRET. Elsewhere a random one is made per process,
 * so a restart signs everyone out, which is what a developer expects.
 */
function readAuthSecret(env: NodeJS.ProcessEnv): string {
  const secret = env.AUTH_SECRET;
  if (secret !== undefined && secret !== "") {
    if (secret.length < 32) throw new Error("AUTH_SECRET must be at least 32 characters");
    return secret;
  }
  if (env.NODE_ENV === "production") throw new Error("AUTH_SECRET must be set in production");
  return randomBytes(32).toString("base64url");
}

export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const replicaUrls = (env.DATABASE_REPLICA_URLS ?? "")
    .split(",")
    .map((url) => url.trim())
    .filter((url) => url !== "");
  const listenUrl = env.DATABASE_LISTEN_URL?.trim() || undefined;
  if (env.DATABASE_URL) {
    return { driver: "postgres", url: env.DATABASE_URL, maxConnections: readInteger(env, "DATABASE_POOL_SIZE", 10), replicaUrls, listenUrl };
  }
  // The embedded database is one process's: there is nothing to replicate from.
  if (replicaUrls.length > 0) throw new Error("DATABASE_REPLICA_URLS needs DATABASE_URL: replicas are of a PostgreSQL primary");
  if (listenUrl) throw new Error("DATABASE_LISTEN_URL needs DATABASE_URL: it reaches the same PostgreSQL server");
  return { driver: "pglite", dataDir: path.resolve(env.PGLITE_DATA_DIR ?? DEFAULT_DATA_DIR) };
}

/**
 * TRUST_PROXY: unset for none; a number of proxy hops; or a comma-separated list of the proxies'
 * addresses or subnets (`10.0.0.0/8`, or Express's names `loopback`, `linklocal`, `uniquelocal`).
 * "true" is refused: trusting every sender would let any client write its own address into
 * X-Forwarded-For and start its failed-login count afresh with each request.
 */
function readTrustProxy(env: NodeJS.ProcessEnv): false | number | string[] {
  const raw = (env.TRUST_PROXY ?? "").trim();
  if (raw === "") return false;
  if (raw === "true") throw new Error("TRUST_PROXY=true would let any client choose its address: give the number of proxy hops or the proxies' addresses");
  if (/^\d+$/.test(raw)) return readInteger(env, "TRUST_PROXY", 0);
  return raw
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

function readLogLevel(env: NodeJS.ProcessEnv): LogLevel {
  const raw = env.LOG_LEVEL ?? "";
  if (raw === "") return "info";
  const level = LOG_LEVELS.find((known) => known === raw);
  if (!level) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${raw}"`);
  return level;
}

/** CORS_ORIGINS: a comma-separated list of origins, each exactly as a browser sends it (scheme, host, port). */
function readOrigins(env: NodeJS.ProcessEnv): string[] {
  return (env.CORS_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "")
    .map((origin) => {
      const parsed = URL.canParse(origin) ? new URL(origin) : null;
      if (!parsed || parsed.origin !== origin) throw new Error(`CORS_ORIGINS: "${origin}" is not an origin like https://crm.example.com`);
      return origin;
    });
}

function readInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}
