import path from "node:path";
import { describe, expect, it } from "vitest";
import { readConfig } from "../src/config.ts";

describe("configuration from the environment", () => {
  it("defaults to port 4000 and an embedded database in .data/ at the repository root", () => {
    const config = readConfig({});
    expect(config.port).toBe(4000);
    expect(config.database).toEqual({ driver: "pglite", dataDir: path.resolve(import.meta.dirname, "../../../.data") });
    expect(config.production).toBe(false);
  });

  it("allows no other origin by default, reads CORS_ORIGINS as a list of origins, and refuses what is not an origin", () => {
    expect(readConfig({}).corsOrigins).toEqual([]);
    expect(readConfig({ CORS_ORIGINS: " https://crm.example.com, http://localhost:4321 ,," }).corsOrigins).toEqual(["https://crm.example.com", "http://localhost:4321"]);
    for (const wrong of ["crm.example.com", "https://crm.example.com/", "https://crm.example.com/app", "*"]) {
      expect(() => readConfig({ CORS_ORIGINS: wrong })).toThrow(/^CORS_ORIGINS: .* is not an origin/);
    }
  });

  it("trusts no proxy by default; TRUST_PROXY takes a hop count or a list of proxies, never plain true (issue 10, finding 3)", () => {
    expect(readConfig({}).trustProxy).toBe(false);
    expect(readConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(readConfig({ TRUST_PROXY: " loopback, 10.0.0.0/8 ,," }).trustProxy).toEqual(["loopback", "10.0.0.0/8"]);
    expect(() => readConfig({ TRUST_PROXY: "true" })).toThrow(/^TRUST_PROXY=true would let any client choose its address/);
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const config = readConfig({ DATABASE_URL: "postgres://u@db:5432/sales", DATABASE_POOL_SIZE: "4" });
    expect(config.database).toEqual({ driver: "postgres", url: "postgres://u@db:5432/sales", maxConnections: 4, replicaUrls: [] });
  });

  it("reads DATABASE_LISTEN_URL beside DATABASE_URL, and refuses it without DATABASE_URL", () => {
    expect(readConfig({ DATABASE_URL: "postgres://pgbouncer:6432/db", DATABASE_LISTEN_URL: " postgres://primary:5432/db " }).database).toMatchObject({
      url: "postgres://pgbouncer:6432/db",
      listenUrl: "postgres://primary:5432/db",
    });
    expect(readConfig({ DATABASE_URL: "postgres://p/db" }).database).toMatchObject({ listenUrl: undefined });
    expect(() => readConfig({ DATABASE_LISTEN_URL: "postgres://primary/db" })).toThrow(/needs DATABASE_URL/);
  });

  it("reads DATABASE_REPLICA_URLS as a comma-separated list, and refuses it without DATABASE_URL", () => {
    expect(readConfig({ DATABASE_URL: "postgres://p/db", DATABASE_REPLICA_URLS: " postgres://r1/db, postgres://r2/db ,," }).database).toMatchObject({
      driver: "postgres",
      replicaUrls: ["postgres://r1/db", "postgres://r2/db"],
    });
    expect(() => readConfig({ DATABASE_REPLICA_URLS: "postgres://r1/db" })).toThrow(/needs DATABASE_URL/);
  });

  it.each([
    ["PORT", "http"],
    ["PORT", "-1"],
    ["BODY_LIMIT_BYTES", "1.5"],
  ])("rejects %s=%s, naming the variable", (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(new RegExp(`^${name} must be a positive integer`));
  });
});
