import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ValidationError } from "@/server/lib/errors";
import { parseUserAddArgs, promptHidden, readPasswordFromStream } from "./user-add-cli";

const USAGE = "usage: npm run user:add -- --email a@example.com --role admin [--name 'Full Name']  (password from USER_PASSWORD or stdin)";

const failure = (argv: string[]): ValidationError => {
  try {
    parseUserAddArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error(`parseUserAddArgs(${JSON.stringify(argv)}) did not throw`);
};

describe("parseUserAddArgs: what it refuses, with the exact message the command prints", () => {
  it("a bare word, or a flag that does not start the argument, is an unexpected argument", () => {
    expect(failure(["admin"]).message).toBe(`unexpected argument "admin"\n${USAGE}`);
    expect(failure(["x--email=a@example.com"]).message).toBe(`unexpected argument "x--email=a@example.com"\n${USAGE}`);
    // Upper-case or digits are not part of an option name: "--email2" is not "--email".
    expect(failure(["--email2", "a@example.com", "--role", "admin"]).message).toBe(`unexpected argument "--email2"\n${USAGE}`);
  });

  it("an option that is not --email/--role/--name is unknown", () => {
    expect(failure(["--email", "a@example.com", "--role", "admin", "--locale", "en"]).message).toBe(`unknown option --locale\n${USAGE}`);
    expect(failure(["--admin"]).message).toBe(`unknown option --admin\n${USAGE}`);
  });

  it("an option at the end, or followed by another option, needs a value", () => {
    expect(failure(["--role", "admin", "--email"]).message).toBe(`--email needs a value\n${USAGE}`);
    expect(failure(["--email", "--role", "admin"]).message).toBe(`--email needs a value\n${USAGE}`);
    expect(failure(["--email=--role", "admin"]).message).toBe(`--email needs a value\n${USAGE}`);
  });

  it("a password is refused in either spelling, and missing e-mail or role prints the usage", () => {
    expect(failure(["--password=hunter2", "--email", "a@example.com", "--role", "admin"]).message).toBe(
      "never pass a password on the command line: set USER_PASSWORD or pipe it on stdin",
    );
    expect(failure(["--role", "admin"]).message).toBe(USAGE);
    expect(failure([]).message).toBe(USAGE);
  });

  it("an --flag=value keeps everything after the first '=' (and an empty value there is refused as missing)", () => {
    expect(parseUserAddArgs(["--role=admin", "--email=a=b@example.com", "--name=Ann = Lee"])).toEqual({ email: "a=b@example.com", role: "admin", name: "Ann = Lee" });
    expect(failure(["--email=", "--role", "admin"]).message).toBe(USAGE);
  });
});

describe("readPasswordFromStream", () => {
  it("accepts exactly maxBytes and refuses one byte more", async () => {
    await expect(readPasswordFromStream(Readable.from([Buffer.from("abcd"), Buffer.from("ef")]), 6)).resolves.toBe("abcdef");
    await expect(readPasswordFromStream(Readable.from([Buffer.from("abcd"), Buffer.from("efg")]), 6)).rejects.toThrow(
      new ValidationError("the password on stdin is too long"),
    );
  });

  it("reads string chunks and multi-byte characters split across chunks; empty stdin is an empty password", async () => {
    const euro = Buffer.from("pässwörd€", "utf8");
    await expect(readPasswordFromStream(Readable.from([euro.subarray(0, 2), euro.subarray(2)]))).resolves.toBe("pässwörd€");
    await expect(readPasswordFromStream(Readable.from(["from-a-string\n"]))).resolves.toBe("from-a-string");
    await expect(readPasswordFromStream(Readable.from([]))).resolves.toBe("");
  });
});

/** A terminal stand-in: a stream with setRawMode (recorded), and an output that records what was written. */
function terminal(withRawMode = true) {
  const input = new PassThrough() as PassThrough & { setRawMode?: (on: boolean) => void };
  const rawModes: boolean[] = [];
  if (withRawMode) input.setRawMode = (on: boolean) => void rawModes.push(on);
  const written: string[] = [];
  const output = { write: (s: string) => (written.push(s), true) };
  const ask = (question = "Password: ") => promptHidden(question, input as unknown as NodeJS.ReadStream, output as unknown as NodeJS.WriteStream);
  return { input, rawModes, written, ask };
}

describe("promptHidden", () => {
  it("reads up to Enter in raw mode without echo, then restores the terminal and stops listening", async () => {
    const t = terminal();
    const answer = t.ask("Password for a@example.com: ");
    expect(t.rawModes).toEqual([true]);
    t.input.write(Buffer.from("s3cr"));
    t.input.write(Buffer.from("et\rafter-enter"));
    await expect(answer).resolves.toBe("s3cret");
    expect(t.rawModes).toEqual([true, false]);
    expect(t.written).toEqual(["Password for a@example.com: ", "\n"]);
    expect(t.input.listenerCount("data")).toBe(0);
    expect(t.input.isPaused()).toBe(true);
  });

  it("ends on a line feed too, and handles multi-byte input split across chunks", async () => {
    const t = terminal();
    const answer = t.ask();
    const euro = Buffer.from("€uro\n", "utf8");
    t.input.write(euro.subarray(0, 1));
    t.input.write(euro.subarray(1));
    await expect(answer).resolves.toBe("€uro");
  });

  it("backspace and DEL remove the last character (and do nothing on an empty answer)", async () => {
    const t = terminal();
    const answer = t.ask();
    // Three characters before each erase: removing "the last one" must not keep only the first.
    t.input.write("\u007fabc\u007fd\bef\r");
    await expect(answer).resolves.toBe("abef");
  });

  it("Ctrl-C rejects with 'cancelled', also restoring the terminal", async () => {
    const t = terminal();
    const answer = t.ask();
    t.input.write("abc\u0003def\r");
    await expect(answer).rejects.toThrow(new Error("cancelled"));
    expect(t.rawModes).toEqual([true, false]);
    expect(t.written).toEqual(["Password: ", "\n"]);
    expect(t.input.listenerCount("data")).toBe(0);
  });

  it("works on an input that is not a terminal (no setRawMode)", async () => {
    const t = terminal(false);
    const answer = t.ask();
    t.input.write("piped\n");
    await expect(answer).resolves.toBe("piped");
  });
});
