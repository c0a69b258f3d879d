const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first value `probe` gives that is not undefined, asking every `everyMs`; throws after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** Waits until `check` holds; throws after `timeoutMs`. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  await waitFor(async () => ((await check()) ? true : undefined), timeoutMs, 20);
}

/** Whether `check` comes to hold within `timeoutMs` (a check that throws counts as not yet): for expect(…).toBe(true). */
export async function becomesTrue(check: () => Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(50);
  }
  return check().catch(() => false);
}
