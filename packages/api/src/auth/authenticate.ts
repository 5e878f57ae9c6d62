import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import { runNamed } from "../db/named-statement.ts";
import { preparedOnce } from "../db/prepared-once.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError } from "../errors/app-error.ts";
import { userColumns, users, type UserRow } from "../users/user.table.ts";
import { apiTokens } from "./api-token.table.ts";
import { isApiToken, parseApiToken, secretMatches } from "./api-token-secret.ts";
import { endedSessions } from "./ended-session.table.ts";
import type { SessionCache } from "./session-cache.ts";
import { verifySessionToken, type Session } from "./session-token.ts";

/** Who a request acts for, and the login session it came with (null for an API token). */
export interface Authentication {
  viewer: UserRow;
  session: Session | null;
}

/**
 * The user a request acts for, from its `Authorization: Bearer` header: null without one, and
 * UNAUTHENTICATED for a token that is malformed, expired, revoked, of an ended session, or whose
 * user is deactivated. A session's user is read once (one prepared statement, without the
 * password hash) and then kept in `sessions` until anything about the user changes, so
 * deactivation and logout still take effect at once; an API token's user is read every time.
 */
export async function authenticate(
  db: Database,
  authorization: string | undefined,
  options: AuthenticateOptions,
): Promise<Authentication | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw AppError.unauthenticated("The Authorization header must be `Bearer <token>`");
  const token = match[1]!;
  const authentication = isApiToken(token) ? { viewer: await userOfApiToken(db, token), session: null } : await sessionOf(db, token, options);
  if (!authentication.viewer.active) throw AppError.unauthenticated("This user has been deactivated");
  return authentication;
}

export interface AuthenticateOptions {
  secret: string;
  now: Date;
  sessions: SessionCache;
}

/** The signed-in user, and whether their session has ended. */
const sessionUser = preparedOnce((db) =>
  db
    .select({ user: userColumns, endedId: endedSessions.id })
    .from(users)
    .leftJoin(endedSessions, eq(endedSessions.id, sql.placeholder("sessionId")))
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare("session_user"),
);

async function sessionOf(db: Database, token: string, options: AuthenticateOptions): Promise<Authentication> {
  const check = verifySessionToken(token, options.secret, options.now);
  if (!check.valid) {
    throw AppError.unauthenticated(check.reason === "EXPIRED" ? "The token has expired: log in again" : "The token is not valid");
  }
  const { session } = check;
  // A token signed with our secret is ours, but its ids are still checked before the query.
  if (!isUuid(session.userId) || !isUuid(session.sessionId)) throw AppError.unauthenticated("The token is not valid");
  const user = options.sessions.userOf(session.sessionId) ?? (await readSessionUser(db, session, options.sessions));
  if (user.id !== session.userId) throw AppError.unauthenticated("The token is not valid");
  if (user.sessionGeneration !== session.generation) throw sessionEnded();
  return { viewer: user, session };
}

async function readSessionUser(db: Database, session: Session, sessions: SessionCache): Promise<UserRow> {
  const readTicket = sessions.beforeRead();
  const [row] = await sessionUser(db, { userId: session.userId, sessionId: session.sessionId });
  if (!row) throw AppError.unauthenticated("The token is not valid");
  if (row.endedId !== null) throw sessionEnded();
  if (row.user.sessionGeneration === session.generation) sessions.remember(session.sessionId, row.user, readTicket);
  return row.user;
}

function sessionEnded(): AppError {
  return AppError.unauthenticated("The session has ended: log in again");
}

async function userOfApiToken(db: Database, token: string): Promise<UserRow> {
  const parsed = parseApiToken(token);
  if (!parsed) throw AppError.unauthenticated("The API token is not valid");
  const [row] = await runNamed(
    db
      .select({ user: userColumns, secretHash: apiTokens.secretHash, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.id, parsed.tokenId)),
    "api_token_user",
  );
  if (!row || !secretMatches(parsed.secret, row.secretHash)) throw AppError.unauthenticated("The API token is not valid");
  if (row.revokedAt) throw AppError.unauthenticated("The API token has been revoked");
  return row.user;
}

/**
 * The request's sign-in, settled lazily (issue 10, finding 5): a bad token does not fail the
 * request, so public operations (`login`, `viewer`) still work with a stale token in the
 * browser; the first field that needs a signed-in user answers the token's own problem.
 */
export async function authenticateLazily(
  db: Database,
  authorization: string | undefined,
  options: AuthenticateOptions,
): Promise<{ authentication: Authentication | null; failure: AppError | null }> {
  try {
    return { authentication: await authenticate(db, authorization, options), failure: null };
  } catch (error) {
    if (error instanceof AppError) return { authentication: null, failure: error };
    throw error;
  }
}
