import { redirect } from "next/navigation";
import { HOME_BY_ROLE } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";

export default async function Home() {
  const user = await requireUser();
  redirect(HOME_BY_ROLE[user.role]);
}
