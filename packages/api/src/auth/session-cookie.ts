import type { Request, Response } from "express";

/**
 * The portal's login session rides in this cookie (issue 11): HttpOnly, so no script can read
 * the token; SameSite=Strict, so no other site's page sends it; Secure over https. A cross-site
 * form post could still try a mutation with it, which Apollo's CSRF prevention refuses (it
 * takes only requests a form cannot make: JSON bodies, or a preflighted header).
 */
export const SESSION_COOKIE = "sales_session";

export interface SessionCookie {
  issue(token: string, expiresAt: Date): void;
  clear(): void;
}

export function sessionCookieFor(req: Request, res: Response): SessionCookie {
  const options = { httpOnly: true, sameSite: "strict", secure: req.secure, path: "/" } as const;
  return {
    issue: (token, expiresAt) => void res.cookie(SESSION_COOKIE, token, { ...options, expires: expiresAt }),
    clear: () => void res.clearCookie(SESSION_COOKIE, options),
  };
}

/**
 * The request's credentials as an Authorization header value: the header itself when sent (an
 * app's bearer token wins), else the session cookie's token.
 */
export function credentialsOf(req: Request): string | undefined {
  const header = req.get("authorization");
  if (header !== undefined) return header;
  const token = cookieValue(req.get("cookie"), SESSION_COOKIE);
  return token ? `Bearer ${token}` : undefined;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim() || null;
  }
  return null;
}
