export const REPORTS_INPUT = { limit: 20 } as const;
