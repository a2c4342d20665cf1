import "server-only";
import pino from "pino";
import { getEnv } from "../env";

// Structured JSON lines through pino: `log.info(msg, fields)`. Whatever the caller passes, keys that look
// secret or personal are redacted, errors are unwrapped to name/message/code/cause (a failed query's SQL
// parameters — which can hold a whole callback body — are cut off), and every string, array and object is
// bounded so no line grows without limit. Warnings and errors go to stderr, the rest to stdout.
type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const SECRET_KEY = /secret|password|passwd|token|authorization|signature|private|apikey|api_key|cookie|sign$/i;
const PERSONAL_KEY = /phone|mobile|e-?mail|^body$|rawbody|^headers$/i;
const MAX_STRING = 300;
const MAX_ITEMS = 20;
const MAX_DEPTH = 4;

const cut = (s: string) => (s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}…[${s.length} chars]` : s);

// Drizzle's "Failed query: <sql>\nparams: <values>": the values are callers' data.
const errorMessage = (m: string) => cut(m.replace(/\nparams:[\s\S]*$/, "\nparams: [omitted]"));

/** What a log line carries for `fields` (exported for its test). */
export function logFields(fields: Fields): Fields {
  return clean(fields) as Fields;
}

function clean(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return cut(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[…]";
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    // Drizzle wraps the driver's error (the real reason) in `cause`.
    const e = value as Error & { cause?: unknown; code?: unknown };
    return {
      name: e.name,
      message: errorMessage(e.message),
      ...(typeof e.code === "string" ? { code: e.code } : {}),
      ...(e.cause ? { cause: clean(e.cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => clean(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `…[${value.length} items]`] : items;
  }
  const out: Fields = {};
  let n = 0;
  for (const [k, v] of Object.entries(value)) {
    if (n++ >= MAX_ITEMS) {
      out["…"] = "[more keys omitted]";
      break;
    }
    out[k] = SECRET_KEY.test(k) || PERSONAL_KEY.test(k) ? "[redacted]" : clean(v, depth + 1);
  }
  return out;
}

const g = globalThis as unknown as { __payopsLogger?: pino.Logger };

function logger(): pino.Logger {
  let level: pino.LevelWithSilent = "info";
  try {
    level = getEnv().LOG_LEVEL;
  } catch {
    // Env invalid: still log, at info.
  }
  if (!g.__payopsLogger) {
    // Buffered writes keep logging off the callback hot path: one write per 4 KiB of lines instead of one
    // per line (a line per callback), at least every 250 ms, and on exit. Warnings and errors go to
    // stderr unbuffered (below), so only info and debug lines of the last 250 ms can be lost to a SIGKILL.
    const out = pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 });
    process.once("exit", () => {
      try {
        out.flushSync();
      } catch {
        // nothing written yet
      }
    });
    g.__payopsLogger = pino(
      {
        level,
        base: undefined,
        messageKey: "msg",
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      pino.multistream(
        [
          { level: "debug", stream: out },
          { level: "warn", stream: pino.destination({ dest: 2, sync: true }) },
        ],
        { dedupe: true },
      ),
    );
  } else if (g.__payopsLogger.level !== level) {
    g.__payopsLogger.level = level;
  }
  return g.__payopsLogger;
}

function write(level: Level, msg: string, fields?: Fields) {
  const l = logger();
  if (!l.isLevelEnabled(level)) return;
  l[level](fields ? logFields(fields) : {}, cut(msg));
}

export const log = {
  debug: (msg: string, fields?: Fields) => write("debug", msg, fields),
  info: (msg: string, fields?: Fields) => write("info", msg, fields),
  warn: (msg: string, fields?: Fields) => write("warn", msg, fields),
  error: (msg: string, fields?: Fields) => write("error", msg, fields),
};
