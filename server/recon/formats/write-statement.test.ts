import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { PROVIDERS, type Provider } from "@/lib/enums";
import { chunked, collectStatement, sampleStatementLines, withoutPosition } from "@/test/statements";
import { parseStatement } from "./parse-statement";
import type { StatementLineInput } from "./types";
import { statementChunks, statementFileName, writeStatement } from "./write-statement";

const DATE = "2026-11-24";
const VARIANTS: { provider: Provider; zip: boolean }[] = [...PROVIDERS.map((provider) => ({ provider, zip: false })), { provider: "alipay", zip: true }];
const label = (v: { provider: Provider; zip: boolean }) => `${v.provider}${v.zip ? " (zip)" : ""}`;

async function readBack(provider: Provider, bytes: Uint8Array, cuts: number[] = []) {
  return collectStatement(parseStatement({ kind: "provider", provider }, chunked(bytes, cuts)));
}

const key = (l: StatementLineInput) => JSON.stringify(l);

describe("writeStatement → parseStatement round trip", () => {
  for (const v of VARIANTS) {
    it(`${label(v)}: every line comes back as written, nothing else`, async () => {
      const lines = sampleStatementLines(v.provider, 60);
      const { lines: read, errors } = await readBack(v.provider, writeStatement(v.provider, lines, { date: DATE, zip: v.zip }));
      expect(errors).toEqual([]);
      expect(read.map(withoutPosition)).toEqual(lines);
      expect(read.filter((l) => l.kind === "refund").length).toBeGreaterThan(0);
    });
  }

  it("the stream version writes the same bytes", async () => {
    for (const v of VARIANTS) {
      const lines = sampleStatementLines(v.provider, 30);
      const parts: Uint8Array[] = [];
      for await (const c of statementChunks(v.provider, lines, { date: DATE, zip: v.zip })) parts.push(c);
      expect(Buffer.concat(parts).equals(writeStatement(v.provider, lines, { date: DATE, zip: v.zip })), label(v)).toBe(true);
    }
  });

  it("Alipay's file is GBK with # header and total lines; the zip names its entries in GBK like Alipay", () => {
    const lines = sampleStatementLines("alipay", 7);
    const csv = writeStatement("alipay", lines, { date: DATE });
    const text = iconv.decode(csv, "gbk");
    expect(csv.includes(Buffer.from("业务明细", "utf8"))).toBe(false);
    expect(text.split("\r\n").slice(0, 3)).toEqual(["#支付宝业务明细查询", "#账号：[20881234567890120156]", "#起始日期：[2026年11月24日 00:00:00]   终止日期：[2026年11月25日 00:00:00]"]);
    expect(text).toContain("#交易合计：6笔，商家实收共");
    expect(text).toContain("#退款合计：1笔，商家实收退款共-5.01元");
    const zip = writeStatement("alipay", lines, { date: DATE, zip: true });
    expect(zip.includes(iconv.encode("20881234567890120156_20261124_业务明细.csv", "gbk"))).toBe(true);
    expect(zip.includes(iconv.encode("20881234567890120156_20261124_业务明细(汇总).csv", "gbk"))).toBe(true);
    expect(statementFileName("alipay", { date: DATE, zip: true })).toBe("20881234567890120156_20261124.csv.zip");
  });

  it("WeChat's file has back-ticked cells, CRLF and the summary block", () => {
    const text = writeStatement("wechatpay", sampleStatementLines("wechatpay", 7), { date: DATE }).toString("utf8");
    const rows = text.split("\r\n");
    expect(rows[0]!.startsWith("交易时间,公众账号ID")).toBe(true);
    expect(rows[1]!.split(",").every((c) => c.startsWith("`"))).toBe(true);
    expect(rows[8]).toBe("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额");
    expect(rows[9]!.startsWith("`7,`")).toBe(true);
  });
});

describe("properties", () => {
  it("cutting the bytes anywhere (inside a GBK character, a CRLF, a zip header) never changes the parse", async () => {
    const files = VARIANTS.map((v) => ({ v, bytes: writeStatement(v.provider, sampleStatementLines(v.provider, 25), { date: DATE, zip: v.zip }) }));
    const expected = await Promise.all(files.map((f) => readBack(f.v.provider, f.bytes)));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: files.length - 1 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }), async (i, fractions) => {
        const { v, bytes } = files[i]!;
        const cuts = fractions.map((f) => Math.floor(f * bytes.length));
        expect(await readBack(v.provider, bytes, cuts)).toEqual(expected[i]);
      }),
      { numRuns: 60 },
    );
  });

  it("single-byte chunks read the same as one chunk (every boundary at once)", async () => {
    const bytes = writeStatement("alipay", sampleStatementLines("alipay", 8), { date: DATE });
    const cuts = Array.from({ length: bytes.length }, (_, i) => i);
    expect(await readBack("alipay", bytes, cuts)).toEqual(await readBack("alipay", bytes));
  });

  it("shuffling the lines changes only their order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...VARIANTS), fc.integer({ min: 0, max: 40 }), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), async (v, n, rnd) => {
        const lines = sampleStatementLines(v.provider, n);
        const it = rnd[Symbol.iterator]();
        const shuffled = [...lines];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = Math.floor(it.next().value! * (i + 1)) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const a = await readBack(v.provider, writeStatement(v.provider, lines, { date: DATE, zip: v.zip }));
        const b = await readBack(v.provider, writeStatement(v.provider, shuffled, { date: DATE, zip: v.zip }));
        expect(b.errors).toEqual(a.errors);
        expect(b.lines.map(withoutPosition).map(key).sort()).toEqual(a.lines.map(withoutPosition).map(key).sort());
        expect(b.lines.map(withoutPosition)).toEqual(shuffled);
      }),
      { numRuns: 30 },
    );
  });
});
