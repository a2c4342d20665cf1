import { describe, expect, it } from "vitest";
import { clientChainsToServer, isClientEntry, type GraphModule } from "./check-client-imports";
import { needsMarker, startsWithServerOnly } from "./check-server-only";

describe("isClientEntry", () => {
  it("sees the directive only before any statement", () => {
    expect(isClientEntry('"use client";\nimport x from "y";')).toBe(true);
    expect(isClientEntry("'use client'\n")).toBe(true);
    expect(isClientEntry('// the shell\n/* menu */\n"use client";\n')).toBe(true);
    expect(isClientEntry('import x from "y";\n"use client";\n')).toBe(false);
    expect(isClientEntry('const s = "use client";\n')).toBe(false);
    expect(isClientEntry('"use server";\n')).toBe(false);
  });
});

describe("clientChainsToServer", () => {
  const dep = (resolved: string, ...dependencyTypes: string[]) => ({ resolved, dependencyTypes: dependencyTypes.length ? dependencyTypes : ["local"] });
  const graph: GraphModule[] = [
    { source: "components/a.tsx", dependencies: [dep("lib/money.ts"), dep("components/b.tsx"), dep("server/api/root.ts", "local", "type-only")] },
    { source: "components/b.tsx", dependencies: [dep("components/c.ts")] },
    { source: "components/c.ts", dependencies: [dep("server/lib/sql.ts"), dep("db/client.ts")] },
    { source: "components/clean.tsx", dependencies: [dep("lib/money.ts")] },
    { source: "lib/money.ts", dependencies: [] },
    { source: "server/lib/sql.ts", dependencies: [dep("db/schema/index.ts")] },
  ];

  it("reports the shortest runtime chain to each server module, however indirect", () => {
    expect(clientChainsToServer(graph, ["components/a.tsx"])).toEqual([
      ["components/a.tsx", "components/b.tsx", "components/c.ts", "server/lib/sql.ts"],
      ["components/a.tsx", "components/b.tsx", "components/c.ts", "db/client.ts"],
    ]);
  });

  it("ignores type-only imports and clean client files", () => {
    expect(clientChainsToServer(graph, ["components/clean.tsx"])).toEqual([]);
    const typeOnly: GraphModule[] = [{ source: "components/t.tsx", dependencies: [dep("server/api/root.ts", "local", "type-only")] }];
    expect(clientChainsToServer(typeOnly, ["components/t.tsx"])).toEqual([]);
  });

  it("reports a server module reached from two entries once", () => {
    const shared: GraphModule[] = [
      { source: "app/x.tsx", dependencies: [dep("components/c.ts")] },
      { source: "app/y.tsx", dependencies: [dep("components/c.ts")] },
      { source: "components/c.ts", dependencies: [dep("server/env.ts")] },
    ];
    expect(clientChainsToServer(shared, ["app/x.tsx", "app/y.tsx"])).toEqual([["app/x.tsx", "components/c.ts", "server/env.ts"]]);
  });
});

describe("server-only marker", () => {
  it("must be the first statement", () => {
    expect(startsWithServerOnly('import "server-only";\nimport { z } from "zod";')).toBe(true);
    expect(startsWithServerOnly("// why\nimport 'server-only'\n")).toBe(true);
    expect(startsWithServerOnly('import { z } from "zod";\nimport "server-only";')).toBe(false);
    expect(startsWithServerOnly('import { x } from "server-only-ish";')).toBe(false);
    expect(startsWithServerOnly("")).toBe(false);
  });

  it("is required of modules, not of tests or declarations", () => {
    expect(needsMarker("server/orders/mark-order-paid.ts")).toBe(true);
    expect(needsMarker("server/orders/mark-order-paid.test.ts")).toBe(false);
    expect(needsMarker("server/types.d.ts")).toBe(false);
    expect(needsMarker("server/README.md")).toBe(false);
  });
});
