"""How well anger and urgency are read, on text the models were never trained on.

Three sources:
- the blind test set (`data/sentiment_test.jsonl`, 195 messages): written by someone who never
  saw the models, their training data or the development set. Targets are judged on this one.
  Five generic neutral questions that happened to near-copy training lines were removed (S0123,
  S0128, S0135, S0158, S0160: thanks, shipping to Austria, VAT invoice, sale returns window,
  price matching) so that nothing scored was trained on; none was angry.
- the development set (`data/sentiment_dev.jsonl`, 175 messages): written before the training
  examples, but its misses were looked at while the cues and training examples were improved, so
  its figures are optimistic. Reported for comparison only.
- the Bitext *Testing* rows tagged `W` (offensive language), which nobody on the project wrote.
None is ever used to fit a model or pick a threshold.

Labels, as used in both project files:
- angry: hostile, insulting, shouting, swearing at us, threatening (legal action, chargebacks,
  public reviews), furious. Plain requests peppered with swear words count: an agent should know.
- frustrated_polite: unhappy, let down, chasing for the third time, and still courteous. Flagging
  these angry is the over-escalation the product must avoid, so they count as false anger.
- neutral: questions and requests with no complaint in them (thanks included).
- sarcastic: irony aimed at the shop. It is labelled separately and reported separately; in the
  training file each sarcastic example also says whether it is contemptuous (anger 1: mocking,
  insulting) or wry and still cooperative (anger 0), and the anger model learns that split.
- urgent: the customer needs action within about a day (today, now, a dated event that the order
  blocks) or describes a safety hazard.

Run: `.venv/bin/python -m evals.sentiment_eval`
"""

from __future__ import annotations

import csv
import json
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nlp.sentiment.analyse import analyse_sentiment
from nlp.sentiment.artifact import load_sentiment_models
from supportdesk.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from nlp.sentiment.model import SentimentModels
    from supportdesk.settings import Settings

EVAL_PATH = Path(__file__).parent / "data" / "sentiment_test.jsonl"
DEV_PATH = Path(__file__).parent / "data" / "sentiment_dev.jsonl"
BITEXT_DIR = PROJECT_ROOT.parent / "shared" / "datasets" / "bitext"
BITEXT_TEST = BITEXT_DIR / "Bitext_Sample_Customer_Service_Testing_Dataset.csv"
BITEXT_TRAIN = BITEXT_DIR / "Bitext_Sample_Customer_Service_Training_Dataset.csv"
EVAL_LABELS = ("angry", "frustrated_polite", "neutral", "sarcastic")
TARGET_ANGER_RECALL = 0.95
TARGET_FALSE_ANGER = 0.10  # share of neutral + frustrated_polite messages flagged angry
VADER_ANGRY_AT = -0.5  # compound at or below which the VADER-only baseline calls a message angry


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def read_eval_set(path: Path = EVAL_PATH) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for row in rows:
        if row.get("label") not in EVAL_LABELS or not isinstance(row.get("urgent"), bool):
            raise ValueError(f"malformed evaluation row {row.get('id')!r} in {path.name}")
    return rows


def bitext_offensive_rows() -> list[str] | None:
    """Bitext Testing utterances tagged W, minus those that also occur in Training (see README)."""
    if not BITEXT_TEST.exists():
        return None
    with BITEXT_TRAIN.open(encoding="utf-8", newline="") as f:
        seen = {normalise(r["utterance"]) for r in csv.DictReader(f)}
    with BITEXT_TEST.open(encoding="utf-8", newline="") as f:
        return [
            r["utterance"]
            for r in csv.DictReader(f)
            if "W" in r["tags"] and normalise(r["utterance"]) not in seen
        ]


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 3) if flags else 0.0


def _timings(
    rows: list[dict[str, Any]], vectors: list[list[float]], models: SentimentModels
) -> list[float]:
    """Milliseconds per call over three passes (the first pass also warms VADER's lexicon up)."""
    timings: list[float] = []
    for _ in range(3):
        for row, vector in zip(rows, vectors, strict=True):
            started = time.perf_counter()
            analyse_sentiment(row["text"], vector, models=models)
            timings.append((time.perf_counter() - started) * 1000)
    # On a shared machine the median is the cost of the call; the tail is other people's jobs.
    return timings[len(rows) :]


