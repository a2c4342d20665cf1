/** The list input for a given UI state; the server page prefetches the first page with the same shape. */
export function auditInput(s: { actor?: string; entityId?: string; cursor?: string }) {
  return { actor: s.actor || undefined, entityId: s.entityId || undefined, cursor: s.cursor, limit: 50 };
}
