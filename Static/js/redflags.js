// Red flags (docs/DESIGN.md §14) made readable: the price pattern as bars, pure geometry that the
// flags panel draws as SVG. Unit-tested with node --test.

/** Bars for prices (decimal strings): each bar's length is proportional to its price, the longest
 *  `width`; `labels` are the prices as given. */
export function priceBars(prices, width = 300, barHeight = 18, gap = 6) {
  const values = prices.map(Number);
  const max = Math.max(...values, 0);
  return values.map((v, i) => ({
    x: 0, y: i * (barHeight + gap), height: barHeight,
    width: max > 0 ? Math.round((v / max) * width * 100) / 100 : 0,
    label: prices[i],
  }));
}

/** The flags a role sees, ordered warnings first, then by code. */
export function ordered(items) {
  const rank = { warning: 0, info: 1 };
  return [...items].sort((a, b) => (rank[a.severity] - rank[b.severity]) || a.code.localeCompare(b.code));
}
