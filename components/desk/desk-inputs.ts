// The desk's queries, shared by its page (prefetch) and its view (the inputs must be equal).
export const MY_TICKETS_INPUT = { assignee: "mine", status: "active", sort: "newest", limit: 20 } as const;
