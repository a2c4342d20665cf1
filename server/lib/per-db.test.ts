import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { perDb } from "./per-db";

describe("perDb", () => {
  it("makes one value per handle, on first use, and gives the same one back", () => {
    const made: Db[] = [];
    const of = perDb((db) => {
      made.push(db);
      return { db };
    });
    const a = {} as Db;
    const b = {} as Db;
    expect(made).toEqual([]);
    const first = of(a);
    expect(of(a)).toBe(first);
    expect(first.db).toBe(a);
    expect(of(b)).not.toBe(first);
    expect(of(b).db).toBe(b);
    expect(made).toEqual([a, b]);
  });
});
