import "server-only";
import type { Readable } from "node:stream";
import { ValidationError } from "@/server/lib/errors";

export interface UserAddArgs {
  email: string;
  role: string;
  name?: string;
}

const USAGE = "usage: npm run user:add -- --email a@example.com --role admin [--name 'Full Name']  (password from USER_PASSWORD or stdin)";

/** `--email x --role y [--name z]` (or --flag=value). A password on the command line is refused: it would land in shell history and `ps`. */
export function parseUserAddArgs(argv: string[]): UserAddArgs {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new ValidationError(`unexpected argument ${JSON.stringify(arg)}\n${USAGE}`);
    const key = m[1]!;
    if (key === "password") throw new ValidationError("never pass a password on the command line: set USER_PASSWORD or pipe it on stdin");
    if (!["email", "role", "name"].includes(key)) throw new ValidationError(`unknown option --${key}\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith("--")) throw new ValidationError(`--${key} needs a value\n${USAGE}`);
    out[key] = value;
  }
  if (!out.email || !out.role) throw new ValidationError(USAGE);
  return { email: out.email, role: out.role, name: out.name };
}

/** The first line of a piped stdin (`printf '%s' "$PW" | npm run user:add …`), without its line ending. */
export async function readPasswordFromStream(input: Readable, maxBytes = 4096): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > maxBytes) throw new ValidationError("the password on stdin is too long");
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

/** Asks on the terminal without echoing what is typed. */
export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(question);
    let value = "";
    input.setRawMode?.(true);
    input.resume();
    input.setEncoding("utf8");
    const done = (err?: Error) => {
      input.setRawMode?.(false);
      input.pause();
      input.off("data", onData);
      output.write("\n");
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003") return done(new Error("cancelled"));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on("data", onData);
  });
}
