import { describe, expect, it } from "vitest";
import { PRUNE_SIGN_IN_SCHEDULE, pruneSignInRecordsJob } from "./prune-sign-in-records";

describe("pruneSignInRecordsJob", () => {
  it("is never retried (the next hourly run does the same work) and runs under its schedule's name", () => {
    expect(pruneSignInRecordsJob.retrySchedule()).toEqual([]);
    expect(pruneSignInRecordsJob.type).toBe(PRUNE_SIGN_IN_SCHEDULE.name);
  });
});
