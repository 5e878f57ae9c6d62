import { performance } from "node:perf_hooks";
import type { DatabaseHandle } from "../db/database.ts";
import type { NotificationListener } from "../db/notifications.ts";
import type { UserRow } from "../users/user.table.ts";

/** Migration 0019's triggers announce here every change to a user or an ended session. */
const AUTH_CHANGES_CHANNEL = "sales_auth_changed";

export interface SessionCacheOptions {
  /** Sessions kept at most; the one read longest ago goes first. */
  capacity: number;
  /**
   * How long a session is trusted without reading it again. Changes are announced at once; this
   * bounds what a listening connection that died unnoticed (no FIN, before TCP keep-alive tells)
   * could let through.
   */
  maxAgeMs: number;
  /** A monotonic clock in ms; tests pass their own. */
  clock: () => number;
}

const DEFAULTS: SessionCacheOptions = { capacity: 10_000, maxAgeMs: 30_000, clock: () => performance.now() };

interface Entry {
  user: UserRow;
  readAt: number;
}

/**
 * Issue 13: the sessions this process has checked, so a request need not read its user again.
 * Nothing is trusted unless the process is listening for changes: a user's sessions are
 * forgotten when the database announces a change to them (any process, the CLI, plain SQL), and
 * every session when listening is lost or starts again, since announcements were missed.
 */
export class SessionCache {
  readonly #entries = new Map<string, Entry>();
  readonly #options: SessionCacheOptions;
  #listening = false;
  /** Counts what was forgotten, so a read that a change overtook is not kept. */
  #changes = 0;

  constructor(options: Partial<SessionCacheOptions> = {}) {
    this.#options = { ...DEFAULTS, ...options };
  }

  /** The session's user as last read, while nothing has changed about them since. */
  userOf(sessionId: string): UserRow | undefined {
    const entry = this.#entries.get(sessionId);
    if (!entry) return undefined;
    if (this.#options.clock() - entry.readAt > this.#options.maxAgeMs) {
      this.#entries.delete(sessionId);
      return undefined;
    }
    return entry.user;
  }

  /** Taken before reading a session's user; `remember` keeps the read only if nothing changed meanwhile. */
  beforeRead(): number {
    return this.#changes;
  }

  remember(sessionId: string, user: UserRow, readTicket: number): void {
    if (!this.#listening || readTicket !== this.#changes) return;
    this.#entries.delete(sessionId);
    if (this.#entries.size >= this.#options.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(sessionId, { user, readAt: this.#options.clock() });
  }

  /**
   * Called by the mutations that change a user or end a session, once committed: the database's
   * announcement reaches this process's listener a moment later, and the same client's next
   * request must not arrive first.
   */
  forgetUser(userId: string): void {
    this.#changes++;
    for (const [sessionId, entry] of this.#entries) if (entry.user.id === userId) this.#entries.delete(sessionId);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Listens for the database's announcements; sessions are kept only while it does. */
  async listenTo(database: Pick<DatabaseHandle, "listen">): Promise<NotificationListener> {
    return database.listen(AUTH_CHANGES_CHANNEL, {
      onNotify: (userId) => (userId === "*" ? this.#forgetAll() : this.forgetUser(userId)),
      onListening: () => {
        this.#forgetAll();
        this.#listening = true;
      },
      onLost: () => {
        this.#listening = false;
        this.#forgetAll();
      },
    });
  }

  #forgetAll(): void {
    this.#changes++;
    this.#entries.clear();
  }
}
