import "server-only";
import { and, eq, getTableColumns } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statementImports, type StatementImport } from "@/db/schema";
import type { Provider } from "@/lib/enums";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";
import { NotFoundError } from "@/server/lib/errors";

const SORT: KeysetSort = { name: "statement_imports.id", keys: [{ expr: statementImports.id, kind: "bigint" }], direction: "desc" };

export type ImportListItem = Omit<StatementImport, "rowErrors">;

/** recon.imports: newest first, keyset (the workbench polls it for progressLines while an upload runs). */
export async function listStatementImports(db: Db, input: { provider?: Provider; cursor?: string; limit?: number }): Promise<KeysetPage<ImportListItem>> {
  const ks = keyset(SORT, input.cursor, input.limit);
  const { rowErrors: _omit, ...columns } = getTableColumns(statementImports);
  void _omit;
  const rows = await db
    .select({ ...columns, ...ks.select })
    .from(statementImports)
    .where(and(input.provider ? eq(statementImports.provider, input.provider) : undefined, ks.where))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  return ks.page(rows);
}

/** recon.importDetail: one import with its kept row errors (first 200) and the count of all. */
export async function getStatementImport(db: Db, id: number): Promise<StatementImport> {
  const [row] = await db.select().from(statementImports).where(eq(statementImports.id, id));
  if (!row) throw new NotFoundError(`no statement import ${id}`);
  return row;
}
