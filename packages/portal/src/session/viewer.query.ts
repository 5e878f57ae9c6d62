import { graphql, type ResultOf } from "../graphql/graphql.ts";

/** Who is signed in: every protected page asks (the islands of a page share one request). */
export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      id
      displayName
      role
      team {
        id
        name
        timeZone
      }
    }
  }
`);

export type Viewer = NonNullable<ResultOf<typeof ViewerQuery>["viewer"]>;
export type UserRole = Viewer["role"];
