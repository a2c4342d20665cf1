import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeHeader, parseMail, startFakeChannels, type FakeChannels } from "@/test/fake-channels";
import { dingtalkSign, dingtalkUrl, sendDingtalk } from "./dingtalk";
import { messageIdFor, sendEmail } from "./email";
import { truncateUtf8 } from "./http";
import { aliyunSignature, aliyunSmsAdapter } from "./sms-aliyun";
import { tencentSmsAdapter } from "./sms-tencent";
import { sendWecom } from "./wecom";

let fake: FakeChannels;
beforeAll(async () => {
  fake = await startFakeChannels();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const dingtalk = () => ({ webhookUrl: fake.env.ALERT_DINGTALK_WEBHOOK_URL!, secret: fake.env.ALERT_DINGTALK_SECRET! });
const aliyun = () =>
  aliyunSmsAdapter({ endpoint: fake.env.ALERT_SMS_ENDPOINT!.replace(/\/(aliyun|tencent)\/$/, "/aliyun/"), accessKeyId: "fake-key-id", accessKeySecret: "fake-key-secret", signName: "PayOps", templateCode: "SMS_000000001" });
const tencent = () =>
  tencentSmsAdapter({
    endpoint: fake.env.ALERT_SMS_ENDPOINT!.replace(/\/(aliyun|tencent)\/$/, "/tencent/"),
    secretId: "fake-key-id",
    secretKey: "fake-key-secret",
    sdkAppId: "1400000001",
    signName: "PayOps",
    templateId: "1000001",
    region: "ap-guangzhou",
  });

describe("DingTalk custom robot", () => {
  it("signs as documented: urlencode(base64(HMAC-SHA256(secret, `${ts}\\n${secret}`)))", () => {
    // Expected value computed outside our code: printf '1700000000000\nSECtest0123456789' | openssl dgst -sha256 -hmac 'SECtest0123456789' -binary | base64
    expect(dingtalkSign("SECtest0123456789", 1_700_000_000_000)).toBe("yBKp5IlG6qCzcQWmgyRK%2FziJBdVNJmHfFE2ST%2FCzT%2Fg%3D");
    expect(dingtalkUrl({ webhookUrl: "https://oapi.dingtalk.com/robot/send?access_token=abc", secret: "SECtest0123456789" }, 1_700_000_000_000)).toBe(
      "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign=yBKp5IlG6qCzcQWmgyRK%2FziJBdVNJmHfFE2ST%2FCzT%2Fg%3D",
    );
  });

  it("posts a signed markdown message the robot accepts, with the exact body", async () => {
    const r = await sendDingtalk(dingtalk(), { title: "支付成功率下降", markdown: "#### 支付成功率下降\n- **范围**: 支付宝" }, 2000);
    expect(r).toEqual({ ok: true, providerMessageId: null });
    const [req] = fake.requests;
    expect(req!.answer).toBe('{"errcode":0,"errmsg":"ok"}');
    expect(req!.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(req!.body)).toEqual({ msgtype: "markdown", markdown: { title: "支付成功率下降", text: "#### 支付成功率下降\n- **范围**: 支付宝" }, at: { atMobiles: [], isAtAll: false } });
    const url = new URL(req!.url, "http://x");
    expect(url.searchParams.get("access_token")).toBe("fake-dingtalk-token");
    expect(url.searchParams.get("timestamp")).toMatch(/^\d{13}$/);
  });

  it("treats errcode ≠ 0 as a failure (a wrong secret: sign not match; throttled: rate limited)", async () => {
    const wrong = await sendDingtalk({ ...dingtalk(), secret: "SECwrong" }, { title: "t", markdown: "m" }, 2000);
    expect(wrong).toMatchObject({ ok: false, uncertain: false, error: expect.stringContaining("errcode 310000") });
    fake.failNext("dingtalk", 1, "error");
    expect(await sendDingtalk(dingtalk(), { title: "t", markdown: "m" }, 2000)).toMatchObject({ ok: false, rateLimited: true, error: expect.stringContaining("130101") });
  });
});

describe("WeCom group robot", () => {
  it("posts markdown with the exact body", async () => {
    expect(await sendWecom({ webhookUrl: fake.env.ALERT_WECOM_WEBHOOK_URL! }, { markdown: "# 告警\n**加粗**", tail: "…" }, 2000)).toEqual({ ok: true, providerMessageId: null });
    expect(JSON.parse(fake.requests[0]!.body)).toEqual({ msgtype: "markdown", markdown: { content: "# 告警\n**加粗**" } });
  });

  it("keeps markdown within 4,096 BYTES of UTF-8 (Chinese is 3 bytes a character), cut at a character boundary with the tail", async () => {
    const long = `# 支付成功率下降\n${"支付宝回调延迟😀".repeat(600)}`; // ~17,000 bytes, with 4-byte emoji
    const tail = "\n\n…内容过长，完整内容见控制台：http://127.0.0.1:3999/alerts/1";
    const r = await sendWecom({ webhookUrl: fake.env.ALERT_WECOM_WEBHOOK_URL! }, { markdown: long, tail }, 2000);
    expect(r).toEqual({ ok: true, providerMessageId: null });
    const content = (JSON.parse(fake.requests[0]!.body) as { markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(content, "utf8")).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(content, "utf8")).toBeGreaterThan(4096 - 4);
    expect(content.endsWith(tail)).toBe(true);
    expect(content).not.toContain("\uFFFD");
    expect(long.startsWith(content.slice(0, -tail.length))).toBe(true);
    // Without the cut the robot refuses it (errcode 40058): the fake enforces the real limit.
    fake.reset();
    const { post } = await import("./http");
    const raw = await post(fake.env.ALERT_WECOM_WEBHOOK_URL!, { headers: { "content-type": "application/json" }, body: JSON.stringify({ msgtype: "markdown", markdown: { content: long } }) }, 2000);
    expect(raw).toMatchObject({ kind: "answer", body: expect.stringContaining("40058") });
  });

  it("truncateUtf8 never splits a character", () => {
    expect(truncateUtf8("ab", 10, "…")).toBe("ab");
    expect(truncateUtf8("一二三四", 9, "")).toBe("一二三");
    expect(truncateUtf8("一二三四", 8, "")).toBe("一二");
    expect(truncateUtf8("a😀b", 4, "")).toBe("a");
    expect(truncateUtf8("一二三四", 7, "…")).toBe("一…"); // "…" is 3 bytes
  });
});

describe("SMS", () => {
  it("Aliyun: RPC HMAC-SHA1 signature as documented", () => {
    // printf 'POST&%2F&AccessKeyId%3Dtestid%26Action%3DSendSms' | openssl dgst -sha1 -hmac 'testsecret&' -binary | base64
    expect(aliyunSignature({ Action: "SendSms", AccessKeyId: "testid" }, "testsecret")).toBe("1iQ/6xZml5Xzm6HIlsukmSwKSHs=");
  });

  it("Aliyun SendSms: the fake verifies the signature; PhoneNumbers, SignName, TemplateCode, TemplateParam (JSON string), OutId = idempotency key", async () => {
    const r = await aliyun().send({ phone: "13800001234", params: [["alert", "严重 支付成功率下降"], ["link", "http://x/ack/t"]], idempotencyKey: "7:sms:13800001234" }, 2000);
    expect(r).toEqual({ ok: true, providerMessageId: "biz-7:sms:13800001234" });
    const p = Object.fromEntries(new URLSearchParams(fake.requests[0]!.body));
    expect(p).toMatchObject({
      Action: "SendSms", Version: "2017-05-25", Format: "JSON", SignatureMethod: "HMAC-SHA1", SignatureVersion: "1.0",
      PhoneNumbers: "13800001234", SignName: "PayOps", TemplateCode: "SMS_000000001", OutId: "7:sms:13800001234",
      TemplateParam: '{"alert":"严重 支付成功率下降","link":"http://x/ack/t"}',
    });
    expect(p.Timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(fake.requests[0]!.answer).toContain('"Code":"OK"');
  });

  it("Tencent SendSms: TC3-HMAC-SHA256 (verified by the fake), E.164 PhoneNumberSet, TemplateParamSet, SessionContext = idempotency key", async () => {
    const r = await tencent().send({ phone: "13800001234", params: [["alert", "严重 支付成功率下降"], ["link", "http://x/ack/t"]], idempotencyKey: "7:sms:13800001234" }, 2000);
    expect(r).toEqual({ ok: true, providerMessageId: "serial-0-7:sms:13800001234" });
    const req = fake.requests[0]!;
    expect(JSON.parse(req.body)).toEqual({
      PhoneNumberSet: ["+8613800001234"], SmsSdkAppId: "1400000001", SignName: "PayOps", TemplateId: "1000001",
      TemplateParamSet: ["严重 支付成功率下降", "http://x/ack/t"], SessionContext: "7:sms:13800001234",
    });
    expect(req.headers).toMatchObject({ "x-tc-action": "SendSms", "x-tc-version": "2021-01-11", "x-tc-region": "ap-guangzhou" });
    expect(req.headers.authorization).toMatch(/^TC3-HMAC-SHA256 Credential=fake-key-id\/\d{4}-\d{2}-\d{2}\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/);
  });

  it("a provider error code is a definite failure; a lost answer is uncertain (the SMS may have gone out)", async () => {
    fake.failNext("aliyun", 1, "error");
    expect(await aliyun().send({ phone: "13800001234", params: [["alert", "a"]], idempotencyKey: "k1" }, 2000)).toMatchObject({ ok: false, uncertain: false, rateLimited: true });
    fake.failNext("aliyun", 1, "answer-lost");
    expect(await aliyun().send({ phone: "13800001234", params: [["alert", "a"]], idempotencyKey: "k2" }, 2000)).toMatchObject({ ok: false, uncertain: true });
    fake.failNext("tencent", 1, "hang");
    expect(await tencent().send({ phone: "13800001234", params: [["alert", "a"]], idempotencyKey: "k3" }, 300)).toMatchObject({ ok: false, uncertain: true, error: expect.stringContaining("no answer within 300 ms") });
    fake.failNext("tencent", 1, "http500");
    expect(await tencent().send({ phone: "13800001234", params: [["alert", "a"]], idempotencyKey: "k4" }, 2000)).toMatchObject({ ok: false, uncertain: true });
  });
});

describe("e-mail over SMTP", () => {
  it("a real SMTP server receives HTML + text with the Message-ID derived from the idempotency key", async () => {
    const r = await sendEmail(
      { smtpUrl: fake.env.ALERT_SMTP_URL!, from: "PayOps alerts <alerts@payops.local>" },
      { to: "ops@example.com", subject: "【告警】严重 · 支付成功率下降", text: "范围: 支付宝\n确认: http://x/ack/t", html: "<h2>支付成功率下降</h2><p>范围: 支付宝</p>", idempotencyKey: "9:email:ops@example.com" },
      2000,
    );
    expect(r.ok).toBe(true);
    expect(fake.mails).toHaveLength(1);
    const mail = fake.mails[0]!;
    expect(mail.to).toEqual(["ops@example.com"]);
    expect(mail.from).toBe("alerts@payops.local");
    const parsed = parseMail(mail.raw);
    expect(parsed.headers["message-id"]).toBe(messageIdFor("9:email:ops@example.com", "payops.local"));
    expect(decodeHeader(parsed.headers.subject!)).toBe("【告警】严重 · 支付成功率下降");
    expect(parsed.headers["content-type"]).toMatch(/^multipart\/alternative/);
    expect(parsed.text).toBe("范围: 支付宝\n确认: http://x/ack/t");
    expect(parsed.html).toBe("<h2>支付成功率下降</h2><p>范围: 支付宝</p>");
  });

  it("an unreachable server is a failure, not a crash", async () => {
    const r = await sendEmail({ smtpUrl: "smtp://127.0.0.1:1", from: "a@b.c" }, { to: "x@example.com", subject: "s", text: "t", html: "<p>t</p>", idempotencyKey: "k" }, 1000);
    expect(r).toMatchObject({ ok: false, uncertain: false, error: "smtp ESOCKET at CONN (127.0.0.1:1)" });
  });
});
