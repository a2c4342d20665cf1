import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { HydrationBoundary } from "@tanstack/react-query";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/enums";
import { orders } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { prefetch, Prefetched } from "./prefetch";

const getDb = useTestDb();
const userFor = (role: Role) => ({ id: randomUUID(), email: `${role}@prefetch.test`, name: role, role, locale: null });

beforeAll(async () => {
  await getDb().insert(orders).values({ orderNo: "PREFETCH-1", userId: "u-1", userPhone: "13812341234", amountMinor: 1230, currency: "CNY", provider: "sandbox" });
});

describe("prefetch", () => {
  it("dehydrates the page's query with its data, Dates intact, under the caller's permissions", async () => {
    const state = await prefetch(userFor("agent"), (trpc, qc) => qc.prefetchQuery(trpc.order.get.queryOptions({ orderNo: "PREFETCH-1" })));
    expect(state.queries).toHaveLength(1);
    const q = state.queries[0]!;
    expect(q.state.status).toBe("success");
    const data = superjson.deserialize(q.state.data as never) as { order: { orderNo: string; userPhone: string; createdAt: Date } };
    expect(data.order.orderNo).toBe("PREFETCH-1");
    expect(data.order.createdAt).toBeInstanceOf(Date);
    // the same server-side masking as over HTTP: an agent never receives the full phone, not even in the HTML
    expect(data.order.userPhone).toBe("138****1234");
  });

  it("leaves out a query the user may not run (the client shows its own error state)", async () => {
    const state = await prefetch(userFor("agent"), (trpc, qc) => qc.prefetchQuery(trpc.ops.health.queryOptions()));
    expect(state.queries.filter((q) => q.state.status === "success")).toHaveLength(0);
    const ok = await prefetch(userFor("ops"), (trpc, qc) => qc.prefetchQuery(trpc.ops.health.queryOptions()));
    expect(ok.queries[0]?.state.status).toBe("success");
    expect((superjson.deserialize(ok.queries[0]!.state.data as never) as { database: { ok: boolean } }).database.ok).toBe(true);
  });

  it("<Prefetched> wraps the children in a HydrationBoundary holding that state", async () => {
    const el = await Prefetched({ user: userFor("admin"), run: (trpc, qc) => qc.prefetchQuery(trpc.order.get.queryOptions({ orderNo: "PREFETCH-1" })), children: "child" });
    expect(el.type).toBe(HydrationBoundary);
    const props = el.props as { state: { queries: unknown[] }; children: unknown };
    expect(props.children).toBe("child");
    expect(props.state.queries).toHaveLength(1);
  });
});

// Issue 7: "every console page prefetches on the server through one helper". A page added without it, or
// without its permission guard, fails here by name.
describe("every console page", () => {
  const root = path.join(process.cwd(), "app", "(console)");
  const pages = (readdirSync(root, { recursive: true }) as string[]).filter((f) => path.basename(f) === "page.tsx").map((f) => path.join(root, f));

  it("finds the eight console pages", () => {
    expect(pages.length).toBeGreaterThanOrEqual(8);
  });

  for (const file of pages) {
    const rel = path.relative(process.cwd(), file);
    it(`${rel} guards with requirePermission and prefetches through <Prefetched>`, () => {
      const src = readFileSync(file, "utf8");
      expect(src).toMatch(/await requirePermission\("[a-z]+\.[a-z_]+"\)/);
      expect(src).toMatch(/<Prefetched\b[\s\S]*?\buser=\{user\}/);
      expect(src).toMatch(/import \{[^}]*\bPrefetched\b[^}]*\} from "@\/server\/api\/prefetch"/);
    });
  }
});
