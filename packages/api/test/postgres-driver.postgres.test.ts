import net from "node:net";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "./support/test-database.ts";

// What patches/postgres@3.4.9.patch mends in postgres.js 3.4.9, each on connections of its own.
// When upstream releases a fix and the patch is dropped, these say whether the new version still
// needs it (patches/README.md).

describe("postgres.js with patches/postgres@3.4.9.patch", () => {
  const database = useTestDatabase("postgres");
  const clients: postgres.Sql[] = [];
  // `socket` (a function opening the connection's socket) is postgres.js's, missing from its types.
  const open = (options: postgres.Options<Record<string, postgres.PostgresType>> & { socket?: () => Promise<net.Socket> } = {}) => {
    const client = postgres(database.url!, { max: 1, onnotice: () => {}, ...options });
    clients.push(client);
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end({ timeout: 1 })));
  });

  it("a transaction whose backend is terminated rejects with CONNECTION_CLOSED instead of crashing the process, and the next query succeeds (porsager/postgres#1208)", async () => {
    const sql = open();
    const admin = open();
    // The transaction's own rollback, sent after its connection closed, was the write that
    // threw from a setImmediate, out of reach of any catch.
    const transaction = sql.begin(async (tx) => {
      const [backend] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
      const sleeping = tx`select pg_sleep(10)`.execute();
      await admin`select pg_terminate_backend(${backend!.pid})`;
      await sleeping;
    });
    await expect(transaction).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    // Not failed with the terminated query's 57P01, which the connection used to keep.
    expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
  });

  it("a connection that closed with a write still queued connects again instead of waiting for CONNECT_TIMEOUT", async () => {
    const { hostname, port } = new URL(database.url!);
    let socket: net.Socket | undefined;
    const sql = open({
      connect_timeout: 2,
      // Its own sockets, so the test can close one at the moment the defect needs.
      socket: () =>
        new Promise<net.Socket>((resolve, reject) => {
          const opened = net.connect(Number(port || 5432), hostname);
          opened.once("connect", () => resolve((socket = opened)));
          opened.once("error", reject);
        }),
      // Called as a statement is written, its bytes queued for the next setImmediate: the
      // socket closes before they are flushed, as when a server's close arrives in the same turn.
      debug: (_connection, query) => {
        if (query.includes("closing now")) process.nextTick(() => socket!.emit("close", false));
      },
    });
    await sql`select 1`;
    const lost = socket!;
    await expect(sql`select 'closing now'`).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    lost.destroy();
    expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
  });
});
