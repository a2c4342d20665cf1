// `npm run seed`: demo users for every role and realistic demo orders, on the configured database.
// Refused in production: the demo users share a published password. People are added with `npm run user:add`.
import { assertDemoSeedAllowed } from "@/server/auth/seed-users";

try {
  // Read before anything else (a CLI entry point): production's own env checks must not hide this message.
  assertDemoSeedAllowed(process.env.NODE_ENV);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}

const { getDbHandle } = await import("@/db/client");
const { seedDemoUsers } = await import("@/server/auth/seed-users");
const { seedDemoData } = await import("@/server/demo/seed-demo-data");

const handle = await getDbHandle();
await seedDemoUsers(handle.db);
const result = await seedDemoData(handle.db);
console.log(result.skipped ? "demo data already present; users ensured" : `seeded ${result.orders} demo orders and the demo users (${handle.driver})`);
await handle.close();