def run_sentiment_eval(
    settings: Settings, *, embeddings: Embeddings | None = None, path: Path = EVAL_PATH
) -> dict[str, Any]:
    if embeddings is None:
        from nlp.embeddings import shared_embeddings

        embeddings = shared_embeddings()
    models = load_sentiment_models(settings, embeddings=embeddings)
    rows = read_eval_set(path)
    vectors = embeddings.embed_documents([r["text"] for r in rows])
    readings = [
        analyse_sentiment(r["text"], v, models=models) for r, v in zip(rows, vectors, strict=True)
    ]
    timings = _timings(rows, vectors, models)

    by_label = {
        label: [s.angry for r, s in zip(rows, readings, strict=True) if r["label"] == label]
        for label in EVAL_LABELS
    }
    calm = by_label["neutral"] + by_label["frustrated_polite"]
    urgent_true = [r["urgent"] for r in rows]
    urgent_pred = [s.urgent for s in readings]
    tp = sum(t and p for t, p in zip(urgent_true, urgent_pred, strict=True))
    report: dict[str, Any] = {
        "set": path.name,
        "messages": len(rows),
        "per_label_count": {k: len(v) for k, v in by_label.items()},
        "anger_recall": _share(by_label["angry"]),
        "false_anger_rate": _share(calm),
        "flagged_angry_share": {k: _share(v) for k, v in by_label.items()},
        "urgency_precision": round(tp / max(sum(urgent_pred), 1), 3),
        "urgency_recall": round(tp / max(sum(urgent_true), 1), 3),
        "missed_angry": [
            # Ids and scores only: the blind set's texts stay out of reports, so nobody tunes
            # the cues or training examples against them by reading misses.
            {"id": r["id"], "anger": s.anger}
            for r, s in zip(rows, readings, strict=True)
            if r["label"] == "angry" and not s.angry
        ],
        "false_anger": [
            {"id": r["id"], "label": r["label"], "anger": s.anger}
            for r, s in zip(rows, readings, strict=True)
            if r["label"] in ("neutral", "frustrated_polite") and s.angry
        ],
        "latency_ms_median": round(statistics.median(timings), 3),
        "latency_ms_p95": round(sorted(timings)[int(0.95 * (len(timings) - 1))], 3),
        "model_card": models.card,
    }
    # The baseline the issue warns about: VADER alone, "angry" when clearly negative.
    vader_angry = [s.polarity <= VADER_ANGRY_AT for s in readings]
    report["vader_only"] = {
        "anger_recall": _share(
            [f for r, f in zip(rows, vader_angry, strict=True) if r["label"] == "angry"]
        ),
        "false_anger_rate": _share(
            [
                f
                for r, f in zip(rows, vader_angry, strict=True)
                if r["label"] in ("neutral", "frustrated_polite")
            ]
        ),
    }
    report["targets_met"] = (
        report["anger_recall"] >= TARGET_ANGER_RECALL
        and report["false_anger_rate"] <= TARGET_FALSE_ANGER
    )
    offensive = bitext_offensive_rows()
    if offensive is None:
        report["bitext_offensive"] = {"available": False}
    else:
        flags = [
            analyse_sentiment(t, v, models=models).angry
            for t, v in zip(offensive, embeddings.embed_documents(offensive), strict=True)
        ]
        report["bitext_offensive"] = {
            "available": True,
            "rows": len(offensive),
            "flagged_angry_share": _share(flags),
        }
    return report


def format_sentiment_report(report: dict[str, Any]) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in report["per_label_count"].items())
    lines = [
        f"Sentiment evaluation on {report['set']}: {report['messages']} messages ({counts})",
        f"  anger recall (angry flagged)        {report['anger_recall']:.3f}"
        f"   target >= {TARGET_ANGER_RECALL}",
        f"  false-anger rate (neutral + polite) {report['false_anger_rate']:.3f}"
        f"   target <= {TARGET_FALSE_ANGER}",
        "  flagged angry, by label:            "
        + ", ".join(f"{k} {v:.3f}" for k, v in report["flagged_angry_share"].items()),
        f"  urgency precision / recall          {report['urgency_precision']:.3f} / "
        f"{report['urgency_recall']:.3f}",
        f"  analyse_sentiment latency (ms)      median {report['latency_ms_median']:.3f}, "
        f"p95 {report['latency_ms_p95']:.3f} (embedding excluded)",
        f"  VADER alone (compound <= {VADER_ANGRY_AT}): anger recall "
        f"{report['vader_only']['anger_recall']:.3f}, false-anger rate "
        f"{report['vader_only']['false_anger_rate']:.3f}",
        f"  targets met: {'yes' if report['targets_met'] else 'NO'}",
    ]
    bitext = report["bitext_offensive"]
    if bitext.get("available"):
        lines.append(
            f"Bitext Testing rows tagged W (offensive), {bitext['rows']} rows: "
            f"{bitext['flagged_angry_share']:.3f} flagged angry"
        )
    else:
        lines.append("Bitext Testing file not found beside the project: offensive share skipped")
    for title, key in (("Missed angry", "missed_angry"), ("Flagged angry wrongly", "false_anger")):
        if report[key]:
            lines.append(f"{title}:")
            lines.append("    " + ", ".join(f"{m['id']} ({m['anger']:.2f})" for m in report[key]))
    return "\n".join(lines)


def main() -> None:
    import sys

    from supportdesk.settings import get_settings

    settings = get_settings()
    # Trains first if the saved models are missing or stale; say so rather than look stuck.
    load_sentiment_models(settings, progress=lambda message: print(message, file=sys.stderr))
    print(format_sentiment_report(run_sentiment_eval(settings)))


if __name__ == "__main__":
    main()
