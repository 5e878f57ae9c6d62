// The strength every password set through the API must have (issue 10, finding 3): long enough,
// of more than one kind of character, not made of the account's own email, and not one of the
// passwords every guessing list starts with. Login throttling limits how fast guesses come; this
// keeps the first few guesses from being enough.
import { err, fieldError, ok, type FieldError, type Result } from "./result.ts";

export const PASSWORD_MIN_LENGTH = 10;
/** Hashing is slow on purpose; an unbounded password would let one request burn a core. */
export const PASSWORD_MAX_LENGTH = 200;
/** "aaaaaaaaa1" and "1212121212" are long but guessed at once. */
const MIN_DIFFERENT_CHARACTERS = 5;
/** A shorter local part ("li@") is too likely to appear in a good password by chance. */
const MIN_EMAIL_NAME_LENGTH = 4;

// Letters in lower and upper case, other letters (Chinese characters), digits, and everything
// else (spaces, punctuation, symbols). Two of them make a dictionary word alone not enough.
const CHARACTER_CLASSES = [/\p{Ll}/u, /\p{Lu}/u, /[\p{Lt}\p{Lm}\p{Lo}]/u, /\p{N}/u, /[^\p{L}\p{N}]/u] as const;

/**
 * Whole passwords from the top of the leaked-password lists that the other rules let through
 * (and that COMMON_WORDS below does not already catch).
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "1q2w3e4r5t",
  "1q2w3e4r5t6y",
  "1qaz2wsx3edc",
  "1qaz@wsx3edc",
  "a123456789",
  "a1234567890",
  "aa12345678",
  "qq123456789",
  "qwer1234!@#$",
  "zaq12wsxcde3",
  "p@ssw0rd123",
  "p@ssword123",
  "passw0rd123",
  "1234567890a",
  "123456789a",
  "123456789q",
  "1234567890q",
]);

/**
 * Words that stay weak whatever digits and symbols are put around them ("Password2026!",
 * "woaini1314"): compared with the password's letters alone, lower-cased.
 */
const COMMON_WORDS: ReadonlySet<string> = new Set([
  "password",
  "passwort",
  "qwerty",
  "qwertyuiop",
  "asdfgh",
  "asdfghjkl",
  "zxcvbnm",
  "abc",
  "abcd",
  "abcdef",
  "abcdefg",
  "admin",
  "administrator",
  "root",
  "welcome",
  "letmein",
  "changeme",
  "iloveyou",
  "woaini",
  "demo",
  "test",
  "qazwsx",
  "sales",
]);

/**
 * Checks a new password against the policy. `email` is the account's (normalised) address: a
 * password that is the address, or contains its name part, is the first thing a guesser tries.
 * Length counts characters after NFKC, as the hash does, so a full-width "ａ" is one "a".
 */
export function validatePassword(password: string, account: { email: string | null }): Result<string, FieldError> {
  const text = password.normalize("NFKC");
  const characters = [...text];
  if (characters.length < PASSWORD_MIN_LENGTH) {
    return err(fieldError("password", "TOO_SHORT", `must be at least ${PASSWORD_MIN_LENGTH} characters`));
  }
  if (characters.length > PASSWORD_MAX_LENGTH) {
    return err(fieldError("password", "TOO_LONG", `may be at most ${PASSWORD_MAX_LENGTH} characters`));
  }
  if (CHARACTER_CLASSES.filter((pattern) => pattern.test(text)).length < 2) {
    return err(
      fieldError("password", "ONE_CHARACTER_CLASS", "must mix at least two of: lower-case letters, upper-case letters, other letters, digits, symbols or spaces"),
    );
  }
  if (new Set(characters).size < MIN_DIFFERENT_CHARACTERS) {
    return err(fieldError("password", "REPETITIVE", `must have at least ${MIN_DIFFERENT_CHARACTERS} different characters`));
  }
  const lower = text.toLowerCase();
  if (account.email !== null && containsEmail(lower, account.email.toLowerCase())) {
    return err(fieldError("password", "CONTAINS_EMAIL", "must not contain the account's email address or its name part"));
  }
  const letters = lower.replace(/\P{L}/gu, "");
  if (COMMON_PASSWORDS.has(lower) || COMMON_WORDS.has(letters)) {
    return err(fieldError("password", "COMMON_PASSWORD", "is one of the passwords guessed first: choose another"));
  }
  return ok(password);
}

function containsEmail(password: string, email: string): boolean {
  const name = email.split("@")[0] ?? "";
  return password.includes(email) || ([...name].length >= MIN_EMAIL_NAME_LENGTH && password.includes(name));
}
