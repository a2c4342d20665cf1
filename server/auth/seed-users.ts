import "server-only";
import type { Db } from "@/db/client";
import type { Role } from "@/lib/enums";
import { users } from "@/db/schema";
import { hashPassword } from "./password";

export const DEMO_PASSWORD = "payops-demo";

export const DEMO_USERS: { email: string; name: string; role: Role; locale: string }[] = [
  { email: "agent@payops.local", name: "王小明 (Agent)", role: "agent", locale: "zh-CN" },
  { email: "senior@payops.local", name: "李娜 (Senior agent)", role: "senior_agent", locale: "zh-CN" },
  { email: "finance@payops.local", name: "陈静 (Finance)", role: "finance", locale: "zh-CN" },
  { email: "ops@payops.local", name: "张伟 (Ops)", role: "ops", locale: "zh-CN" },
  { email: "manager@payops.local", name: "刘洋 (Manager)", role: "manager", locale: "zh-CN" },
  { email: "admin@payops.local", name: "Admin", role: "admin", locale: "en" },
];

/** `npm run seed` and the demo create users with a published password: never on a production deployment. */
export function assertDemoSeedAllowed(nodeEnv: string | undefined): void {
  if (nodeEnv === "production") {
    throw new Error(
      "npm run seed refuses to run with NODE_ENV=production: it creates demo users whose password is published.\n" +
        "Create real accounts with: npm run user:add -- --email you@example.com --role admin  (password from USER_PASSWORD or stdin)",
    );
  }
}

/** One demo user per role. Idempotent: the unique index on lower(email) makes a second run a no-op. */
export async function seedDemoUsers(db: Db): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    await db.insert(users).values({ ...u, passwordHash: hash }).onConflictDoNothing();
  }
}
