import { graphql } from "../graphql/graphql.ts";

/** The teams, for analysts and admins (in no team): the saved analyses' `{{team}}` is the first. */
export const ExplorerTeamsQuery = graphql(`
  query ExplorerTeams {
    teams {
      id
    }
  }
`);
