import type { RunListItem } from '@skriptoteket/contracts';

/** Response wrappers of the /me endpoints that the contracts do not name. */
export interface ItemsResponse<T> {
  items: T[];
}

export interface RunsPage {
  items: RunListItem[];
  nextCursor: string | null;
}
