/** One figure of the zone card; a button when clicking it filters to its parcels. */
export function ZoneFigure({ label, value, note, testid, onClick }: { label: string; value: string; note?: string; testid?: string; onClick?: () => void }) {
  return (
    <div className="zone-figure">
      <dt>{label}</dt>
      <dd>
        {onClick ? <button type="button" className="zone-link" data-testid={testid} onClick={onClick}>{value}</button> : <span data-testid={testid}>{value}</span>}
        {note && <span className="zone-figure-note">{note}</span>}
      </dd>
    </div>
  );
}
