import { defineConfig } from "drizzle-kit";

// Only `generate` is used: migrations are applied by migrateDb() in db/client.ts (on start, and by `npm run db:migrate`).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
