import type { UserRole } from "@sales/domain";
import { DEMO_PASSWORD, demoEmail } from "../src/seed/demo-people.ts";

/** The demo account the fuzzer acts as for each role (east team's, for the roles with a team). */
export const ACTING_ACCOUNTS: Readonly<Record<UserRole, string>> = {
  ADMIN: demoEmail("admin"),
  MANAGER: demoEmail("manager.east"),
  REP: demoEmail("rep1.east"),
  REVIEWER: demoEmail("reviewer.east"),
  ANALYST: demoEmail("analyst"),
};

/**
 * Signs in as the role's demo account through the API's own `login`, as any client does, so the
 * fuzzer needs nothing but the server's address and the demo data (`pnpm db:seed`).
 */
export function signInToDemoAccounts(url: string) {
  return async (role: UserRole): Promise<{ token: string; userId: string }> => {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: "mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { token user { id } } }",
        variables: { email: ACTING_ACCOUNTS[role], password: DEMO_PASSWORD },
      }),
    });
    const body = (await response.json()) as { data?: { login: { token: string; user: { id: string } } }; errors?: { message: string }[] };
    if (!body.data) throw new Error(`Cannot sign in as ${ACTING_ACCOUNTS[role]}: ${body.errors?.[0]?.message ?? `HTTP ${response.status}`}`);
    return { token: body.data.login.token, userId: body.data.login.user.id };
  };
}
