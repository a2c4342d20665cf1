import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { statementMappings, type StatementMapping } from "@/db/schema";
import { PROVIDERS, type Provider } from "@/lib/enums";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError } from "@/server/lib/errors";
import type { ColumnMapping } from "./formats/types";

const column = z.string().trim().min(1).max(120);

/** A saved column mapping as the form sends it (server/recon/formats/types.ts ColumnMapping). */
export const columnMappingInput = z.object({
  delimiter: z.string().min(1).max(2).optional(),
  encoding: z.enum(["utf8", "gbk"]).optional(),
  skipLines: z.number().int().min(0).max(100).optional(),
  timeZone: z.string().min(1).max(64).optional(),
  columns: z.object({
    providerTransactionId: column,
    orderNo: column.optional(),
    amount: column,
    currency: column.optional(),
    fee: column.optional(),
    occurredAt: column,
    kind: column.optional(),
    status: column.optional(),
    refundNo: column.optional(),
  }),
  defaultCurrency: z.string().regex(/^[A-Z]{3}$/).optional(),
  refundValues: z.array(z.string().min(1).max(60)).max(20).optional(),
  successValues: z.array(z.string().min(1).max(60)).max(20).optional(),
  amountUnit: z.enum(["major", "minor"]).optional(),
}) satisfies z.ZodType<ColumnMapping>;

export const saveMappingInput = z.object({
  id: z.number().int().positive().optional(),
  name: z.string().trim().min(1).max(80),
  provider: z.enum(PROVIDERS),
  mapping: columnMappingInput,
});

export interface MappingView {
  id: number;
  name: string;
  provider: Provider;
  mapping: ColumnMapping;
  createdByLabel: string;
  updatedAt: Date;
}

const view = (m: StatementMapping): MappingView => ({
  id: m.id,
  name: m.name,
  provider: m.provider,
  mapping: m.mapping as ColumnMapping,
  createdByLabel: m.createdByLabel,
  updatedAt: m.updatedAt,
});

export async function listStatementMappings(db: Db): Promise<MappingView[]> {
  return (await db.select().from(statementMappings).orderBy(asc(statementMappings.provider), asc(statementMappings.name))).map(view);
}

export async function getStatementMapping(db: Db, id: number): Promise<MappingView> {
  const [m] = await db.select().from(statementMappings).where(eq(statementMappings.id, id));
  if (!m) throw new NotFoundError(`no saved column mapping ${id}`);
  return view(m);
}

/** Creates (no id) or replaces a saved mapping; names are unique per provider. Audited. */
export async function saveStatementMapping(db: Db, actor: Actor, input: z.infer<typeof saveMappingInput>): Promise<MappingView> {
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: statementMappings.id })
      .from(statementMappings)
      .where(and(eq(statementMappings.provider, input.provider), eq(statementMappings.name, input.name)));
    if (clash && clash.id !== input.id) throw new ConflictError(`a ${input.provider} mapping named "${input.name}" already exists`);
    let row: StatementMapping | undefined;
    if (input.id) {
      const [before] = await tx.select().from(statementMappings).where(eq(statementMappings.id, input.id)).for("update");
      if (!before) throw new NotFoundError(`no saved column mapping ${input.id}`);
      [row] = await tx
        .update(statementMappings)
        .set({ name: input.name, provider: input.provider, mapping: input.mapping })
        .where(eq(statementMappings.id, input.id))
        .returning();
      await writeAudit(tx, actor, { action: "recon.mapping.update", entityType: "statement_mapping", entityId: String(input.id), before: view(before), after: input });
    } else {
      [row] = await tx
        .insert(statementMappings)
        .values({ name: input.name, provider: input.provider, mapping: input.mapping, createdBy: actor.id, createdByLabel: actor.label })
        .returning();
      await writeAudit(tx, actor, { action: "recon.mapping.create", entityType: "statement_mapping", entityId: String(row!.id), after: input });
    }
    return view(row!);
  });
}

export async function deleteStatementMapping(db: Db, actor: Actor, id: number): Promise<{ deleted: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(statementMappings).where(eq(statementMappings.id, id)).returning();
    if (!row) throw new NotFoundError(`no saved column mapping ${id}`);
    await writeAudit(tx, actor, { action: "recon.mapping.delete", entityType: "statement_mapping", entityId: String(id), before: view(row) });
    return { deleted: id };
  });
}
