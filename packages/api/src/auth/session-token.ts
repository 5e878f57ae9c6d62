import { createHmac, timingSafeEqual } from "node:crypto";

// A login token is `<payload>.<signature>`, both base64url: the payload names the user, the
// session, the user's session generation and when the token expires, and the HMAC-SHA256
// signature makes it tamper-proof. Any replica sharing AUTH_SECRET accepts it; the database keeps
// only what ends sessions early (auth/ended-session.table.ts, users.session_generation).

interface SessionClaims {
  /** The user's id. */
  sub: string;
  /** The session's id, which logging out ends. */
  sid: string;
  /** The user's session generation when the token was issued. */
  gen: number;
  /** Expiry, in milliseconds since the epoch. */
  exp: number;
}

export interface Session {
  userId: string;
  sessionId: string;
  generation: number;
  expiresAt: Date;
}

export function signSessionToken(session: Session, secret: string): string {
  const claims: SessionClaims = { sub: session.userId, sid: session.sessionId, gen: session.generation, exp: session.expiresAt.getTime() };
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

export type SessionCheck = { valid: true; session: Session } | { valid: false; reason: "MALFORMED" | "EXPIRED" };

export function verifySessionToken(token: string, secret: string, now: Date): SessionCheck {
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length > 0) return { valid: false, reason: "MALFORMED" };
  const expected = Buffer.from(sign(payload, secret));
  const actual = Buffer.from(signature);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { valid: false, reason: "MALFORMED" };
  const claims = parseClaims(payload);
  if (!claims) return { valid: false, reason: "MALFORMED" };
  if (claims.exp <= now.getTime()) return { valid: false, reason: "EXPIRED" };
  return { valid: true, session: { userId: claims.sub, sessionId: claims.sid, generation: claims.gen, expiresAt: new Date(claims.exp) } };
}

function sign(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}

function parseClaims(payload: string): SessionClaims | null {
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof claims !== "object" || claims === null) return null;
    const { sub, sid, gen, exp } = claims as Record<string, unknown>;
    const wellFormed = typeof sub === "string" && typeof sid === "string" && Number.isInteger(gen) && typeof exp === "number";
    return wellFormed ? { sub, sid, gen: gen as number, exp } : null;
  } catch {
    return null;
  }
}
