// The escalation queue: counts per queue, then cases by priority and age. Text is rendered by
// React (escaped), never as HTML.
export default function DeskQueue() {
  const items = props.items || [];
  const counts = props.counts || [];
  const open = (id) => callAction({ name: "desk_open", payload: { escalation_id: id } });
  const cell = { padding: "4px 8px", verticalAlign: "top" };
  return (
    <div data-testid="desk-queue" style={{ width: "100%" }} className="text-sm">
      <div style={{ display: "flex", gap: "8px", flexWrap: "wrap", alignItems: "center" }}>
        {counts.map((c) => (
          <span
            key={c.queue}
            data-testid={"queue-count-" + c.queue}
            className="rounded-md border px-2 py-1"
          >
            {c.label}: <b>{c.n}</b>
          </span>
        ))}
        <span className="text-muted-foreground">{props.total} waiting</span>
        <button
          className="rounded-md border px-2 py-1"
          onClick={() => callAction({ name: "desk_refresh", payload: {} })}
        >
          Refresh
        </button>
      </div>
      {items.length === 0 ? (
        <p className="text-muted-foreground" style={{ marginTop: "8px" }}>
          No escalations are waiting.
        </p>
      ) : (
        <table style={{ width: "100%", marginTop: "8px", borderCollapse: "collapse" }}>
          <thead>
            <tr className="text-muted-foreground" style={{ textAlign: "left" }}>
              <th style={cell}>Queue</th>
              <th style={cell}>Waiting</th>
              <th style={cell}>Intent</th>
              <th style={cell}>Conf.</th>
              <th style={cell}>Reason</th>
              <th style={cell}>Summary</th>
              <th style={cell}></th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr
                key={item.id}
                data-testid="queue-item"
                data-escalation={item.id}
                data-conversation={item.conversation_id}
                className="border-t"
              >
                <td style={cell}>{item.queue_label}</td>
                <td style={cell}>{item.age}</td>
                <td style={cell}>{item.intent}</td>
                <td style={cell}>{item.confidence}</td>
                <td style={cell}>{item.reason}</td>
                <td style={{ ...cell, maxWidth: "28rem" }}>{item.summary}</td>
                <td style={cell}>
                  <button
                    data-testid="queue-open"
                    className="rounded-md border px-2 py-1"
                    onClick={() => open(item.id)}
                  >
                    {item.status === "claimed" ? "View" : "Open"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
