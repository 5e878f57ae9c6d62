import { vi } from "vitest";
import { createLogger, type Logger } from "../../src/logging/logger.ts";

/** One parsed log line; the request line's fields are named, the rest left open. */
export interface LogLine {
  level: string;
  msg: string;
  requestId?: string;
  operationName?: string | null;
  durationMs?: number;
  status?: number;
  errorCodes?: string[];
  viewerId?: string | null;
  viewerRole?: string | null;
  bodyError?: string;
  errors?: Record<string, unknown>[];
  [field: string]: unknown;
}

export interface LogCapture {
  /** Pass to startTestServer's `logger`. */
  readonly logger: Logger;
  /** Everything written so far, exactly as it would reach stdout. */
  text(): string;
  lines(): LogLine[];
  /** The line of the request with this id; waits for it, as it is written when the response closes. */
  requestLine(requestId: string): Promise<LogLine>;
}

/** A real logger (redaction and serializers included) writing into memory instead of stdout. */
export function captureLog(options: { production: boolean; level?: "info" | "debug" } = { production: false }): LogCapture {
  const written: string[] = [];
  const logger = createLogger({ level: options.level ?? "info", production: options.production }, { write: (line: string) => void written.push(line) });
  const lines = () => written.map((line) => JSON.parse(line) as LogLine);
  return {
    logger,
    text: () => written.join(""),
    lines,
    requestLine: (requestId) =>
      vi.waitFor(() => {
        const line = lines().find((candidate) => candidate.requestId === requestId);
        if (!line) throw new Error(`no log line for request ${requestId} yet`);
        return line;
      }),
  };
}
