import type { UserRole } from "@sales/domain";
import type { AuthChecker } from "type-graphql";
import { viewerOf, type RequestContext } from "../context/request-context.ts";

/**
 * The one AuthChecker behind every `@Authorized`: anonymous callers are UNAUTHENTICATED, and so
 * is a request whose token did not sign in, with the token's own problem (expired, ended…); a
 * signed-in user whose role is not listed gets type-graphql's AuthorizationError, which the
 * error formatter maps to FORBIDDEN. What rows a role may see is decided where rows are loaded.
 */
export const authChecker: AuthChecker<RequestContext, UserRole> = ({ context }, roles) => {
  const viewer = viewerOf(context);
  return roles.length === 0 || roles.includes(viewer.role);
};
