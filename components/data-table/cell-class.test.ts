import { describe, expect, it } from "vitest";
import { cellClass } from "./data-table";

describe("cellClass", () => {
  it("keeps a cell on one line unless its column names its own white-space", () => {
    expect(cellClass(undefined).split(" ")).toContain("whitespace-nowrap");
    expect(cellClass("max-w-xs text-xs").split(" ")).toContain("whitespace-nowrap");
    const wrapping = cellClass("max-w-xs whitespace-normal").split(" ");
    expect(wrapping).toContain("whitespace-normal");
    expect(wrapping).not.toContain("whitespace-nowrap");
    // a class that merely contains the word is not a white-space class
    expect(cellClass("no-whitespace-x").split(" ")).toContain("whitespace-nowrap");
  });
});
