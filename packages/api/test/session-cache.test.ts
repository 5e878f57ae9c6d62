import { describe, expect, it } from "vitest";
import { SessionCache } from "../src/auth/session-cache.ts";
import type { NotificationHandlers } from "../src/db/notifications.ts";
import type { UserRow } from "../src/users/user.table.ts";

const user = (id: string) => ({ id, displayName: id, sessionGeneration: 0 }) as UserRow;

/** A cache over a fake database whose announcements the test sends by hand. */
async function cacheWith(options: { capacity?: number; maxAgeMs?: number } = {}) {
  let clock = 0;
  let handlers: NotificationHandlers | undefined;
  const cache = new SessionCache({ ...options, clock: () => clock });
  await cache.listenTo({
    listen: async (_channel, given) => {
      handlers = given;
      return { close: async () => {} };
    },
  });
  return { cache, database: handlers!, advance: (ms: number) => (clock += ms) };
}

describe("the sessions an API process keeps (issue 13)", () => {
  it("keeps nothing until the database is listened to, and again nothing once listening is lost", async () => {
    const { cache, database } = await cacheWith();
    cache.remember("s1", user("u1"), cache.beforeRead());
    expect(cache.userOf("s1")).toBeUndefined();
    database.onListening();
    cache.remember("s1", user("u1"), cache.beforeRead());
    expect(cache.userOf("s1")?.id).toBe("u1");
    database.onLost();
    expect(cache.userOf("s1")).toBeUndefined();
    cache.remember("s1", user("u1"), cache.beforeRead());
    expect(cache.userOf("s1")).toBeUndefined();
  });

  it("forgets every session when listening starts again: announcements were missed meanwhile", async () => {
    const { cache, database } = await cacheWith();
    database.onListening();
    cache.remember("s1", user("u1"), cache.beforeRead());
    database.onListening();
    expect(cache.userOf("s1")).toBeUndefined();
  });

  it("forgets only the announced user's sessions, and every session on '*' (a TRUNCATE)", async () => {
    const { cache, database } = await cacheWith();
    database.onListening();
    for (const [session, id] of [["s1", "u1"], ["s2", "u1"], ["s3", "u2"]] as const) cache.remember(session, user(id), cache.beforeRead());
    database.onNotify("u1");
    expect([cache.userOf("s1"), cache.userOf("s2"), cache.userOf("s3")?.id]).toEqual([undefined, undefined, "u2"]);
    database.onNotify("*");
    expect(cache.size).toBe(0);
  });

  it("does not keep a read that an announcement overtook: the row may be from before the change", async () => {
    const { cache, database } = await cacheWith();
    database.onListening();
    const ticket = cache.beforeRead();
    database.onNotify("u9");
    cache.remember("s1", user("u1"), ticket);
    expect(cache.userOf("s1")).toBeUndefined();
    cache.remember("s1", user("u1"), cache.beforeRead());
    expect(cache.userOf("s1")?.id).toBe("u1");
  });

  it("reads a session again once it has been kept for longer than maxAgeMs", async () => {
    const { cache, database, advance } = await cacheWith({ maxAgeMs: 30_000 });
    database.onListening();
    cache.remember("s1", user("u1"), cache.beforeRead());
    advance(30_000);
    expect(cache.userOf("s1")?.id).toBe("u1");
    advance(1);
    expect(cache.userOf("s1")).toBeUndefined();
  });

  it("holds at most `capacity` sessions, dropping the one kept longest", async () => {
    const { cache, database } = await cacheWith({ capacity: 2 });
    database.onListening();
    for (const session of ["s1", "s2", "s3"]) cache.remember(session, user(session), cache.beforeRead());
    expect([cache.userOf("s1"), cache.userOf("s2")?.id, cache.userOf("s3")?.id]).toEqual([undefined, "s2", "s3"]);
    expect(cache.size).toBe(2);
  });
});
