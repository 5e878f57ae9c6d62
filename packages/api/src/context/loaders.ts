import type { Executor } from "../db/database.ts";
import { createLatestAssessmentByLeadLoader } from "../assessments/assessment.loaders.ts";
import { createNextFollowUpByLeadLoader } from "../follow-ups/follow-up.loaders.ts";
import { createTeamByIdLoader } from "../teams/team.loaders.ts";
import { createUserByIdLoader } from "../users/user.loaders.ts";

/** Built anew for every request, so a cached row never outlives the request that read it. */
export function createLoaders(db: Executor) {
  return {
    userById: createUserByIdLoader(db),
    teamById: createTeamByIdLoader(db),
    latestAssessmentByLead: createLatestAssessmentByLeadLoader(db),
    nextFollowUpByLead: createNextFollowUpByLeadLoader(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
