import { requirePage } from "@/server/auth/require-user";
import { HealthView } from "./health-view";

export default async function OpsPage() {
  await requirePage("/ops");
  return <HealthView />;
}
