"use client";

import { useState } from "react";

/** Where a keyset-paged list is: the cursors of the pages walked so far (the server cannot page backwards). */
export interface KeysetPaging {
  /** The current page's cursor, for the query input (undefined on the first page). */
  cursor: string | undefined;
  /** 1-based. */
  page: number;
  next(cursor: string): void;
  previous(): void;
  first(): void;
}

/**
 * Paging state that starts over whenever `resetKey` changes (a filter, a tab, a sort), so a cursor from
 * one filter is never sent with another.
 */
export function useKeysetPaging(resetKey: string): KeysetPaging {
  const [state, setState] = useState<{ key: string; cursors: string[] }>({ key: resetKey, cursors: [] });
  const cursors = state.key === resetKey ? state.cursors : [];
  return {
    cursor: cursors[cursors.length - 1],
    page: cursors.length + 1,
    next: (cursor) => setState({ key: resetKey, cursors: [...cursors, cursor] }),
    previous: () => setState({ key: resetKey, cursors: cursors.slice(0, -1) }),
    first: () => setState({ key: resetKey, cursors: [] }),
  };
}
