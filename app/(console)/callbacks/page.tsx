import { requirePage } from "@/server/auth/require-user";
import { CallbacksView } from "./callbacks-view";

export default async function CallbacksPage() {
  await requirePage("/callbacks");
  return <CallbacksView />;
}
