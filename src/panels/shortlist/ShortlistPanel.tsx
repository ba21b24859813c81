/** The shortlist tab: named parcel lists and their exports (issue 9). */
export function ShortlistPanel() {
  return null;
}
