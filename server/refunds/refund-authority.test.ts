import { describe, expect, it } from "vitest";
import { decideAuthority, type AuthorityDecision, type Limit } from "./refund-authority";

// Hand-written from issue 10: agent ¥50 single / ¥500 a day, senior agent ¥500 / ¥5,000, finance ¥50,000 /
// unlimited, admin unlimited. CNY only for limited roles, never converted. Deliberately not derived from
// lib/refunds.ts DEFAULT_REFUND_LIMITS or the migration: a wrong default there must fail the DB test below.
const AGENT: Limit = { singleMaxMinor: 5_000, dailyMaxMinor: 50_000, currency: "CNY" };
const SENIOR: Limit = { singleMaxMinor: 50_000, dailyMaxMinor: 500_000, currency: "CNY" };
const FINANCE: Limit = { singleMaxMinor: 5_000_000, dailyMaxMinor: null, currency: "CNY" };
const ADMIN: Limit = { singleMaxMinor: null, dailyMaxMinor: null, currency: "CNY" };

const allow: AuthorityDecision = { kind: "allow" };
const single: AuthorityDecision = { kind: "over_limit", flags: ["over_single_limit"] };
const daily: AuthorityDecision = { kind: "over_limit", flags: ["over_daily_limit"] };
const both: AuthorityDecision = { kind: "over_limit", flags: ["over_single_limit", "over_daily_limit"] };

const CASES: [string, Limit | null, number, string, number, AuthorityDecision][] = [
  ["agent 1 fen", AGENT, 1, "CNY", 0, allow],
  ["agent ¥49.99", AGENT, 4_999, "CNY", 0, allow],
  ["agent exactly ¥50.00", AGENT, 5_000, "CNY", 0, allow],
  ["agent ¥50.01", AGENT, 5_001, "CNY", 0, single],
  ["agent ¥500", AGENT, 50_000, "CNY", 0, single],
  ["agent ¥50 with ¥450 used (exactly ¥500 a day)", AGENT, 5_000, "CNY", 45_000, allow],
  ["agent ¥0.01 with ¥500 used", AGENT, 1, "CNY", 50_000, daily],
  ["agent ¥60 with ¥480 used", AGENT, 6_000, "CNY", 48_000, both],
  ["agent USD", AGENT, 100, "USD", 0, { kind: "deny", why: "currency" }],
  ["agent zero", AGENT, 0, "CNY", 0, { kind: "deny", why: "bad_amount" }],
  ["agent negative", AGENT, -1, "CNY", 0, { kind: "deny", why: "bad_amount" }],
  ["agent fraction", AGENT, 1.5, "CNY", 0, { kind: "deny", why: "bad_amount" }],
  ["agent unsafe integer", AGENT, Number.MAX_SAFE_INTEGER + 2, "CNY", 0, { kind: "deny", why: "bad_amount" }],
  ["senior exactly ¥500", SENIOR, 50_000, "CNY", 0, allow],
  ["senior ¥500.01", SENIOR, 50_001, "CNY", 0, single],
  ["senior ¥500 with ¥4,500 used", SENIOR, 50_000, "CNY", 450_000, allow],
  ["senior ¥500 with ¥4,600 used", SENIOR, 50_000, "CNY", 460_000, daily],
  ["senior EUR", SENIOR, 100, "EUR", 0, { kind: "deny", why: "currency" }],
  ["finance exactly ¥50,000", FINANCE, 5_000_000, "CNY", 0, allow],
  ["finance ¥50,000.01", FINANCE, 5_000_001, "CNY", 0, single],
  ["finance no daily ceiling", FINANCE, 5_000_000, "CNY", 900_000_000, allow],
  ["finance USD (limited role)", FINANCE, 100, "USD", 0, { kind: "deny", why: "currency" }],
  ["admin ¥10,000,000", ADMIN, 1_000_000_000, "CNY", 0, allow],
  ["admin USD (unlimited)", ADMIN, 100, "USD", 0, allow],
  ["ops/manager: no limit row", null, 1, "CNY", 0, { kind: "deny", why: "no_limit" }],
];

describe("refund authority (pure)", () => {
  for (const [name, limit, amountMinor, currency, usedTodayMinor, expected] of CASES) {
    it(name, () => expect(decideAuthority({ limit, amountMinor, currency, usedTodayMinor })).toEqual(expected));
  }
});
