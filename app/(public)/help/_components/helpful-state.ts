export type HelpfulState = { status: "idle" | "thanks" | "too_many" | "failed" };
export const HELPFUL_IDLE: HelpfulState = { status: "idle" };
