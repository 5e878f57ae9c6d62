import type { UserRole } from "@sales/domain";
import type { AuthChecker } from "type-graphql";
import type { RequestContext } from "../context/request-context.ts";
import { AppError } from "../errors/app-error.ts";

/**
 * The one AuthChecker behind every `@Authorized`: anonymous callers are UNAUTHENTICATED; a
 * signed-in user whose role is not listed gets type-graphql's AuthorizationError, which the
 * error formatter maps to FORBIDDEN. What rows a role may see is decided where rows are loaded.
 */
export const authChecker: AuthChecker<RequestContext, UserRole> = ({ context }, roles) => {
  if (!context.viewer) throw AppError.unauthenticated("Log in first: send `Authorization: Bearer <token>`");
  return roles.length === 0 || roles.includes(context.viewer.role);
};
