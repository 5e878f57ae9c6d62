// Usage: pnpm create-admin --email admin@example.com --name "王芳"
// Creates an admin in the database of DATABASE_URL (or the embedded one), migrating it first:
// how an operator gets the first account on a database that has no demo data. The password is
// read from stdin when it is piped (`printf '%s\n' "$ADMIN_PASSWORD" | pnpm create-admin …`),
// or typed twice at a prompt that does not echo it. Never from an argument: arguments stay in
// the shell's history and show in every process list.
import "reflect-metadata";
import { parseArgs } from "node:util";
import { readDatabaseConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { AppError, type FieldProblem } from "../errors/app-error.ts";
import { createAdminFromTerminal } from "./user-admin.service.ts";

const USAGE = 'Usage: pnpm create-admin --email <email> --name "<display name>"   (the password is read from stdin or a prompt)';
/** The service names the GraphQL input's fields; here they are this command's options. */
const OPTION_OF_FIELD: Record<string, string> = { "input.email": "--email", "input.displayName": "--name", "input.password": "password" };

if (process.argv.slice(2).some((arg) => arg === "--password" || arg.startsWith("--password="))) {
  fail("The password is never an argument: arguments stay in the shell's history and show in the process list. Pipe it on stdin or type it at the prompt.");
}
const { email, name } = readOptions();
const password = process.stdin.isTTY ? await promptTwice() : await readFirstLine(process.stdin);

const database = openDatabase(readDatabaseConfig());
try {
  await database.migrate();
  const admin = await createAdminFromTerminal(database.db, { email, displayName: name, password }, new Date());
  console.log(`Created the admin ${admin.email} on ${database.driver}. Log in with that email and the password just given.`);
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  const problems = (error.extensions.fields as FieldProblem[] | undefined) ?? [];
  if (error.extensions.code === "BAD_USER_INPUT" && problems.length > 0) {
    for (const problem of problems) console.error(`${OPTION_OF_FIELD[problem.field] ?? problem.field}: ${problem.message}`);
  } else {
    console.error(error.message);
  }
  process.exitCode = 1;
} finally {
  await database.close();
}

function readOptions(): { email: string; name: string } {
  try {
    const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } }, strict: true });
    if (values.email !== undefined && values.name !== undefined) return { email: values.email, name: values.name };
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  return fail(USAGE);
}

/** A piped password is its first line, without the line break `echo` and `printf '%s\n'` add. */
async function readFirstLine(input: NodeJS.ReadStream): Promise<string> {
  input.setEncoding("utf8");
  let text = "";
  for await (const chunk of input) text += chunk;
  return text.split(/\r?\n/)[0]!;
}

async function promptTwice(): Promise<string> {
  const first = await promptHidden("Password for the new admin: ");
  const second = await promptHidden("The same password again: ");
  if (first !== second) fail("The two passwords differ; nothing was created.");
  return first;
}

/** Reads one line from the terminal in raw mode, so nothing typed is echoed. */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  input.setRawMode(true);
  input.setEncoding("utf8");
  input.resume();
  return new Promise((resolve) => {
    let typed = "";
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") {
          done();
          resolve(typed);
          return;
        }
        if (char === "\u0003") {
          done();
          fail("Cancelled; nothing was created.");
        }
        // Backspace (DEL on most terminals) takes back one character, as a visible prompt would.
        if (char === "\u007f" || char === "\b") typed = [...typed].slice(0, -1).join("");
        else typed += char;
      }
    };
    const done = () => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write("\n");
    };
    input.on("data", onData);
  });
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
