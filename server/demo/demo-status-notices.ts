import "server-only";
import type { Db } from "@/db/client";
import { systemActor } from "@/server/audit/write-audit";
import { readAutoPublish, setAutoPublish } from "@/server/status/set-auto-publish";
import { getNoticeSettings } from "@/server/user-notices/get-notice-settings";
import { updateNoticeSettings } from "@/server/user-notices/update-notice-settings";

// `npm run demo` only (scripts/demo.ts): the live callback outage shows the whole "calm the users" path — the
// critical alert publishes the notice by itself (auto-publish on), the banner appears on /demo/shop, the
// affected users are notified with the incident's one-click bulk action, and when the outage scenario ends the
// demo posts the recovery update as the ops user would.

/** Auto-publish on for the demo (the e2e seed leaves it off, so its tests start from a known state). */
export async function enableDemoAutoPublish(db: Db): Promise<void> {
  if (!(await readAutoPublish(db))) await setAutoPublish(db, true, systemActor("demo"));
}

/**
 * No quiet hours in the demo (start = end: none), so its personal notices go out while you watch whatever the
 * hour; the product default (21:00–09:00) would hold them until morning. Visible and editable on /user-notices.
 */
export async function disableDemoQuietHours(db: Db): Promise<void> {
  const { noticeAfterMs, noticeAfterOverridden, ratePerDay, channels, autoDetect } = await getNoticeSettings(db);
  await updateNoticeSettings(db, { noticeAfterMs: noticeAfterOverridden ? noticeAfterMs : null, quietStart: "00:00", quietEnd: "00:00", ratePerDay, channels, autoDetect }, systemActor("demo"));
}

type Localized = { "zh-CN": string; en: string };
interface OpenNotice {
  id: number;
  kind: string;
  incidentId: number | null;
  components: { key: string }[];
}

const PROVIDER_WORDS: Record<string, Localized> = {
  alipay: { "zh-CN": "支付宝", en: "Alipay" },
  wechat: { "zh-CN": "微信", en: "WeChat Pay" },
  card: { "zh-CN": "银行卡", en: "Card" },
};

type ConsoleCall = <T>(path: string, input: unknown, method: "GET" | "POST") => Promise<T>;

/**
 * Signs in over HTTP as a demo user and returns a tRPC caller with that session: the portal owns the embedded
 * database while the demo runs, so this process acts the way a person in the console would.
 */
export async function demoConsoleSession(baseUrl: string, user = { email: "ops@payops.local", password: "payops-demo" }): Promise<ConsoleCall> {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  remember(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const signIn = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email: user.email, password: user.password, json: "true" }),
  });
  remember(signIn);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`demo sign-in as ${user.email} failed (${signIn.status})`);

  return async <T>(path: string, input: unknown, method: "GET" | "POST"): Promise<T> => {
    const url = method === "GET" ? `${baseUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}` : `${baseUrl}/api/trpc/${path}`;
    const res = await fetch(url, {
      method,
      headers: { cookie: cookie(), "content-type": "application/json" },
      body: method === "POST" ? JSON.stringify({ json: input }) : undefined,
    });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
  };
}

/**
 * During an outage: notifies the affected users of every open incident with the one-click bulk action, as the
 * ops user would from the incident page (a second click sends nothing new: one notice per order and situation).
 * Returns how many notices each incident got.
 */
export async function notifyDemoIncidentUsers(baseUrl: string): Promise<{ incidentId: number; planned: number }[]> {
  const call = await demoConsoleSession(baseUrl);
  const open = await call<{ items: { id: number }[] }>("incident.list", { status: "open" }, "GET");
  const done: { incidentId: number; planned: number }[] = [];
  for (const { id } of open.items) {
    const r = await call<{ planned: number }>("userNotice.incidentNotify", { incidentId: id }, "POST");
    done.push({ incidentId: id, planned: r.planned });
  }
  return done;
}

/**
 * After the simulated outage: posts the "recovery" template as the resolving update of every open notice that
 * belongs to an incident, as the demo ops user. Returns the notice ids resolved.
 */
export async function postDemoRecovery(baseUrl: string): Promise<number[]> {
  const call = await demoConsoleSession(baseUrl);
  const overview = await call<{ active: OpenNotice[] }>("status.overview", {}, "GET");
  const templates = await call<{ key: string; body: Localized }[]>("status.templates", {}, "GET");
  const recovery = templates.find((t) => t.key === "recovery");
  if (!recovery) return [];
  const resolved: number[] = [];
  for (const n of overview.active.filter((x) => x.kind === "incident" && x.incidentId !== null)) {
    const provider = PROVIDER_WORDS[n.components.map((c) => c.key).find((k) => k in PROVIDER_WORDS) ?? ""] ?? { "zh-CN": "", en: "Payment" };
    const fill = (l: keyof Localized) => recovery.body[l].replaceAll("{provider}", provider[l]).replaceAll("{eta}", "");
    await call("status.postUpdate", { id: n.id, status: "resolved", body: { "zh-CN": fill("zh-CN"), en: fill("en") } }, "POST");
    resolved.push(n.id);
  }
  return resolved;
}
