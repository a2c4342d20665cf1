// `npm run recon:import -- --provider alipay --file bill.csv [--date 2026-11-24] [--mapping <id>]`: imports a
// provider statement through the same path as the workbench upload and the daily pull; prints a one-line JSON
// summary, or a clear error and a non-zero exit. DATABASE_URL, or the embedded database, like the portal.
import { getDbHandle } from "@/db/client";
import { reconImportCli } from "@/server/recon/recon-cli";

const handle = await getDbHandle();
try {
  const r = await reconImportCli(handle.db, process.argv.slice(2), { id: null, label: "cli:recon-import" });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.code;
} finally {
  await handle.close();
}
