import "server-only";
// Domain errors are thrown in server/<domain>/ and translated once: to tRPC codes in server/api/trpc.ts
// and to HTTP statuses in server/lib/http.ts.

export class DomainError extends Error {
  readonly code: "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "BAD_REQUEST" | "UNAUTHORIZED" | "TOO_MANY_REQUESTS" | "PAYLOAD_TOO_LARGE" = "BAD_REQUEST";
  constructor(message: string, readonly details?: unknown) {
    super(message);
    this.name = new.target.name;
  }
}
export class NotFoundError extends DomainError {
  override readonly code = "NOT_FOUND" as const;
}
export class ForbiddenError extends DomainError {
  override readonly code = "FORBIDDEN" as const;
}
export class ConflictError extends DomainError {
  override readonly code = "CONFLICT" as const;
}
export class ValidationError extends DomainError {
  override readonly code = "BAD_REQUEST" as const;
}
export class UnauthorizedError extends DomainError {
  override readonly code = "UNAUTHORIZED" as const;
}
export class RateLimitedError extends DomainError {
  override readonly code = "TOO_MANY_REQUESTS" as const;
}

export class PayloadTooLargeError extends DomainError {
  override readonly code = "PAYLOAD_TOO_LARGE" as const;
}

export const HTTP_STATUS: Record<DomainError["code"], number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
};
