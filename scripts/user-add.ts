// `npm run user:add -- --email a@example.com --role admin [--name "Full Name"]`: creates a person, or sets an
// existing person's role and password (audited; their sessions are revoked). The password comes from
// USER_PASSWORD, from stdin when it is not a terminal, or from a hidden prompt; never from the command line.
// A CLI entry point: it reads its one variable, USER_PASSWORD, directly (like scripts/test-pg.ts).
import { getDbHandle } from "@/db/client";
import { addUser } from "@/server/auth/add-user";
import { parseUserAddArgs, promptHidden, readPasswordFromStream } from "@/server/auth/user-add-cli";
import { DomainError } from "@/server/lib/errors";

async function main(): Promise<number> {
  let args;
  try {
    args = parseUserAddArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const password = process.env.USER_PASSWORD
    ? process.env.USER_PASSWORD
    : process.stdin.isTTY
      ? await promptHidden(`Password for ${args.email}: `)
      : await readPasswordFromStream(process.stdin);
  const handle = await getDbHandle();
  try {
    const result = await addUser(handle.db, { ...args, password }, { id: null, label: "cli:user-add" });
    console.log(`${result.created ? "created" : "updated"} ${result.email} as ${result.role}${result.created ? "" : " (password changed, sessions revoked)"}`);
    return 0;
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main();
