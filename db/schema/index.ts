export * from "./alerts";
export * from "./audit";
export * from "./auth";
export * from "./callbacks";
export * from "./discrepancies";
export * from "./jobs";
export * from "./metrics";
export * from "./orders";
