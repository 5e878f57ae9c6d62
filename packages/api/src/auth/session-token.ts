import { createHmac, timingSafeEqual } from "node:crypto";

// A login token is `<payload>.<signature>`, both base64url: the payload names the user and when
// the token expires, and the HMAC-SHA256 signature makes it tamper-proof. The server keeps no
// session state, so any replica sharing AUTH_SECRET accepts it.

interface SessionClaims {
  /** The user's id. */
  sub: string;
  /** Expiry, in milliseconds since the epoch. */
  exp: number;
}

export function signSessionToken(userId: string, expiresAt: Date, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ sub: userId, exp: expiresAt.getTime() } satisfies SessionClaims)).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

export type SessionCheck = { valid: true; userId: string } | { valid: false; reason: "MALFORMED" | "EXPIRED" };

export function verifySessionToken(token: string, secret: string, now: Date): SessionCheck {
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length > 0) return { valid: false, reason: "MALFORMED" };
  const expected = Buffer.from(sign(payload, secret));
  const actual = Buffer.from(signature);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { valid: false, reason: "MALFORMED" };
  const claims = parseClaims(payload);
  if (!claims) return { valid: false, reason: "MALFORMED" };
  if (claims.exp <= now.getTime()) return { valid: false, reason: "EXPIRED" };
  return { valid: true, userId: claims.sub };
}

function sign(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}

function parseClaims(payload: string): SessionClaims | null {
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof claims !== "object" || claims === null) return null;
    const { sub, exp } = claims as Record<string, unknown>;
    return typeof sub === "string" && typeof exp === "number" ? { sub, exp } : null;
  } catch {
    return null;
  }
}
