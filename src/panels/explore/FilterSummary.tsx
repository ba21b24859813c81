/** The filtered set's count, 亩 and freeable 亩, always visible above the tabs (`filter-count`). */
export function FilterSummary() {
  return null;
}
