import type { MessageKey } from "../i18n/translate.ts";
import type { UserRole } from "../session/viewer.query.ts";

/**
 * The portal's screens, in navigation order, with the roles that see each in the navigation.
 * This only decides which links to show: what a screen may list is the API's decision (a rep
 * gets their own work, a manager the team's), and a screen opened by a role the API refuses
 * shows the API's FORBIDDEN. Each `path` is a page in src/pages/[...locale]/.
 */
export const SCREENS = [
  { key: "pipeline", path: "/pipeline/", label: "nav.pipeline", roles: ["REP", "MANAGER", "ANALYST", "ADMIN"] },
  { key: "reports", path: "/reports/", label: "nav.reports", roles: ["REP", "MANAGER", "ANALYST", "ADMIN"] },
  { key: "reviews", path: "/reviews/", label: "nav.reviews", roles: ["MANAGER", "REVIEWER", "ANALYST", "ADMIN"] },
  { key: "followUps", path: "/follow-ups/", label: "nav.followUps", roles: ["REP", "MANAGER", "ANALYST", "ADMIN"] },
  { key: "leads", path: "/leads/", label: "nav.leads", roles: ["REP", "MANAGER", "ANALYST", "ADMIN"] },
  { key: "import", path: "/import/", label: "nav.import", roles: ["REP", "MANAGER"] },
  // Issue 12: the GraphQL explorer, for analysts first (anyone signed in may open it; the API decides what each role gets).
  { key: "explorer", path: "/explorer/", label: "nav.explorer", roles: ["ANALYST", "ADMIN", "MANAGER"] },
] as const satisfies readonly { key: string; path: string; label: MessageKey; roles: readonly UserRole[] }[];

export type Screen = (typeof SCREENS)[number];
export type ScreenKey = Screen["key"];

/** Roles that read across teams and change nothing on these screens (the API refuses their writes). */
const READ_ONLY_ROLES: readonly UserRole[] = ["ANALYST", "ADMIN"];

export function screensFor(role: UserRole): Screen[] {
  return SCREENS.filter((screen) => (screen.roles as readonly UserRole[]).includes(role));
}

export function isReadOnly(role: UserRole): boolean {
  return READ_ONLY_ROLES.includes(role);
}

/**
 * Where a role lands after signing in (and at /): the pipeline board for reps and managers, the
 * review desk for reviewers, the follow-up queue for analysts and admins.
 */
export function homeScreenFor(role: UserRole): Screen {
  const preferred: ScreenKey = role === "REVIEWER" ? "reviews" : role === "REP" || role === "MANAGER" ? "pipeline" : "followUps";
  return SCREENS.find((screen) => screen.key === preferred)!;
}
