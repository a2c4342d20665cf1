import "server-only";
/** db.execute() returns driver-specific result objects; every driver we use has `.rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
