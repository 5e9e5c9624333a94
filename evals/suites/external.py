"""external: the understanding models on data nobody on the project wrote.

The Bitext test split (mapped to the project's intents, rows also in train removed), CLINC's
out-of-scope test queries and the Presidio PII set, scored exactly as the understanding issue
defined them: this suite calls `nlp.intent.evaluate.evaluate_intent` and `evals.pii_eval` and
lifts their headline figures, keeping the full reports in the details. The project's held-out
intent tickets come along, since the same call scores them.
"""

from __future__ import annotations

from typing import Any

from evals.suites.result import Metric, SuiteResult
from supportdesk.settings import Settings


def _ok(section: dict[str, Any], key: str) -> Metric:
    value = section.get(key) if section.get("status") == "ok" else None
    return round(float(value), 4) if value is not None else None


def external_suite(settings: Settings, intent_model: Any = None) -> SuiteResult:
    from evals.pii_eval import run_pii_eval
    from nlp.intent.evaluate import evaluate_intent

    intent = evaluate_intent(settings, intent_model)
    pii = run_pii_eval()
    metrics: dict[str, Metric] = {
        "bitext_test_accuracy": _ok(intent["bitext_test"], "accuracy"),
        "bitext_test_macro_f1": _ok(intent["bitext_test"], "macro_f1"),
        "bitext_test_ece": _ok(intent["bitext_test"], "ece"),
        "clinc_oos_share_other": _ok(intent["clinc_oos"], "share_other"),
        "heldout_accuracy": _ok(intent["heldout"], "accuracy"),
        "heldout_ece": _ok(intent["heldout"], "ece"),
    }
    for kind, figures in pii["per_type"].items():
        if figures["support"]:
            metrics[f"presidio_recall_{kind.lower()}"] = figures["recall"]
    return SuiteResult(
        "external",
        metrics,
        details={"intent": intent, "presidio": pii},
        notes=(
            "evaluation data only: nothing in the models is fitted on these sets",
            f"intent targets met: {intent['passed']}; Presidio targets met: {pii['passed']}",
        ),
    )
