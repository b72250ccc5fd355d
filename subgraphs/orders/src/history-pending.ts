/**
 * Whether some order met in the ERP may still need its history rebuilt (order-history.ts): set when
 * such an order is first stored, cleared by a run that finds none left. Starts set, so a process
 * checks once after it starts.
 */
let pending = true;

export function historyPending(): void {
  pending = true;
}

/** Take the flag: true if a run should look (the flag is then cleared until set again). */
export function takeHistoryPending(): boolean {
  const was = pending;
  pending = false;
  return was;
}
