/** One figure of the zone card; a button when clicking it filters to its parcels. */
/** `raw`: the figure as a plain number in `data-value`, for scripts in either language. */
export function ZoneFigure({ label, value, note, testid, raw, onClick }: { label: string; value: string; note?: string; testid?: string; raw?: string; onClick?: () => void }) {
  return (
    <div className="zone-figure">
      <dt>{label}</dt>
      <dd>
        {onClick ? <button type="button" className="zone-link" data-testid={testid} data-value={raw} onClick={onClick}>{value}</button> : <span data-testid={testid} data-value={raw}>{value}</span>}
        {note && <span className="zone-figure-note">{note}</span>}
      </dd>
    </div>
  );
}
