/** The explore tab: filters, the filtered set's figures and the parcel list (issue 7). */
export function ExplorePanel() {
  return null;
}
