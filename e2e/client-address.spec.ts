import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "@playwright/test";

// Issue #6: "X-Forwarded-For is trusted from anyone" and "anyone can lock any account". The suite's own
// server trusts one proxy hop (the tests play that proxy), so this spec starts a second server the way an
// operator runs PayOps without a proxy: scripts/serve.ts (what `npm start` runs) with TRUSTED_PROXY_HOPS=0,
// on its own fresh database. Requests go out from chosen loopback addresses (127.0.0.1, 127.0.0.2), so the
// socket address is the only thing a client cannot forge.
const production = process.env.E2E_MODE === "production";
const PORT = Number(process.env.E2E_PORT ?? 3100) + 2;
const ORIGIN = `http://127.0.0.1:${PORT}`;

let server: ChildProcess | undefined;

test.describe("client address without a trusted proxy (TRUSTED_PROXY_HOPS=0, npm start)", () => {
  test.describe.configure({ timeout: 420_000 });

  test.beforeAll(async () => {
    test.setTimeout(420_000);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      E2E_PORT: String(PORT),
      TRUSTED_PROXY_HOPS: "0",
      SIGNIN_MAX_ATTEMPTS: "5",
      LOG_LEVEL: "error",
      E2E_MODE: production ? "production" : "dev",
    };
    if (production) {
      // The suite's web server has just built .next-e2e; serve that build a second time.
      env.E2E_SKIP_BUILD = "1";
    } else {
      // A second dev server needs its own build folder, and a tsconfig of its own that `next dev` may rewrite.
      const dir = path.join(".data", "e2e-client-address");
      mkdirSync(dir, { recursive: true });
      const up = (p: string) => path.posix.join("..", "..", p);
      const tsconfig = {
        extends: up("tsconfig.json"),
        include: [up("next-env.d.ts"), up("**/*.ts"), up("**/*.tsx")],
        exclude: ["node_modules", ".data", ".next", ".next-*", ".stryker-tmp*", "coverage"].map(up),
      };
      writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
      env.NEXT_DIST_DIR = ".next-e2e-client-address";
      env.NEXT_TSCONFIG = path.join(dir, "tsconfig.json");
    }
    // Its own process group (as Playwright starts its web server): afterAll stops the whole tree at once.
    server = spawn(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/e2e-server.ts"], { env, stdio: "inherit", detached: true });
    const exited = new Promise<never>((_, reject) => server!.once("exit", (code) => reject(new Error(`second e2e server exited (${code})`))));
    const ready = (async () => {
      for (;;) {
        try {
          if ((await call("GET", "/api/auth/csrf", "127.0.0.1")).status === 200) return;
        } catch {
          // not listening yet
        }
        await sleep(1000);
      }
    })();
    await Promise.race([ready, exited]);
  });

  test.afterAll(async () => {
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((r) => server!.once("exit", r));
    const group = -server.pid!;
    process.kill(group, "SIGTERM");
    if ((await Promise.race([exited, sleep(30_000).then(() => "timeout")])) === "timeout") {
      try {
        process.kill(group, "SIGKILL");
      } catch {
        // gone in the meantime
      }
    }
  });

  test("forged X-Forwarded-For and x-payops-peer do not escape the per-address lock; the owner signs in from another address", async () => {
    // Five wrong passwords for the manager from one socket, each claiming to come from somewhere else.
    for (let i = 1; i <= 5; i++) {
      const r = await signIn("manager@payops.local", `wrong-${i}`, "127.0.0.1", { "x-forwarded-for": `198.51.100.${i}`, "x-payops-peer": `203.0.113.${i}` });
      expect(r.error, `attempt ${i}`).toBe("invalid_credentials");
    }
    // The sixth, with the right password and yet another claimed address, is refused: the socket is locked.
    const locked = await signIn("manager@payops.local", "payops-demo", "127.0.0.1", { "x-forwarded-for": "198.51.100.99", "x-payops-peer": "203.0.113.99" });
    expect(locked.error).toMatch(/^rate_limited:\d+$/);
    expect(locked.session).toBe(false);
    // The lock is on the address, whatever the account.
    const other = await signIn("admin@payops.local", "payops-demo", "127.0.0.1", { "x-forwarded-for": "198.51.100.100" });
    expect(other.error).toMatch(/^rate_limited:\d+$/);
    // The owner, from a fresh address, signs in.
    const owner = await signIn("manager@payops.local", "payops-demo", "127.0.0.2", {});
    expect(owner.error).toBeNull();
    expect(owner.session).toBe(true);
  });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over a socket bound to `localAddress` (Playwright's request API cannot choose it). */
function call(method: "GET" | "POST", urlPath: string, localAddress: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${ORIGIN}${urlPath}`, { method, localAddress, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(120_000, () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
    req.end(body);
  });
}

const cookiesOf = (a: Answer) => ([] as string[]).concat(a.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!);

/** The sign-in form's request (next-auth credentials with json=true); error code from the answer's URL, if any. */
async function signIn(email: string, password: string, localAddress: string, forged: Record<string, string>): Promise<{ error: string | null; session: boolean }> {
  const csrf = await call("GET", "/api/auth/csrf", localAddress);
  expect(csrf.status).toBe(200);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ email, password, csrfToken, callbackUrl: `${ORIGIN}/orders`, json: "true" }).toString();
  const answer = await call("POST", "/api/auth/callback/credentials", localAddress, { ...forged, "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; ") }, form);
  const { url } = JSON.parse(answer.body) as { url: string };
  return {
    error: new URL(url, ORIGIN).searchParams.get("error"),
    session: cookiesOf(answer).some((c) => /next-auth\.session-token=./.test(c)),
  };
}
