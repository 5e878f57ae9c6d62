import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { isUuid } from "../db/uuid.ts";

// An API token reads `sk_<token id>_<secret>`: the id finds the row, the secret is checked
// against its stored hash. The prefix tells it apart from a login token at a glance.
const PREFIX = "sk_";

export function newApiTokenSecret(): { secret: string; secretHash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { secret, secretHash: hashSecret(secret) };
}

export function formatApiToken(tokenId: string, secret: string): string {
  return `${PREFIX}${tokenId}_${secret}`;
}

export function isApiToken(token: string): boolean {
  return token.startsWith(PREFIX);
}

export function parseApiToken(token: string): { tokenId: string; secret: string } | null {
  const body = token.slice(PREFIX.length);
  const split = body.indexOf("_");
  if (split < 0) return null;
  const tokenId = body.slice(0, split);
  const secret = body.slice(split + 1);
  return isUuid(tokenId) && secret.length > 0 ? { tokenId, secret } : null;
}

export function secretMatches(secret: string, secretHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), "hex");
  const expected = Buffer.from(secretHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
