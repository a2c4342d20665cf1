// `npm run recon:report -- --provider alipay --date 2026-11-24 [--format json|csv]`: one statement day's
// reconciliation in the JSON shape (the workbench's numbers), or CSV for people.
import { getDbHandle } from "@/db/client";
import { reconReportCli } from "@/server/recon/recon-cli";

const handle = await getDbHandle();
try {
  const r = await reconReportCli(handle.db, process.argv.slice(2));
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.code;
} finally {
  await handle.close();
}
