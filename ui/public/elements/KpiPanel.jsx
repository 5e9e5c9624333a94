// KPI panel: headline figures and bar charts drawn with plain elements (no chart library and
// no network), from the figures ui/kpi.py computes.
const box = { border: "1px solid rgba(127,127,127,.35)", borderRadius: "8px", padding: "10px" };
const PALETTE = ["#b91c1c", "#ea580c", "#ca8a04", "#65a30d", "#15803d"];

function Figure({ label, value, detail, testid }) {
  return (
    <div style={box} data-testid={testid}>
      <div className="text-muted-foreground" style={{ fontSize: "12px" }}>{label}</div>
      <div style={{ fontSize: "22px", fontWeight: 600 }} data-testid={testid + "-value"}>{value}</div>
      <div className="text-muted-foreground" style={{ fontSize: "12px" }}>{detail}</div>
    </div>
  );
}

function Bars({ title, rows, testid }) {
  const max = Math.max(1, ...rows.map((r) => r.n));
  return (
    <div style={box} data-testid={testid}>
      <div style={{ fontWeight: 600, marginBottom: "6px" }}>{title}</div>
      {rows.length === 0 ? <div className="text-muted-foreground">No data yet.</div> : null}
      {rows.map((r) => (
        <div key={r.label} style={{ display: "grid", gridTemplateColumns: "11rem 1fr 3rem", gap: "6px", alignItems: "center" }}>
          <span style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>{r.label}</span>
          <span style={{ background: "rgba(127,127,127,.15)", height: "12px", borderRadius: "3px" }}>
            <span data-testid="bar" style={{ display: "block", height: "12px", borderRadius: "3px", width: (100 * r.n) / max + "%", background: "#2563eb" }} />
          </span>
          <span style={{ textAlign: "right" }}>{r.n}</span>
        </div>
      ))}
    </div>
  );
}

function Confidence({ labels, rows }) {
  return (
    <div style={box} data-testid="kpi-confidence">
      <div style={{ fontWeight: 600, marginBottom: "6px" }}>Confidence by intent (share of turns)</div>
      <div style={{ display: "flex", gap: "10px", flexWrap: "wrap", fontSize: "12px", marginBottom: "6px" }}>
        {labels.map((label, i) => (
          <span key={label}>
            <span style={{ display: "inline-block", width: "10px", height: "10px", background: PALETTE[i], marginRight: "4px" }} />
            {label}
          </span>
        ))}
      </div>
      {rows.length === 0 ? <div className="text-muted-foreground">No turns yet.</div> : null}
      {rows.map((row) => (
        <div key={row.intent} style={{ display: "grid", gridTemplateColumns: "11rem 1fr 3rem", gap: "6px", alignItems: "center", marginBottom: "2px" }}>
          <span>{row.intent}</span>
          <span style={{ display: "flex", height: "12px", borderRadius: "3px", overflow: "hidden" }}>
            {row.bins.map((n, i) => (
              <span key={i} title={labels[i] + ": " + n} style={{ width: (100 * n) / Math.max(1, row.n) + "%", background: PALETTE[i] }} />
            ))}
          </span>
          <span style={{ textAlign: "right" }}>{row.n}</span>
        </div>
      ))}
    </div>
  );
}

export default function KpiPanel() {
  const d = props;
  return (
    <div data-testid="kpi-panel" className="text-sm" style={{ display: "flex", flexDirection: "column", gap: "8px", width: "100%" }}>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(5, 1fr)", gap: "8px" }}>
        <Figure testid="kpi-deflection" label="Deflection rate" value={d.deflection.rate}
          detail={d.deflection.auto + " of " + d.deflection.turns + " turns answered automatically"} />
        <Figure testid="kpi-escalations" label="Escalations" value={d.escalations} detail={"last " + d.days + " days"} />
        <Figure testid="kpi-handling" label="Median handling time" value={d.handling.median}
          detail={d.handling.handled + " handled, p90 " + d.handling.p90} />
        <Figure testid="kpi-edits" label="Median edit distance" value={d.edits.median}
          detail={d.edits.n + " drafts sent by agents"} />
        <Figure testid="kpi-csat" label="Helpful answers" value={d.csat.positive} detail={d.csat.votes + " votes"} />
      </div>
      <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: "8px" }}>
        <Bars testid="kpi-by-reason" title="Escalations by reason" rows={d.by_reason} />
        <Bars testid="kpi-by-intent" title="Escalations by intent" rows={d.by_intent} />
        <Confidence labels={d.confidence_labels} rows={d.confidence} />
        <Bars testid="kpi-edit-bins" title="Edit distance of drafts (words changed)" rows={d.edits.bins} />
      </div>
      <div>
        <button className="rounded-md border px-2 py-1" onClick={() => callAction({ name: "kpi_refresh", payload: {} })}>
          Refresh
        </button>
      </div>
    </div>
  );
}
