import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { AREAS, loadMessages } from "@/messages/areas";
import { LOCALES, pickLocale } from "./locale";

const ROOT = path.resolve(import.meta.dirname, "../../messages");

describe("pickLocale", () => {
  it("prefers the cookie, then Accept-Language by q, then Chinese", () => {
    expect(pickLocale("en", "zh-CN,zh;q=0.9")).toBe("en");
    expect(pickLocale(undefined, "en-US,en;q=0.9,zh;q=0.8")).toBe("en");
    expect(pickLocale(undefined, "fr;q=1, zh-TW;q=0.5, en;q=0.4")).toBe("zh-CN");
    expect(pickLocale(undefined, "zh-CN;q=0, en;q=0.1")).toBe("en");
    expect(pickLocale("de", "fr")).toBe("zh-CN");
    expect(pickLocale(undefined, null)).toBe("zh-CN");
  });
});

/** Every leaf of a messages object, dotted, with its text; throws on anything but strings and objects. */
function leaves(node: unknown, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof node !== "object" || node === null || Array.isArray(node)) throw new Error(`${prefix}: not an object`);
  for (const [k, v] of Object.entries(node)) {
    const key = `${prefix}.${k}`;
    if (k.includes(".")) throw new Error(`${key}: a key may not contain a dot`);
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

/**
 * The ICU arguments of a message, nested ones included, each with what it takes: "number" (plural, number),
 * "date", "select", or "any" (a plain `{name}`, which prints whatever it gets).
 */
function icuArguments(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const add = (name: string, kind: string) => found.set(name, found.get(name) && found.get(name) !== "any" ? found.get(name)! : kind);
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.argument) add(el.value, "any");
      else if (el.type === TYPE.number) add(el.value, "number");
      else if (el.type === TYPE.date || el.type === TYPE.time) add(el.value, "date");
      else if (el.type === TYPE.plural || el.type === TYPE.select) {
        add(el.value, el.type === TYPE.plural ? "number" : "select");
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(text));
  return found;
}

/**
 * Same argument names, and no argument that one language formats as a number and the other as a date. A plain
 * `{count}` in Chinese may face `{count, plural, …}` in English: Chinese has no plural forms.
 */
function argumentMismatch(a: Map<string, string>, b: Map<string, string>): string | null {
  const names = (m: Map<string, string>) => [...m.keys()].sort().join(",");
  if (names(a) !== names(b)) return `arguments {${names(a)}} vs {${names(b)}}`;
  for (const [name, kind] of a) {
    const other = b.get(name)!;
    if (kind !== "any" && other !== "any" && kind !== other) return `${name}: ${kind} vs ${other}`;
  }
  return null;
}

function readLocale(locale: string): Map<string, string> {
  const all = new Map<string, string>();
  for (const file of readdirSync(path.join(ROOT, locale))) {
    const area = file.replace(/\.json$/, "");
    const parsed: unknown = JSON.parse(readFileSync(path.join(ROOT, locale, file), "utf8"));
    for (const [k, v] of leaves(parsed, area)) all.set(k, v);
  }
  return all;
}

describe("argument comparison", () => {
  it("tells apart different names and number-vs-date, not plural-vs-plain", () => {
    const args = (text: string) => icuArguments(text);
    expect(argumentMismatch(args("{n, plural, one {# job} other {# jobs}}"), args("已重放 {n} 个任务"))).toBeNull();
    expect(argumentMismatch(args("Replay {n} of {type}"), args("重放 {count} 个 {type}"))).toMatch(/arguments/);
    expect(argumentMismatch(args("{at, date, short}"), args("{at, number}"))).toMatch(/at: date vs number/);
    expect(argumentMismatch(args("{s, select, a {A {x}} other {B}}"), args("{s} {x}"))).toBeNull();
  });
});

describe("message files", () => {
  it("has exactly the registered areas, as JSON files, in every locale", () => {
    const registered = Object.keys(AREAS).sort();
    for (const locale of LOCALES) {
      const files = readdirSync(path.join(ROOT, locale)).sort();
      expect(files.every((f) => f.endsWith(".json")), `${locale}: only .json files`).toBe(true);
      expect(files.map((f) => f.replace(/\.json$/, "")), `${locale}: files vs messages/areas.ts`).toEqual(registered);
    }
  });

  it("has every key in both locales, non-empty, valid ICU, with the same arguments", () => {
    const zh = readLocale("zh-CN");
    const en = readLocale("en");
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
    expect(zh.size).toBeGreaterThan(100);
    for (const [key, zhText] of zh) {
      const enText = en.get(key)!;
      expect(zhText.trim(), `zh-CN ${key}`).not.toBe("");
      expect(enText.trim(), `en ${key}`).not.toBe("");
      expect(argumentMismatch(icuArguments(enText), icuArguments(zhText)), key).toBeNull();
    }
  });

  it("loads the areas of one locale only, nested by area", async () => {
    const zh = await loadMessages("zh-CN");
    const en = await loadMessages("en");
    expect(zh.nav.orders).toBe("订单");
    expect(en.nav.orders).toBe("Orders");
    expect(Object.keys(zh).sort()).toEqual(Object.keys(AREAS).sort());
  });
});

describe("ICU formatting", () => {
  it("formats every message in both locales once its arguments are given", async () => {
    for (const locale of LOCALES) {
      const messages = await loadMessages(locale);
      const errors: string[] = [];
      const t = createTranslator({ locale, messages, timeZone: "Asia/Shanghai", onError: (e) => errors.push(e.message) });
      for (const [key, text] of readLocale(locale)) {
        const values = Object.fromEntries([...icuArguments(text)].map(([name, kind]) => [name, kind === "number" ? 2 : kind === "date" ? new Date(0) : "x"]));
        (t as unknown as (k: string, v: Record<string, unknown>) => string)(key, values);
      }
      expect(errors, locale).toEqual([]);
    }
  });

  it("pluralises counts", async () => {
    const en = createTranslator({ locale: "en", messages: await loadMessages("en") });
    const zh = createTranslator({ locale: "zh-CN", messages: await loadMessages("zh-CN") });
    expect(en("jobs.replayed", { n: 1 })).toBe("Replayed 1 job");
    expect(en("jobs.replayed", { n: 3 })).toBe("Replayed 3 jobs");
    expect(zh("jobs.replayed", { n: 3 })).toBe("已重放 3 个任务");
    expect(en("signin.error.rateLimited", { minutes: 1 })).toBe("Too many attempts, try again in 1 minute.");
    expect(en("signin.error.rateLimited", { minutes: 12 })).toBe("Too many attempts, try again in 12 minutes.");
  });
});
