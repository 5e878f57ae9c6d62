import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, validatePassword } from "@sales/domain";
import type { FieldProblem } from "../errors/app-error.ts";

/** The policy in a sentence, for the schema's descriptions. */
export const PASSWORD_RULE =
  `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters mixing at least two kinds (letters, digits, symbols…), ` +
  "without the account's email, and not a commonly guessed password";

/**
 * The password policy's verdict on a password being set (createUser, changePassword,
 * resetUserPassword, the create-admin CLI), as a problem naming `field`; null when it passes.
 */
export function newPasswordProblem(password: string, email: string | null, field: string): FieldProblem | null {
  const checked = validatePassword(password, { email });
  return checked.ok ? null : { field, code: checked.error.code, message: checked.error.message };
}
