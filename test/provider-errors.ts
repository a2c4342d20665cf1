import { expect } from "vitest";
import { ProviderQueryError } from "@/server/providers/shared/provider-fetch";
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

/** The ProviderQueryError `p` rejects with (a query, refund or bill call a provider answered badly); fails otherwise. */
export async function queryFailure(p: Promise<unknown>): Promise<ProviderQueryError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ProviderQueryError);
  return e as ProviderQueryError;
}
