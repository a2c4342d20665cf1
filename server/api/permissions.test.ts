import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/lib/enums";
import { auditLogs, orders } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { appRouter, createCaller } from "./root";
import type { Context } from "./trpc";

const getDb = useTestDb();

const RULE_DRAFT = { metric: "success_rate", kind: "threshold", direction: "drop", severity: "critical", params: { threshold: 0.5, windowMinutes: 3 }, scopes: ["provider"] };

// One valid input per procedure. A new procedure without an entry here fails the walk below, on purpose.
const SAMPLE_INPUT: Record<string, unknown> = {
  "me.get": undefined,
  "me.notices": undefined,
  "me.dismissNotice": { ids: [987654] },
  "order.search": { q: "PERM-1" },
  "order.get": { orderNo: "PERM-1" },
  "order.queryNow": { orderNo: "PERM-NO-SUCH-ORDER" },
  "job.list": {},
  "job.get": { id: 987654 },
  "job.replay": { id: 987654 },
  "job.replayMany": { ids: [987654] },
  "callback.list": {},
  "callback.body": { id: 987654 },
  "callback.reveal": { id: 987654, reason: "permission walk" },
  "order.problemMessages": { orderNo: "PERM-1" },
  "discrepancy.list": {},
  "discrepancy.get": { id: 987654 },
  "discrepancy.assignees": {},
  "discrepancy.pendingReview": {},
  "discrepancy.resolve": { ids: [987654], reason: "permission walk" },
  "discrepancy.writeOff": { ids: [987654], reason: "permission walk" },
  "discrepancy.assign": { ids: [987654], assigneeId: null },
  "reconRules.list": undefined,
  "reconRules.update": { key: "apply_payment", enabled: true },
  "reconRules.preview": { discrepancyIds: [987654] },
  "reconRules.run": { discrepancyIds: [987654] },
  "recon.imports": {},
  "recon.importDetail": { id: 987654 },
  "recon.summary": { date: "2026-11-24" },
  "recon.pullNow": { provider: "sandbox", date: "2999-01-01" },
  "recon.mappings": undefined,
  "kpi.payments": { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-08T00:00:00Z"), provider: null, bucket: "day" },
  "kpi.service": { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-08T00:00:00Z"), provider: null, bucket: "day" },
  "kpi.recon": { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-08T00:00:00Z"), provider: null, bucket: "day" },
  "kpi.incidents": { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-08T00:00:00Z"), provider: null, bucket: "day" },
  "recon.saveMapping": { id: 987654, name: "permission walk", provider: "sandbox", mapping: { columns: { providerTransactionId: "id", amount: "amount", occurredAt: "time" } } },
  "recon.deleteMapping": { id: 987654 },
  "audit.list": {},
  "ops.health": undefined,
  "alert.list": {},
  "alert.counts": undefined,
  "alert.get": { id: 987654 },
  "alert.acknowledge": { id: 987654 },
  "alert.ruleList": undefined,
  "alert.ruleUpdate": { key: "perm-no-such-rule", enabled: true, kind: "threshold", direction: "drop", severity: "critical", params: { threshold: 0.5, windowMinutes: 3 }, scopes: ["provider"] },
  "alert.backtest": { rule: RULE_DRAFT, days: 7 },
  "alert.silenceList": undefined,
  "alert.silenceCreate": { kind: "silence", matchers: { ruleKey: "perm-walk" }, startsAt: new Date("2026-01-01T00:00:00Z"), endsAt: new Date("2026-01-01T01:00:00Z"), comment: "permission walk" },
  "alert.silenceExpire": { id: 987654 },
  "incident.list": {},
  "incident.get": { id: 987654 },
  "incident.open": { alertId: 987654 },
  "incident.setCommander": { id: 987654, commander: "me" },
  "incident.addNote": { id: 987654, text: "permission walk" },
  "incident.resolve": { id: 987654, summary: "permission walk summary" },
  "alertChannel.contactList": undefined,
  "alertChannel.contactSave": { id: 987654, name: "perm walk", role: "ops", locale: "en", enabled: true, escalationOrder: 1 },
  "alertChannel.contactDelete": { id: 987654 },
  "alertChannel.routeList": undefined,
  "alertChannel.routeSave": { id: 987654, name: "perm walk", severities: [], metrics: [], roles: ["ops"], channels: ["email"], enabled: true },
  "alertChannel.routeDelete": { id: 987654 },
  "alertChannel.channelStatus": undefined,
  "alertChannel.deliveryList": {},
  // dingtalk is not configured in tests: the test delivery is logged as failed, nothing leaves the machine.
  "alertChannel.sendTest": { channel: "dingtalk" },
  "status.overview": undefined,
  "status.list": {},
  "status.get": { id: 987654 },
  "status.templates": undefined,
  "status.publish": { incidentId: 987654, kind: "incident", severity: "warning", status: "investigating", title: { "zh-CN": "权限", en: "perm walk" }, body: { "zh-CN": "权限", en: "perm walk" }, components: [{ key: "orders", state: "degraded_performance" }] },
  "status.postUpdate": { id: 987654, status: "resolved", body: { "zh-CN": "权限", en: "perm walk" } },
  "status.setAutoPublish": { enabled: false },
  "userNotice.deliveryList": {},
  "userNotice.forOrder": { orderNo: "PERM-1" },
  "userNotice.templates": undefined,
  "userNotice.templateSave": { templateKey: "follow_up", channel: "push", locale: "en", body: "permission walk {orderNo}" },
  // push is not configured in tests: the test send is logged as failed, nothing leaves the machine.
  "userNotice.sendTest": { templateKey: "follow_up", channel: "push", locale: "en", target: "perm-walk" },
  "userNotice.settings": undefined,
  "userNotice.settingsUpdate": { noticeAfterMs: null, quietStart: "21:00", quietEnd: "09:00", ratePerDay: 3, channels: ["sms", "push"], autoDetect: true },
  "userNotice.optOutList": undefined,
  "userNotice.optOutAdd": { userId: "perm-walk" },
  "userNotice.optOutRemove": { id: 987654 },
  "userNotice.incidentPreview": { incidentId: 987654 },
  "userNotice.incidentNotify": { incidentId: 987654 },
  "userNotice.incidentProgress": { incidentId: 987654 },
  "ticket.list": {},
  "ticket.get": { id: 987654 },
  "ticket.forOrder": { orderNo: "PERM-1" },
  "ticket.create": { subject: "permission walk", description: "permission walk", orderNo: "PERM-NO-SUCH-ORDER" },
  "ticket.addMessage": { id: 987654, kind: "note", text: "permission walk" },
  "ticket.setStatus": { id: 987654, status: "open" },
  "ticket.setPriority": { id: 987654, priority: "high" },
  "ticket.assign": { id: 987654, assignee: null },
  "ticket.counts": {},
  "ticket.assignees": {},
  "ticket.openFrom": { kind: "discrepancy", id: 987654, subject: "permission walk" },
  "ticket.setType": { id: 987654, type: "complaint" },
  "ticket.take": { id: 987654 },
  "ticket.transfer": { id: 987654, queue: "ops" },
  "ticket.merge": { id: 987654, into: 987655 },
  "ticket.bulkUpdate": { ids: [987654], priority: "high" },
  "ticket.bulkAssign": { ids: [987654], queue: "ops" },
  "ticket.views": {},
  "ticket.saveView": { name: "permission walk", filters: { queue: "ops" } },
  "ticket.deleteView": { id: 987654 },
  "ticket.myAvailability": {},
  "ticket.setAvailability": { availability: "away" },
  "ticketSettings.get": {},
  "ticketSettings.saveQueue": { queue: "tech", targets: Object.fromEntries(["low", "normal", "high", "urgent"].map((p) => [p, { firstResponseMinutes: 60, resolutionMinutes: 600 }])) },
  "ticketSettings.saveHours": { timeZone: "Asia/Shanghai", startMinute: 540, endMinute: 1260, weekdays: [1, 2, 3, 4, 5, 6, 7] },
  "ticketSettings.saveAgent": { userId: "00000000-0000-4000-8000-000000987654", skills: ["cs_l1"], capacity: 5, availability: "away" },
  "brief.active": {},
  "brief.forIncident": { incidentId: 987654 },
  "brief.save": { incidentId: 987654, brief: { happening: { "zh-CN": "权限", en: "perm" }, affected: { "zh-CN": "", en: "" }, tellUsers: { "zh-CN": "", en: "" }, agentsMay: { "zh-CN": "", en: "" }, scriptIds: [] } },
  "brief.confirm": { briefId: 987654, version: 1 },
  // Refunds (issue 10): amounts are decided in the domain (server/refunds/refund-authority.test.ts).
  "refund.forOrder": { orderNo: "PERM-1" },
  "refund.list": { queue: "all" },
  "refund.create": { orderNo: "PERM-NO-SUCH-ORDER", kind: "refund", amountMinor: 100, reasonCode: "charged_twice" },
  "refund.approve": { refundNo: "PERM-NO-SUCH-REFUND", reason: "permission walk" },
  "refund.reject": { refundNo: "PERM-NO-SUCH-REFUND", reason: "permission walk" },
  "refund.limits": undefined,
  "refund.setLimit": { role: "admin", singleMaxMinor: null, dailyMaxMinor: null },
  "customer.find": { q: "PERM-1" },
  "customer.orders": { userId: "u-1" },
  "customer.notices": { userId: "u-1" },
  "customer.reveal": { userId: "PERM-NO-SUCH-USER", reason: "identity_check", note: "permission walk" },
  "customer.resendFulfilment": { orderNo: "PERM-1" },
  // Reply scripts and knowledge base (issue 10).
  "script.list": {},
  "script.get": { id: 987654 },
  "script.suggest": { orderNo: "PERM-1" },
  "script.preview": { text: { "zh-CN": "订单{orderNo}", en: "Order {orderNo}" }, orderNo: "PERM-1" },
  "script.recordUse": { versionId: 987654 },
  "script.draft": { scriptId: 987654, category: "general", situations: [], title: { "zh-CN": "权限", en: "perm walk" }, text: { "zh-CN": "权限", en: "perm walk" } },
  "script.submit": { versionId: 987654 },
  "script.approve": { versionId: 987654 },
  "script.reject": { versionId: 987654, reason: "permission walk" },
  "kb.list": {},
  "kb.search": { q: "退款", locale: "zh-CN" },
  "kb.get": { slug: "perm-no-such-article" },
  "kb.save": { id: 987654, slug: "perm-walk", category: "general", tags: [], visibility: "internal", status: "draft", title: { "zh-CN": "权限", en: "perm walk" }, body: { "zh-CN": "权限", en: "perm walk" } },
  "kb.feedback": { articleId: 987654, helpful: true },
  "kb.links": { target: { kind: "incident", id: 987654 } },
  "kb.link": { articleId: 987654, target: { kind: "incident", id: 987654 } },
  "kb.unlink": { articleId: 987654, target: { kind: "incident", id: 987654 } },
  "review.list": {},
  "review.get": { incidentId: 987654 },
  "review.refreshDraft": { incidentId: 987654 },
  "review.complete": { incidentId: 987654, rootCause: "permission walk root cause", whatWorked: "", whatDidNot: "" },
  "review.addActionItem": { incidentId: 987654, title: "permission walk", ownerId: null, dueOn: null },
  "review.updateActionItem": { id: 987654, title: "permission walk" },
  "review.setActionItemStatus": { id: 987654, status: "done" },
  "review.listActionItems": {},
  "report.list": {},
  "report.get": { id: 987654 },
  "report.generate": { kind: "weekly" },
  "report.subscriptions": {},
  "report.subscribe": { kind: "weekly" },
  "report.unsubscribe": { kind: "weekly" },
  "report.suggestions": {},
  "report.acceptSuggestion": { kind: "topic_no_content", subject: "refund", reportId: null },
};

// The permission each procedure declares (procedureFor), written out by hand like the roles below.
const EXPECTED_PERMISSION: Record<string, string> = {
  "me.get": "me.read",
  "me.notices": "me.read",
  "me.dismissNotice": "me.update",
  "order.search": "order.read",
  "order.get": "order.read",
  "order.problemMessages": "order.read",
  "order.queryNow": "order.query_provider",
  "job.list": "job.read",
  "job.get": "job.read",
  "job.replay": "job.replay",
  "job.replayMany": "job.replay",
  "callback.list": "callback.read",
  "callback.body": "order.read",
  "callback.reveal": "callback.reveal",
  "discrepancy.list": "discrepancy.read",
  "discrepancy.get": "discrepancy.read",
  "discrepancy.assignees": "discrepancy.read",
  "discrepancy.pendingReview": "discrepancy.read",
  "discrepancy.resolve": "recon.resolve",
  "discrepancy.writeOff": "recon.resolve",
  "discrepancy.assign": "recon.resolve",
  "reconRules.list": "discrepancy.read",
  "reconRules.update": "recon.configure",
  "reconRules.preview": "discrepancy.read",
  "reconRules.run": "recon.resolve",
  "recon.imports": "discrepancy.read",
  "recon.importDetail": "discrepancy.read",
  "recon.summary": "discrepancy.read",
  "recon.pullNow": "recon.import",
  "recon.mappings": "discrepancy.read",
  "kpi.payments": "kpi.read",
  "kpi.service": "kpi.read",
  "kpi.recon": "kpi.read",
  "kpi.incidents": "kpi.read",
  "recon.saveMapping": "recon.configure",
  "recon.deleteMapping": "recon.configure",
  "audit.list": "audit.read",
  "ops.health": "ops.read",
  "alert.list": "alert.read",
  "alert.counts": "alert.read",
  "alert.get": "alert.read",
  "alert.acknowledge": "alert.acknowledge",
  "alert.ruleList": "alert.read",
  "alert.ruleUpdate": "alert.manage",
  "alert.backtest": "alert.manage",
  "alert.silenceList": "alert.read",
  "alert.silenceCreate": "alert.manage",
  "alert.silenceExpire": "alert.manage",
  "incident.list": "incident.read",
  "incident.get": "incident.read",
  "incident.open": "incident.manage",
  "incident.setCommander": "incident.manage",
  "incident.addNote": "incident.manage",
  "incident.resolve": "incident.manage",
  "alertChannel.contactList": "alert.manage",
  "alertChannel.contactSave": "alert.manage",
  "alertChannel.contactDelete": "alert.manage",
  "alertChannel.routeList": "alert.manage",
  "alertChannel.routeSave": "alert.manage",
  "alertChannel.routeDelete": "alert.manage",
  "alertChannel.channelStatus": "alert.manage",
  "alertChannel.deliveryList": "alert.read",
  "alertChannel.sendTest": "alert.manage",
  "status.overview": "status.read",
  "status.list": "status.read",
  "status.get": "status.read",
  "status.templates": "status.read",
  "status.publish": "status.publish",
  "status.postUpdate": "status.publish",
  "status.setAutoPublish": "status.publish",
  "userNotice.deliveryList": "notice.read",
  "userNotice.forOrder": "notice.read",
  "userNotice.templates": "notice.read",
  "userNotice.templateSave": "notice.manage",
  "userNotice.sendTest": "notice.manage",
  "userNotice.settings": "notice.read",
  "userNotice.settingsUpdate": "notice.manage",
  "userNotice.optOutList": "notice.read",
  "userNotice.optOutAdd": "notice.manage",
  "userNotice.optOutRemove": "notice.manage",
  "userNotice.incidentPreview": "notice.manage",
  "userNotice.incidentNotify": "notice.manage",
  "userNotice.incidentProgress": "notice.read",
  "ticket.list": "ticket.read",
  "ticket.get": "ticket.read",
  "ticket.forOrder": "ticket.read",
  "ticket.create": "ticket.update",
  "ticket.addMessage": "ticket.update",
  "ticket.setStatus": "ticket.update",
  "ticket.setPriority": "ticket.update",
  "ticket.assign": "ticket.assign",
  "ticket.counts": "ticket.read",
  "ticket.assignees": "ticket.read",
  "ticket.openFrom": "ticket.update",
  "ticket.setType": "ticket.update",
  "ticket.take": "ticket.update",
  "ticket.transfer": "ticket.assign",
  "ticket.merge": "ticket.assign",
  "ticket.bulkUpdate": "ticket.update",
  "ticket.bulkAssign": "ticket.assign",
  "ticket.views": "ticket.read",
  "ticket.saveView": "ticket.read",
  "ticket.deleteView": "ticket.read",
  "ticket.myAvailability": "ticket.update",
  "ticket.setAvailability": "ticket.update",
  "ticketSettings.get": "ticket.configure",
  "ticketSettings.saveQueue": "ticket.configure",
  "ticketSettings.saveHours": "ticket.configure",
  "ticketSettings.saveAgent": "ticket.configure",
  "brief.active": "brief.confirm",
  "brief.forIncident": "brief.confirm",
  "brief.save": "brief.write",
  "brief.confirm": "brief.confirm",
  "refund.forOrder": "refund.read",
  "refund.list": "refund.read",
  "refund.create": "refund.create",
  "refund.approve": "refund.approve",
  "refund.reject": "refund.approve",
  "refund.limits": "refund.read",
  "refund.setLimit": "refund.configure",
  "customer.find": "customer.read",
  "customer.orders": "customer.read",
  "customer.notices": "customer.read",
  "customer.reveal": "customer.reveal",
  "customer.resendFulfilment": "order.resend_fulfilment",
  "script.list": "script.read",
  "script.get": "script.read",
  "script.suggest": "script.read",
  "script.preview": "script.read",
  "script.recordUse": "script.read",
  "script.draft": "script.edit",
  "script.submit": "script.edit",
  "script.approve": "script.publish",
  "script.reject": "script.publish",
  "kb.list": "kb.read",
  "kb.search": "kb.read",
  "kb.get": "kb.read",
  "kb.save": "kb.edit",
  "kb.feedback": "kb.read",
  "kb.links": "kb.read",
  "kb.link": "kb.edit",
  "kb.unlink": "kb.edit",
  "review.list": "review.read",
  "review.get": "review.read",
  "review.refreshDraft": "review.write",
  "review.complete": "review.write",
  "review.addActionItem": "review.write",
  "review.updateActionItem": "review.write",
  "review.setActionItemStatus": "review.write",
  "review.listActionItems": "review.read",
  "report.list": "review.read",
  "report.get": "review.read",
  "report.generate": "report.manage",
  "report.subscriptions": "report.manage",
  "report.subscribe": "report.manage",
  "report.unsubscribe": "report.manage",
  "report.suggestions": "review.read",
  "report.acceptSuggestion": "review.read",
};

// The policy, written out by hand from the product's role descriptions (README "Demo users"). It is
// deliberately NOT read from server/auth/permissions.ts, the table the router reads: a wrong entry there
// must fail this test, not be copied into it. Change both on purpose, in the same review.
const EXPECTED_ROLES: Record<string, readonly Role[]> = {
  "me.get": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  // Everyone sees and dismisses their own security notices.
  "me.notices": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "me.dismissNotice": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "order.search": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "order.get": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  // Querying a provider is an action: not for the read-only manager.
  "order.queryNow": ["agent", "senior_agent", "finance", "ops", "admin"],
  "job.list": ["ops", "manager", "admin"],
  "job.get": ["ops", "manager", "admin"],
  "job.replay": ["ops", "admin"],
  "job.replayMany": ["ops", "admin"],
  "callback.list": ["senior_agent", "finance", "ops", "admin"],
  // Anyone who may open an order page may open one of its messages (masked).
  "callback.body": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "order.problemMessages": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  // Unmasking personal data in a raw message: ops and admins only, with a reason (audited).
  "callback.reveal": ["ops", "admin"],
  "discrepancy.list": ["senior_agent", "finance", "ops", "manager", "admin"],
  "discrepancy.get": ["senior_agent", "finance", "ops", "manager", "admin"],
  "discrepancy.assignees": ["senior_agent", "finance", "ops", "manager", "admin"],
  "discrepancy.pendingReview": ["senior_agent", "finance", "ops", "manager", "admin"],
  "discrepancy.resolve": ["finance", "ops", "admin"],
  "discrepancy.writeOff": ["finance", "ops", "admin"],
  "discrepancy.assign": ["finance", "ops", "admin"],
  "reconRules.list": ["senior_agent", "finance", "ops", "manager", "admin"],
  "reconRules.update": ["finance", "admin"],
  "reconRules.preview": ["senior_agent", "finance", "ops", "manager", "admin"],
  "reconRules.run": ["finance", "ops", "admin"],
  "recon.imports": ["senior_agent", "finance", "ops", "manager", "admin"],
  "recon.importDetail": ["senior_agent", "finance", "ops", "manager", "admin"],
  "recon.summary": ["senior_agent", "finance", "ops", "manager", "admin"],
  "recon.pullNow": ["finance", "ops", "admin"],
  "recon.mappings": ["senior_agent", "finance", "ops", "manager", "admin"],
  "kpi.payments": ["senior_agent", "finance", "ops", "manager", "admin"],
  "kpi.service": ["senior_agent", "finance", "ops", "manager", "admin"],
  "kpi.recon": ["senior_agent", "finance", "ops", "manager", "admin"],
  "kpi.incidents": ["senior_agent", "finance", "ops", "manager", "admin"],
  "recon.saveMapping": ["finance", "admin"],
  "recon.deleteMapping": ["finance", "admin"],
  "audit.list": ["manager", "admin"],
  // The detailed health (database, migrations, queues): the people who run the system.
  "ops.health": ["ops", "admin"],
  // Early warning: everybody sees what is wrong (CS answers users about it); the on-call roles act on it.
  "alert.list": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "alert.counts": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "alert.get": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "alert.acknowledge": ["ops", "manager", "admin"],
  "alert.ruleList": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "alert.silenceList": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  // Rules, backtests, silences and maintenance windows: ops and admins, not the read-only manager.
  "alert.ruleUpdate": ["ops", "admin"],
  "alert.backtest": ["ops", "admin"],
  "alert.silenceCreate": ["ops", "admin"],
  "alert.silenceExpire": ["ops", "admin"],
  "incident.list": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "incident.get": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  // Running an incident: ops, and managers (who often command one), and admins.
  "incident.open": ["ops", "manager", "admin"],
  "incident.setCommander": ["ops", "manager", "admin"],
  "incident.addNote": ["ops", "manager", "admin"],
  "incident.resolve": ["ops", "manager", "admin"],
  // Contacts (phone numbers), routes and channels: the people who run alerting.
  "alertChannel.contactList": ["ops", "admin"],
  "alertChannel.contactSave": ["ops", "admin"],
  "alertChannel.contactDelete": ["ops", "admin"],
  "alertChannel.routeList": ["ops", "admin"],
  "alertChannel.routeSave": ["ops", "admin"],
  "alertChannel.routeDelete": ["ops", "admin"],
  "alertChannel.channelStatus": ["ops", "admin"],
  "alertChannel.sendTest": ["ops", "admin"],
  // Whether the alert reached people: everyone who may see alerts (targets masked).
  "alertChannel.deliveryList": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  // The status page: everyone may see what the public sees; ops and managers speak for the company on it.
  "status.overview": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "status.list": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "status.get": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "status.templates": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "status.publish": ["ops", "manager", "admin"],
  "status.postUpdate": ["ops", "manager", "admin"],
  "status.setAutoPublish": ["ops", "manager", "admin"],
  // Personal notices: everyone sees what was sent to users (CS answers about it, targets masked); ops and
  // admins set the wording, the settings and opt-outs, send tests and notify an incident's users in bulk.
  "userNotice.deliveryList": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "userNotice.forOrder": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "userNotice.templates": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "userNotice.settings": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "userNotice.optOutList": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "userNotice.incidentProgress": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "userNotice.templateSave": ["ops", "admin"],
  "userNotice.sendTest": ["ops", "admin"],
  "userNotice.settingsUpdate": ["ops", "admin"],
  "userNotice.optOutAdd": ["ops", "admin"],
  "userNotice.optOutRemove": ["ops", "admin"],
  "userNotice.incidentPreview": ["ops", "admin"],
  "userNotice.incidentNotify": ["ops", "admin"],
  // Tickets: everyone sees the queue (managers read-only); the people who answer users work tickets.
  "ticket.list": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "ticket.get": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "ticket.forOrder": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "ticket.create": ["agent", "senior_agent", "finance", "ops", "admin"],
  "ticket.addMessage": ["agent", "senior_agent", "finance", "ops", "admin"],
  "ticket.setStatus": ["agent", "senior_agent", "finance", "ops", "admin"],
  "ticket.setPriority": ["agent", "senior_agent", "finance", "ops", "admin"],
  // Issue 10: assigning others, transferring and merging route work (senior agents, ops, admins); queue settings for managers and admins.
  "ticket.assign": ["senior_agent", "ops", "admin"],
  "ticket.counts": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "ticket.assignees": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "ticket.openFrom": ["agent", "senior_agent", "finance", "ops", "admin"],
  "ticket.setType": ["agent", "senior_agent", "finance", "ops", "admin"],
  "ticket.take": ["agent", "senior_agent", "finance", "ops", "admin"],
  "ticket.transfer": ["senior_agent", "ops", "admin"],
  "ticket.merge": ["senior_agent", "ops", "admin"],
  "ticket.bulkUpdate": ["agent", "senior_agent", "finance", "ops", "admin"],
  "ticket.bulkAssign": ["senior_agent", "ops", "admin"],
  "ticket.views": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "ticket.saveView": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "ticket.deleteView": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "ticket.myAvailability": ["agent", "senior_agent", "finance", "ops", "admin"],
  "ticket.setAvailability": ["agent", "senior_agent", "finance", "ops", "admin"],
  "ticketSettings.get": ["manager", "admin"],
  "ticketSettings.saveQueue": ["manager", "admin"],
  "ticketSettings.saveHours": ["manager", "admin"],
  "ticketSettings.saveAgent": ["manager", "admin"],
  // Incident brief (issue 10): everyone reads and confirms it; supervisors write it.
  "brief.active": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "brief.forIncident": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "brief.save": ["senior_agent", "ops", "manager", "admin"],
  "brief.confirm": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  // Refunds: everyone sees them; front line and finance request (within limits, else approval); senior agents,
  // finance and admins decide; admins set the limits.
  "refund.forOrder": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "refund.list": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "refund.create": ["agent", "senior_agent", "finance", "admin"],
  "refund.approve": ["senior_agent", "finance", "admin"],
  "refund.reject": ["senior_agent", "finance", "admin"],
  "refund.limits": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "refund.setLimit": ["admin"],
  // Customer lookup: everyone (masked per role); unmasking and resending fulfilment are for the people who act.
  "customer.find": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "customer.orders": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "customer.notices": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "customer.reveal": ["agent", "senior_agent", "finance", "ops", "admin"],
  "customer.resendFulfilment": ["agent", "senior_agent", "ops", "admin"],
  // Reply scripts: everyone reads and uses them (a copy is counted); senior agents and managers write drafts;
  // managers publish (approve or reject), never their own draft (a domain rule, tested in server/scripts).
  "script.list": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "script.get": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "script.suggest": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "script.preview": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "script.recordUse": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "script.draft": ["senior_agent", "manager", "admin"],
  "script.submit": ["senior_agent", "manager", "admin"],
  "script.approve": ["manager", "admin"],
  "script.reject": ["manager", "admin"],
  // Knowledge base: everyone reads, searches and rates; senior agents, ops and managers write SOPs and FAQs.
  "kb.list": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "kb.search": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "kb.get": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "kb.feedback": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "kb.links": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "kb.save": ["senior_agent", "ops", "manager", "admin"],
  "kb.link": ["senior_agent", "ops", "manager", "admin"],
  "kb.unlink": ["senior_agent", "ops", "manager", "admin"],
  // Incident reviews: read by the supervising roles; completed and tracked by those who run incidents.
  "review.list": ["senior_agent", "finance", "ops", "manager", "admin"],
  "review.get": ["senior_agent", "finance", "ops", "manager", "admin"],
  "review.refreshDraft": ["ops", "manager", "admin"],
  "review.complete": ["ops", "manager", "admin"],
  "review.addActionItem": ["ops", "manager", "admin"],
  "review.updateActionItem": ["ops", "manager", "admin"],
  "review.setActionItemStatus": ["ops", "manager", "admin"],
  "review.listActionItems": ["senior_agent", "finance", "ops", "manager", "admin"],
  "report.list": ["senior_agent", "finance", "ops", "manager", "admin"],
  "report.get": ["senior_agent", "finance", "ops", "manager", "admin"],
  "report.generate": ["manager", "admin"],
  "report.subscriptions": ["manager", "admin"],
  "report.subscribe": ["manager", "admin"],
  "report.unsubscribe": ["manager", "admin"],
  "report.suggestions": ["senior_agent", "finance", "ops", "manager", "admin"],
  "report.acceptSuggestion": ["senior_agent", "finance", "ops", "manager", "admin"],
};

// Allowed callers may still get a domain answer (no such job, no such order); never an auth refusal.
const DOMAIN_ANSWERS = new Set(["NOT_FOUND", "CONFLICT"]);

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { permission?: string } } }>);

function ctxFor(role: Role | null): Context {
  return {
    user: role ? { id: randomUUID(), email: `${role}@perm.test`, name: role, role, locale: null } : null,
    requestId: `test-${randomUUID()}`,
  };
}

async function call(role: Role | null, path: string): Promise<{ ok: true } | { ok: false; code: string }> {
  const caller = createCaller(ctxFor(role)) as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
  const [domain, verb] = path.split(".") as [string, string];
  try {
    await caller[domain]![verb]!(SAMPLE_INPUT[path]);
    return { ok: true };
  } catch (e) {
    if (e instanceof TRPCError) return { ok: false, code: e.code };
    throw e;
  }
}

beforeAll(async () => {
  await getDb().insert(orders).values({
    orderNo: "PERM-1",
    userId: "u-1",
    userPhone: "13812341234",
    amountMinor: 1230,
    currency: "CNY",
    provider: "sandbox",
  });
  await getDb().insert(auditLogs).values({ actorLabel: "system:test", action: "order.create", entityType: "order", entityId: "PERM-1", after: { userPhone: "13812341234", nested: { mobile: "13812341234" } } });
});

describe("role matrix", () => {
  it("covers exactly the router's procedures, each declaring the expected permission", () => {
    expect(procedures.length).toBeGreaterThan(5);
    const paths = procedures.map(([p]) => p).sort();
    // A new procedure fails here until someone writes down who may call it.
    expect(paths).toEqual(Object.keys(EXPECTED_ROLES).sort());
    expect(paths).toEqual(Object.keys(EXPECTED_PERMISSION).sort());
    for (const [path, proc] of procedures) {
      expect(proc._def.meta?.permission, `${path} declares no permission`).toBe(EXPECTED_PERMISSION[path]);
      expect(SAMPLE_INPUT, `add a sample input for ${path}`).toHaveProperty([path]);
    }
  });

  it("the expectations table itself names only real roles, each once", () => {
    for (const [path, roles] of Object.entries(EXPECTED_ROLES)) {
      expect(new Set(roles).size, path).toBe(roles.length);
      for (const r of roles) expect(ROLES, path).toContain(r);
    }
  });

  // Walk the expectations, not the router's meta: the calls below go through the real middleware, so a
  // procedure that lets in a role it should not (or keeps out one it should let in) fails by name.
  for (const [path, expectedRoles] of Object.entries(EXPECTED_ROLES)) {
    describe(path, () => {
      it("refuses anonymous callers with UNAUTHORIZED", async () => {
        expect(await call(null, path)).toEqual({ ok: false, code: "UNAUTHORIZED" });
      });
      for (const role of ROLES) {
        const allowed = expectedRoles.includes(role);
        it(`${allowed ? "allows" : "refuses"} ${role}`, async () => {
          const r = await call(role, path);
          if (allowed) {
            if (!r.ok) expect(DOMAIN_ANSWERS, `${path} as ${role} got ${r.code}`).toContain(r.code);
          } else {
            expect(r).toEqual({ ok: false, code: "FORBIDDEN" });
          }
        });
      }
    });
  }
});

describe("phone masking", () => {
  it("masks phones for agent, senior_agent and manager, on the server", async () => {
    for (const role of ["agent", "senior_agent", "manager"] as const) {
      const caller = createCaller(ctxFor(role));
      const found = await caller.order.search({ q: "13812341234" });
      expect(found.items.map((o) => o.userPhone)).toEqual(["138****1234"]);
      const detail = await caller.order.get({ orderNo: "PERM-1" });
      expect(detail.order.userPhone).toBe("138****1234");
      // copies of the phone inside audit rows are masked too
      expect(JSON.stringify(detail.audit)).not.toContain("13812341234");
      expect(detail.audit[0]!.after).toEqual({ userPhone: "138****1234", nested: { mobile: "138****1234" } });
      expect(detail.order.createdAt).toBeInstanceOf(Date);
    }
    const audit = await createCaller(ctxFor("manager")).audit.list({ entityId: "PERM-1" });
    expect(JSON.stringify(audit.items)).not.toContain("13812341234");
  });
  it("shows full phones to finance, ops and admin", async () => {
    for (const role of ["finance", "ops", "admin"] as const) {
      const detail = await createCaller(ctxFor(role)).order.get({ orderNo: "PERM-1" });
      expect(detail.order.userPhone).toBe("13812341234");
      expect(detail.audit[0]!.after).toMatchObject({ userPhone: "13812341234" });
    }
  });
});

describe("errors", () => {
  it("translates domain errors to their tRPC code with the domain message", async () => {
    await expect(createCaller(ctxFor("ops")).job.get({ id: 424242 })).rejects.toMatchObject({ code: "NOT_FOUND", message: "job 424242 not found" });
  });
  it("refuses a procedure whose meta lacks a permission (fail closed)", async () => {
    const { protectedProcedure, router, createCallerFactory } = await import("./trpc");
    const r = router({ noMeta: protectedProcedure.query(() => "leaked") });
    await expect(createCallerFactory(r)(ctxFor("admin")).noMeta()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
  it("hides unexpected errors behind a generic message", async () => {
    const { procedureFor, router } = await import("./trpc");
    const { getHTTPStatusCodeFromError } = await import("@trpc/server/http");
    const { fetchRequestHandler } = await import("@trpc/server/adapters/fetch");
    const r = router({
      boom: procedureFor("ops.read").query(() => {
        throw new Error("connection string postgres://secret@db");
      }),
    });
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: r,
      req: new Request("http://local/api/trpc/boom"),
      createContext: () => ctxFor("admin"),
    });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(text).not.toContain("secret");
    expect(text).toContain("Internal error");
    expect(getHTTPStatusCodeFromError(new TRPCError({ code: "FORBIDDEN" }))).toBe(403);
  });
});
