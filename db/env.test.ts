import { describe, expect, it } from "vitest";
import { getDbEnv } from "./env";

describe("getDbEnv", () => {
  it("defaults to the embedded database and treats blank values as unset", () => {
    expect(getDbEnv({})).toEqual({ PGLITE_DIR: ".data/pglite", DATABASE_POOL_MAX: 10, DATABASE_POOL_IDLE_TIMEOUT: 300_000 });
    expect(getDbEnv({ DATABASE_URL: "  ", NEON_WS_PROXY: "" })).toMatchObject({ DATABASE_URL: undefined, NEON_WS_PROXY: undefined });
  });

  it("reads the database variables and nothing else", () => {
    const env = getDbEnv({ DATABASE_URL: "postgres://u:p@db/payops", DATABASE_DRIVER: "neon", DATABASE_POOL_MAX: "3", NEXTAUTH_SECRET: "x" });
    expect(env).toEqual({ DATABASE_URL: "postgres://u:p@db/payops", DATABASE_DRIVER: "neon", PGLITE_DIR: ".data/pglite", DATABASE_POOL_MAX: 3, DATABASE_POOL_IDLE_TIMEOUT: 300_000 });
  });

  it("reads the pool's idle timeout as a duration: 0s never closes an idle connection", () => {
    expect(getDbEnv({ DATABASE_POOL_IDLE_TIMEOUT: "30s" }).DATABASE_POOL_IDLE_TIMEOUT).toBe(30_000);
    expect(getDbEnv({ DATABASE_POOL_IDLE_TIMEOUT: "0s" }).DATABASE_POOL_IDLE_TIMEOUT).toBe(0);
    expect(() => getDbEnv({ DATABASE_POOL_IDLE_TIMEOUT: "soon" })).toThrow(/DATABASE_POOL_IDLE_TIMEOUT/);
  });

  it("names each bad variable, never its value", () => {
    const read = () => getDbEnv({ DATABASE_DRIVER: "mysql", DATABASE_POOL_MAX: "0", DATABASE_POOL_IDLE_TIMEOUT: "-1", DATABASE_URL: "postgres://u:s3cret@db/x" });
    expect(read).toThrow(/DATABASE_DRIVER/);
    expect(read).toThrow(/DATABASE_POOL_MAX/);
    expect(read).toThrow(/DATABASE_POOL_IDLE_TIMEOUT/);
    expect(read).not.toThrow(/s3cret/);
  });
});
