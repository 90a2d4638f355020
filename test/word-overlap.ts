/** Words of a text for comparison: lower case, letters only. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+/g) ?? [];
}

/** Share of the words of `wanted` that are found in `have`, each counted as often as it occurs. */
export function wordOverlap(wanted: string, have: string): number {
  const bag = new Map<string, number>();
  for (const w of words(have)) bag.set(w, (bag.get(w) ?? 0) + 1);
  const list = words(wanted);
  let found = 0;
  for (const w of list) {
    const n = bag.get(w) ?? 0;
    if (n > 0) {
      found++;
      bag.set(w, n - 1);
    }
  }
  return list.length ? found / list.length : 1;
}
