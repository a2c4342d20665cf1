// `npm run seed`: demo users for every role and realistic demo orders, on the configured database.
import { getDbHandle } from "@/db/client";
import { seedDemoUsers } from "@/server/auth/seed-users";
import { seedDemoData } from "@/server/demo/seed-demo-data";

const handle = await getDbHandle();
await seedDemoUsers(handle.db);
const result = await seedDemoData(handle.db);
console.log(result.skipped ? "demo data already present; users ensured" : `seeded ${result.orders} demo orders and the demo users (${handle.driver})`);
await handle.close();
