// The escalation card, in one viewport: who and what (left), the conversation and the facts
// (middle), the editable AI draft and the decisions (right). Every decision is a server action
// that resumes the paused conversation; the server re-checks the agent's role each time.
import { useEffect, useState } from "react";

const box = { border: "1px solid rgba(127,127,127,.35)", borderRadius: "8px", padding: "8px" };
const column = { display: "flex", flexDirection: "column", gap: "8px", minWidth: 0 };
const scroll = { maxHeight: "24vh", overflowY: "auto" };

function Section({ title, children, testid }) {
  return (
    <div style={box} data-testid={testid}>
      <div className="text-muted-foreground" style={{ fontSize: "12px", marginBottom: "4px" }}>
        {title}
      </div>
      {children}
    </div>
  );
}

function Row({ label, value }) {
  if (value === undefined || value === null || value === "") return null;
  return (
    <div>
      <span className="text-muted-foreground">{label}: </span>
      {String(value)}
    </div>
  );
}

export default function EscalationCard() {
  const [draft, setDraft] = useState(props.draft || "");
  const [intent, setIntent] = useState(props.intent || "other");
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState("");
  const [note, setNote] = useState(props.note || "");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setDraft(props.draft || "");
    setIntent(props.intent || "other");
    setNote(props.note || "");
    setMessage("");
  }, [props.escalation_id, props.revision]);

  const act = async (name, payload) => {
    setBusy(true);
    try {
      const base = { escalation_id: props.escalation_id, conversation_id: props.conversation_id };
      const res = await callAction({ name, payload: { ...base, ...payload } });
      const out = res && res.response;
      if (out && out.detail) setNote(out.detail);
    } catch (e) {
      setNote("That did not work: " + String(e));
    }
    setBusy(false);
  };

  const order = props.order;
  const live = props.can_act && props.mode === "review";
  const takenOver = props.can_act && props.mode === "taken_over";
  const button = "rounded-md border px-2 py-1";

  return (
    <div
      data-testid="escalation-card"
      data-escalation={props.escalation_id}
      data-mode={props.mode}
      className="text-sm"
      style={{ display: "grid", gridTemplateColumns: "1fr 1.15fr 1.25fr", gap: "8px", width: "100%" }}
    >
      <div style={column}>
        <Section title="Customer and order" testid="card-customer">
          <Row label="Name" value={props.customer.name} />
          <Row label="Email" value={props.customer.email} />
          <Row label="Market" value={props.customer.market} />
          {order ? (
            <div data-testid="card-order" style={{ marginTop: "4px" }}>
              <Row label="Order" value={order.ref} />
              <Row label="Status" value={order.status} />
              <Row label="Total" value={order.total} />
              <Row label="Placed" value={order.placed_on} />
              <Row label="Carrier" value={order.carrier} />
              <Row label="Tracking" value={order.tracking} />
              <Row label="Expected" value={order.eta} />
              <Row label="Last event" value={order.last_event} />
            </div>
          ) : (
            <div className="text-muted-foreground">No order in this conversation.</div>
          )}
        </Section>
        <Section title="Why it is here" testid="card-why">
          <Row label="Queue" value={props.queue} />
          <Row label="Reason" value={props.reason} />
          <Row label="Intent" value={String(props.intent).replace(/_/g, " ") + " (" + props.confidence + ")"} />
          <Row label="Also likely" value={(props.top3 || []).slice(1).map((t) => t.intent + " " + t.p).join(", ")} />
          <Row
            label="Sentiment"
            value={
              "polarity " + props.sentiment.polarity + ", anger " + props.sentiment.anger +
              ", urgency " + props.sentiment.urgency
            }
          />
        </Section>
      </div>

      <div style={column}>
        <Section title="Conversation" testid="card-thread">
          <div style={scroll}>
            {(props.thread || []).map((line, i) => (
              <div key={i} style={{ marginBottom: "6px", whiteSpace: "pre-wrap" }}>
                <b>{line.who}:</b> {line.text}
              </div>
            ))}
            {(props.follow_ups || []).map((text, i) => (
              <div key={"f" + i} style={{ marginBottom: "6px", whiteSpace: "pre-wrap" }}>
                <b>customer (since):</b> {text}
              </div>
            ))}
          </div>
        </Section>
        <Section title="Facts found (✓ cited in the draft)" testid="card-facts">
          <div style={scroll}>
            {(props.facts || []).map((fact, i) => (
              <div key={i} style={{ marginBottom: "6px" }}>
                <b>{fact.cited ? "✓ " : ""}{fact.title}</b>
                <div style={{ whiteSpace: "pre-wrap" }}>{fact.text}</div>
              </div>
            ))}
          </div>
        </Section>
      </div>

      <div style={column}>
        <Section title={takenOver ? "Message to the customer" : "AI draft (edit before sending)"} testid="card-draft-box">
          {takenOver ? (
            <textarea
              data-testid="card-message"
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              rows={8}
              style={{ width: "100%", background: "transparent", resize: "vertical" }}
            />
          ) : (
            <textarea
              data-testid="card-draft"
              value={draft}
              readOnly={!live}
              onChange={(e) => setDraft(e.target.value)}
              rows={10}
              style={{ width: "100%", background: "transparent", resize: "vertical" }}
            />
          )}
        </Section>
        {live ? (
          <div style={{ display: "flex", flexDirection: "column", gap: "6px" }}>
            <div style={{ display: "flex", gap: "6px", flexWrap: "wrap" }}>
              <button data-testid="card-approve" className={button} disabled={busy}
                onClick={() => act("desk_decide", { action: "approve" })}>Approve and send</button>
              <button data-testid="card-send-edited" className={button} disabled={busy || !draft.trim()}
                onClick={() => act("desk_decide", { action: "edit", text: draft })}>Send edited</button>
              <button data-testid="card-takeover" className={button} disabled={busy}
                onClick={() => act("desk_decide", { action: "takeover" })}>Take over</button>
            </div>
            <div style={{ display: "flex", gap: "6px", alignItems: "center" }}>
              <select data-testid="card-intent" value={intent} onChange={(e) => setIntent(e.target.value)}
                style={{ background: "transparent" }} className="rounded-md border px-1 py-1">
                {(props.intents || []).map((name) => (
                  <option key={name} value={name}>{name.replace(/_/g, " ")}</option>
                ))}
              </select>
              <button data-testid="card-reassign" className={button} disabled={busy}
                onClick={() => act("desk_decide", { action: "reassign", intent })}>Reassign intent</button>
            </div>
            <div style={{ display: "flex", gap: "6px", alignItems: "center" }}>
              <input data-testid="card-reason" value={reason} placeholder="Reason for rejecting"
                onChange={(e) => setReason(e.target.value)} className="rounded-md border px-2 py-1"
                style={{ flex: 1, background: "transparent" }} />
              <button data-testid="card-reject" className={button} disabled={busy || !reason.trim()}
                onClick={() => act("desk_decide", { action: "reject", reason })}>Reject</button>
            </div>
          </div>
        ) : null}
        {takenOver ? (
          <div style={{ display: "flex", gap: "6px" }}>
            <button data-testid="card-say" className={button} disabled={busy || !message.trim()}
              onClick={() => act("desk_say", { text: message })}>Send to customer</button>
            <button data-testid="card-handback" className={button} disabled={busy}
              onClick={() => act("desk_handback", {})}>Hand back to the assistant</button>
          </div>
        ) : null}
        <div data-testid="card-note" role="status" style={{ minHeight: "1.5em" }}>{note}</div>
        <div className="text-muted-foreground" style={{ fontSize: "12px" }}>
          Case {props.escalation_id} · {props.status}
        </div>
      </div>
    </div>
  );
}
