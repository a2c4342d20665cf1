import "server-only";
import type { Db } from "@/db/client";
import { fillTemplate, type Localized } from "@/lib/scripts";
import { loadScriptContext } from "./script-values";

/** The editor's live preview: unsaved words filled from a chosen order, exactly as agents would get them. */
export async function previewScript(db: Db, input: { text: Localized; orderNo?: string; ticketId?: number }): Promise<{ text: Localized; found: boolean }> {
  const ctx = await loadScriptContext(db, input);
  return {
    text: { "zh-CN": fillTemplate(input.text["zh-CN"], ctx.values["zh-CN"]), en: fillTemplate(input.text.en, ctx.values.en) },
    found: Boolean(ctx.situation?.order),
  };
}
