import { z } from "zod";
import { parseDuration } from "@/lib/duration";

// The database section of the one env schema. server/env.ts spreads dbEnvShape into its schema, so getEnv()
// validates these with everything else at start; db/ reads them here because db/ never imports server/.
export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v : undefined));

/** A variable parsed by `parse` (its message names what is wrong), with a default; server/env.ts uses it too. */
export const parsedVar =
  <T>(parse: (text: string) => T) =>
  (fallback: string) =>
    z
      .string()
      .default(fallback)
      .transform((v, ctx) => {
        try {
          return parse(v);
        } catch (e) {
          ctx.addIssue({ code: "custom", message: (e as Error).message });
          return z.NEVER;
        }
      });

/** A duration ("500ms", "30s", "5m": lib/duration.ts) as milliseconds. */
export const durationVar = parsedVar(parseDuration);

export const dbEnvShape = {
  DATABASE_URL: optionalString,
  DATABASE_DRIVER: z.enum(["pglite", "pg", "neon"]).optional(),
  PGLITE_DIR: z.string().default(".data/pglite"),
  NEON_WS_PROXY: optionalString,
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  /**
   * node-postgres closes a pooled connection idle this long ("0s": never). Its own default, 10 s, made the first
   * burst after a quiet spell pay for opening connections again (SCRAM authentication, cold catalog caches)
   * just when a provider replays a backlog. The Neon driver keeps its default.
   */
  DATABASE_POOL_IDLE_TIMEOUT: durationVar("5m"),
};

const dbEnvSchema = z.object(dbEnvShape);
export type DbEnv = z.infer<typeof dbEnvSchema>;

/** Not cached: read once per process, when the database handle is first opened. */
export function getDbEnv(source: Record<string, string | undefined> = process.env): DbEnv {
  const parsed = dbEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  return parsed.data;
}
