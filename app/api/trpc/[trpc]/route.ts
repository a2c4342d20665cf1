import { randomUUID } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { getSessionUser } from "@/server/auth/get-session-user";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({ user: await getSessionUser(), requestId: req.headers.get("x-request-id") ?? randomUUID() }),
  });

export { handler as GET, handler as POST };
