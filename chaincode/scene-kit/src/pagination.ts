/** One page of a list: the items, and the bookmark to pass for the next page (empty when this is the last). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly bookmark: string;
}

export interface PageRequest {
  readonly pageSize: number;
  readonly bookmark: string;
}
