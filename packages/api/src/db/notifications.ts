import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";

/** What a process hears of NOTIFY on one channel, sent by any connection of any process. */
export interface NotificationHandlers {
  onNotify(payload: string): void;
  /** Listening now, and again after a lost connection is back: what was sent meanwhile was missed. */
  onListening(): void;
  /** The connection is lost: nothing is heard until `onListening` is called again. */
  onLost(): void;
}

export interface NotificationListener {
  close(): Promise<void>;
}

/**
 * A connection of its own that only listens (a pooled one would stop hearing once returned to
 * the pool). A lost connection is reported at once and listened on again with the pool's back-off.
 */
export async function listenOnPostgres(
  url: string,
  channel: string,
  handlers: NotificationHandlers,
  backoff: (attempts: number) => number,
): Promise<NotificationListener> {
  let closing = false;
  // `onnotify` is what postgres.js's own `listen` is built on, left out of its typings. Its
  // `listen` is not used: it subscribes again after a lost connection but never says it was lost.
  const options: postgres.Options<Record<string, never>> & { onnotify(channel: string, payload: string): void } = {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    fetch_types: false,
    onnotice: () => {},
    backoff,
    onnotify: (heardOn, payload) => {
      if (heardOn === channel) handlers.onNotify(payload);
    },
    onclose: () => {
      handlers.onLost();
      if (!closing) void subscribe();
    },
  };
  const client = postgres(url, options);
  const subscribe = async (): Promise<void> => {
    try {
      await client.unsafe(`listen "${channel.replaceAll('"', '""')}"`);
      handlers.onListening();
    } catch {
      // Reported by onclose, which subscribes again: the server is away or the socket broke.
    }
  };
  await subscribe();
  return {
    close: async () => {
      closing = true;
      await client.end({ timeout: 5 });
    },
  };
}

/** PGlite runs in this process and calls back as the notifying transaction commits. */
export async function listenOnPglite(client: PGlite, channel: string, handlers: NotificationHandlers): Promise<NotificationListener> {
  const unlisten = await client.listen(channel, handlers.onNotify);
  handlers.onListening();
  return { close: () => unlisten() };
}
