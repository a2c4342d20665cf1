import { expect } from "vitest";
import { MalformedError } from "@/server/providers/shared/verify-result";

/** The message of the MalformedError `fn` throws (a provider message we cannot read); fails otherwise. */
export function malformedMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MalformedError);
    return (e as Error).message;
  }
  throw new Error("expected a MalformedError");
}
