// Local fake receivers for the alert delivery channels, used by the tests and by `npm run demo`: one HTTP
// server playing the DingTalk custom robot, the WeCom group robot, Aliyun Dysmsapi SendSms and Tencent Cloud
// SMS SendSms (each checking the request the way the real service does: signatures recomputed here,
// independently of server/alerts/channels/, and the size limits), and an in-process SMTP server.
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { SMTPServer } from "smtp-server";

export type FakeChannel = "dingtalk" | "wecom" | "aliyun" | "tencent";

export interface ReceivedRequest {
  channel: FakeChannel;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** What the fake answered (after its checks). */
  status: number;
  answer: string;
  at: number;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** How the next requests to a channel are answered. */
export type FakeFailure = "http500" | "error" | "hang" | "answer-lost";

export interface FakeChannels {
  /** Env vars pointing our channels at these receivers. */
  env: Record<string, string>;
  readonly requests: ReceivedRequest[];
  readonly mails: ReceivedMail[];
  /** The next n requests to `channel` fail as `how` ("answer-lost": processed, then the connection is dropped). */
  failNext(channel: FakeChannel, n: number, how: FakeFailure): void;
  /** Messages a channel actually accepted (an answer-lost request counts: it was delivered). */
  delivered(channel: FakeChannel): ReceivedRequest[];
  reset(): void;
  close(): Promise<void>;
  /** Called on every request or mail received (the demo prints a line). */
  onReceive?: (channel: FakeChannel | "smtp") => void;
}

export const FAKE_DINGTALK_SECRET = "SECfake0123456789abcdef";
export const FAKE_SMS_KEY_ID = "fake-key-id";
export const FAKE_SMS_KEY_SECRET = "fake-key-secret";

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function checkDingtalk(url: URL, body: string, now: number): { errcode: number; errmsg: string } {
  const ts = Number(url.searchParams.get("timestamp"));
  const sign = url.searchParams.get("sign");
  if (!url.searchParams.get("access_token")) return { errcode: 300001, errmsg: "token is not exist" };
  // searchParams decodes once: what DingTalk compares is base64(HMAC) itself.
  const expected = createHmac("sha256", FAKE_DINGTALK_SECRET).update(`${ts}\n${FAKE_DINGTALK_SECRET}`).digest("base64");
  if (!sign || sign !== expected) return { errcode: 310000, errmsg: "sign not match" };
  if (Math.abs(now - ts) > 3600_000) return { errcode: 310000, errmsg: "timestamp expired" };
  if (Buffer.byteLength(body, "utf8") > 20000) return { errcode: 460101, errmsg: "message too long, exceed 20000 bytes" };
  const msg = JSON.parse(body) as { msgtype?: string; markdown?: { title?: string; text?: string } };
  if (msg.msgtype !== "markdown" || !msg.markdown?.title || !msg.markdown.text) return { errcode: 40035, errmsg: "缺少参数 json" };
  return { errcode: 0, errmsg: "ok" };
}

function checkWecom(url: URL, body: string): { errcode: number; errmsg: string } {
  if (!url.searchParams.get("key")) return { errcode: 93000, errmsg: "invalid webhook url" };
  const msg = JSON.parse(body) as { msgtype?: string; markdown?: { content?: string } };
  if (msg.msgtype !== "markdown" || typeof msg.markdown?.content !== "string") return { errcode: 40008, errmsg: "invalid message type" };
  if (Buffer.byteLength(msg.markdown.content, "utf8") > 4096) return { errcode: 40058, errmsg: "markdown.content exceed max length 4096" };
  return { errcode: 0, errmsg: "ok" };
}

function checkAliyun(body: string): Record<string, unknown> {
  const params = Object.fromEntries(new URLSearchParams(body));
  const { Signature, ...rest } = params;
  const canonical = Object.keys(rest)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(rest[k]!)}`)
    .join("&");
  const expected = createHmac("sha1", `${FAKE_SMS_KEY_SECRET}&`).update(`POST&%2F&${rfc3986(canonical)}`).digest("base64");
  if (rest.AccessKeyId !== FAKE_SMS_KEY_ID) return { Code: "InvalidAccessKeyId.NotFound", Message: "Specified access key is not found." };
  if (Signature !== expected) return { Code: "SignatureDoesNotMatch", Message: "Specified signature is not matched with our calculation." };
  if (rest.Action !== "SendSms" || rest.Version !== "2017-05-25") return { Code: "InvalidAction", Message: "bad action" };
  try {
    const p = JSON.parse(rest.TemplateParam ?? "") as Record<string, unknown>;
    if (Object.values(p).some((v) => typeof v !== "string")) return { Code: "isv.INVALID_JSON_PARAM", Message: "JSON参数不合法，只接受字符串值" };
  } catch {
    return { Code: "isv.INVALID_JSON_PARAM", Message: "JSON参数不合法" };
  }
  return { Code: "OK", Message: "OK", BizId: `biz-${rest.OutId}`, RequestId: "fake-request" };
}

function checkTencent(headers: Record<string, string>, body: string): Record<string, unknown> {
  const hex = (s: string) => createHash("sha256").update(s).digest("hex");
  const ts = Number(headers["x-tc-timestamp"]);
  const date = new Date(ts * 1000).toISOString().slice(0, 10);
  const canonical = `POST\n/\n\ncontent-type:${headers["content-type"]}\nhost:${headers.host}\n\ncontent-type;host\n${hex(body)}`;
  const toSign = `TC3-HMAC-SHA256\n${ts}\n${date}/sms/tc3_request\n${hex(canonical)}`;
  const k = (key: Buffer | string, s: string) => createHmac("sha256", key).update(s).digest();
  const sig = createHmac("sha256", k(k(k(`TC3${FAKE_SMS_KEY_SECRET}`, date), "sms"), "tc3_request")).update(toSign).digest("hex");
  const expected = `TC3-HMAC-SHA256 Credential=${FAKE_SMS_KEY_ID}/${date}/sms/tc3_request, SignedHeaders=content-type;host, Signature=${sig}`;
  if (headers.authorization !== expected || headers["x-tc-action"] !== "SendSms" || headers["x-tc-version"] !== "2021-01-11") {
    return { Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: "The provided credentials could not be validated." }, RequestId: "fake" } };
  }
  const p = JSON.parse(body) as { PhoneNumberSet: string[]; SessionContext?: string };
  return {
    Response: {
      SendStatusSet: p.PhoneNumberSet.map((n, i) => ({ SerialNo: `serial-${i}-${p.SessionContext}`, PhoneNumber: n, Fee: 1, SessionContext: p.SessionContext ?? "", Code: "Ok", Message: "send success", IsoCode: "CN" })),
      RequestId: "fake-request",
    },
  };
}

function route(path: string): FakeChannel | undefined {
  if (path === "/robot/send") return "dingtalk";
  if (path === "/cgi-bin/webhook/send") return "wecom";
  if (path === "/aliyun/") return "aliyun";
  if (path === "/tencent/") return "tencent";
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts both receivers on 127.0.0.1 (ephemeral ports unless given). */
export async function startFakeChannels(opts: { httpPort?: number; smtpPort?: number; sms?: "aliyun" | "tencent" } = {}): Promise<FakeChannels> {
  const requests: ReceivedRequest[] = [];
  const mails: ReceivedMail[] = [];
  const failures = new Map<FakeChannel, { n: number; how: FakeFailure }>();
  const sockets = new Set<Socket>();

  const http = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    const channel = route(url.pathname);
    if (!channel) {
      res.writeHead(404).end();
      return;
    }
    const failure = failures.get(channel);
    const how = failure && failure.n > 0 ? failure.how : undefined;
    if (failure && how) failure.n--;
    const answer =
      channel === "dingtalk" ? checkDingtalk(url, body, Date.now()) : channel === "wecom" ? checkWecom(url, body) : channel === "aliyun" ? checkAliyun(body) : checkTencent(headers, body);
    const status = how === "http500" ? 500 : 200;
    const text = how === "http500" ? "Internal Server Error" : how === "error" ? JSON.stringify(errorAnswer(channel)) : JSON.stringify(answer);
    api.onReceive?.(channel);
    requests.push({ channel, url: req.url ?? "/", headers, body, status: how === "hang" || how === "answer-lost" ? 0 : status, answer: how === "hang" || how === "answer-lost" ? "" : text, at: Date.now() });
    if (how === "hang") return; // never answers: the client's deadline ends it
    if (how === "answer-lost") {
      // Processed (the message went out), then the connection drops before the answer.
      req.socket.destroy();
      return;
    }
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(text);
  });
  http.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => http.listen(opts.httpPort ?? 0, "127.0.0.1", r));
  const httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        api.onReceive?.("smtp");
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(opts.smtpPort ?? 0, "127.0.0.1", r));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const sms = opts.sms ?? "aliyun";
  const api: FakeChannels = {
    env: {
      ALERT_DINGTALK_WEBHOOK_URL: `${httpBase}/robot/send?access_token=fake-dingtalk-token`,
      ALERT_DINGTALK_SECRET: FAKE_DINGTALK_SECRET,
      ALERT_WECOM_WEBHOOK_URL: `${httpBase}/cgi-bin/webhook/send?key=fake-wecom-key`,
      ALERT_SMS_PROVIDER: sms,
      ALERT_SMS_ENDPOINT: `${httpBase}/${sms}/`,
      ALERT_SMS_ACCESS_KEY_ID: FAKE_SMS_KEY_ID,
      ALERT_SMS_ACCESS_KEY_SECRET: FAKE_SMS_KEY_SECRET,
      ALERT_SMS_SIGN_NAME: "PayOps",
      ALERT_SMS_TEMPLATE: sms === "aliyun" ? "SMS_000000001" : "1000001",
      ALERT_SMS_SDK_APP_ID: "1400000001",
      ALERT_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    },
    requests,
    mails,
    failNext(channel, n, how) {
      failures.set(channel, { n, how });
    },
    delivered(channel) {
      return requests.filter((r) => r.channel === channel && (r.status === 200 || r.answer === "") && (r.answer === "" || /"(errcode":0|Code":"OK|Code":"Ok)/.test(r.answer)));
    },
    reset() {
      requests.length = 0;
      mails.length = 0;
      failures.clear();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => http.close(() => r()));
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
  return api;
}

function errorAnswer(channel: FakeChannel): Record<string, unknown> {
  switch (channel) {
    case "dingtalk":
      return { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" };
    case "wecom":
      return { errcode: 45009, errmsg: "api freq out of limit" };
    case "aliyun":
      return { Code: "isv.BUSINESS_LIMIT_CONTROL", Message: "触发分钟级流控Permits:1" };
    case "tencent":
      return { Response: { Error: { Code: "LimitExceeded.PhoneNumberThirtySecondLimit", Message: "单个手机号30秒内下发短信条数超过设定的上限" }, RequestId: "fake" } };
  }
}

/** The decoded text and HTML parts of a received mail (quoted-printable or base64), and its headers. */
export function parseMail(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const [head = "", ...restParts] = raw.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const rest = restParts.join("\n\n");
  const boundary = /boundary="?([^";]+)"?/.exec(headers["content-type"] ?? "")?.[1];
  const parts = boundary ? rest.split(`--${boundary}`) : [`${head}\n\n${rest}`];
  let text = "";
  let html = "";
  for (const part of parts) {
    const [ph = "", ...pb] = part.replace(/^\r?\n/, "").split(/\r?\n\r?\n/);
    const body = pb.join("\n\n");
    const enc = /content-transfer-encoding:\s*([\w-]+)/i.exec(ph)?.[1]?.toLowerCase();
    const decoded =
      enc === "base64"
        ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
        : enc === "quoted-printable"
          ? Buffer.from(body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8")
          : body;
    // SMTP carries CRLF line ends; the parts are compared as written.
    if (/content-type:\s*text\/plain/i.test(ph)) text = decoded.replace(/\r\n/g, "\n").trim();
    if (/content-type:\s*text\/html/i.test(ph)) html = decoded.replace(/\r\n/g, "\n").trim();
  }
  return { headers, text, html };
}

/** RFC 2047 encoded-words in a header, decoded (subjects in Chinese arrive as =?UTF-8?B?…?= or =?UTF-8?Q?…?=). */
export function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === "B"
      ? Buffer.from(data, "base64").toString("utf8")
      : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
}
