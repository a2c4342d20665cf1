import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertContacts, type AlertContactRow } from "@/db/schema";
import type { ContactRole } from "@/lib/alerts";
import type { Locale } from "@/lib/i18n/locale";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { maskPhone } from "@/server/auth/mask-phone";
import { NotFoundError } from "@/server/lib/errors";

export interface ContactView {
  id: number;
  name: string;
  role: ContactRole;
  locale: Locale;
  /** Masked on read: the console never shows the stored number back. */
  phone: string | null;
  email: string | null;
  enabled: boolean;
  escalationOrder: number;
}

const view = (c: AlertContactRow): ContactView => ({
  id: c.id, name: c.name, role: c.role, locale: c.locale, phone: maskPhone(c.phone), email: c.email, enabled: c.enabled, escalationOrder: c.escalationOrder,
});

export async function listContacts(db: Db): Promise<ContactView[]> {
  return (await db.select().from(alertContacts).orderBy(asc(alertContacts.escalationOrder), asc(alertContacts.name), asc(alertContacts.id))).map(view);
}

export interface ContactInput {
  id?: number;
  name: string;
  role: ContactRole;
  locale: Locale;
  /** On update: undefined keeps the stored number (the console only ever sees it masked), null removes it. */
  phone?: string | null;
  email?: string | null;
  enabled: boolean;
  escalationOrder: number;
}

/** Creates or updates a contact; audited with the phone masked. */
export async function saveContact(db: Db, actor: Actor, input: ContactInput): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const fields = {
      name: input.name, role: input.role, locale: input.locale, enabled: input.enabled, escalationOrder: input.escalationOrder,
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
    };
    if (input.id === undefined) {
      const [row] = await tx.insert(alertContacts).values(fields).returning();
      await writeAudit(tx, actor, { action: "alert_contact.create", entityType: "alert_contact", entityId: String(row!.id), after: view(row!) });
      return { id: row!.id };
    }
    const [before] = await tx.select().from(alertContacts).where(eq(alertContacts.id, input.id)).for("update");
    if (!before) throw new NotFoundError(`contact ${input.id} not found`);
    const [after] = await tx.update(alertContacts).set(fields).where(eq(alertContacts.id, input.id)).returning();
    await writeAudit(tx, actor, { action: "alert_contact.update", entityType: "alert_contact", entityId: String(input.id), before: view(before), after: view(after!) });
    return { id: input.id };
  });
}

export async function deleteContact(db: Db, actor: Actor, id: number): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(alertContacts).where(eq(alertContacts.id, id)).returning();
    if (!row) throw new NotFoundError(`contact ${id} not found`);
    await writeAudit(tx, actor, { action: "alert_contact.delete", entityType: "alert_contact", entityId: String(id), before: view(row) });
    return { id };
  });
}
