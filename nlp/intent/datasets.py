"""Loaders for everything the intent classifier trains or is scored on.

Training sources: the project's own examples, the single-message fresh development tickets
listed in `evals/golden/fresh/training.ids` (batches 1 to `LAST_TRAINING_BATCH`), Bitext
`Training` mapped through `bitext_mapping.toml`, CLINC `oos_train` plus in-scope CLINC `train`
utterances from domains that are plainly outside a homeware shop (both as `other`). Selection
and calibration: Bitext `Validation`, CLINC `oos_val`. Scored only: Bitext `Testing` (rows that
also occur in train or validation removed), CLINC `oos_test`, the project's held-out tickets, the
golden test split.

A missing or malformed file is a typed `SourceLoad`, never an exception: the caller decides
whether training can go ahead without it.
"""

from __future__ import annotations

import csv
import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from nlp.taxonomy import INTENT_NAMES, Intent
from supportdesk.errors import ConfigurationError
from supportdesk.settings import PROJECT_ROOT, Settings

MAPPING_PATH = Path(__file__).with_name("bitext_mapping.toml")
PROJECT_TRAIN_PATH = Path(__file__).parent / "data" / "project_train.jsonl"
HELDOUT_PATH = PROJECT_ROOT / "evals" / "data" / "intent_heldout.jsonl"
FRESH_TICKETS_PATH = PROJECT_ROOT / "evals" / "golden" / "dev_fresh.jsonl"
FRESH_BATCHES_DIR = PROJECT_ROOT / "evals" / "golden" / "fresh"
FRESH_TRAINING_IDS_PATH = FRESH_BATCHES_DIR / "training.ids"
# The last fresh batch whose tickets are listed in `training.ids`, which alone decides what trains.
# Later batches (`batchN.ids`, N above it) are the held-out ones: they still measure how the
# model reads requests it never saw, and a test checks that none of their ids is listed there.
# Moving a batch into training means listing its ids and moving this number with them.
LAST_TRAINING_BATCH = 10
_BATCH_FILE = re.compile(r"batch(\d+)\.ids")
BITEXT_FILES = {
    "train": "Bitext_Sample_Customer_Service_Training_Dataset.csv",
    "validation": "Bitext_Sample_Customer_Service_Validation_Dataset.csv",
    "test": "Bitext_Sample_Customer_Service_Testing_Dataset.csv",
}
BitextSplit = Literal["train", "validation", "test"]
Source = Literal["project", "bitext", "clinc"]

# CLINC in-scope intents a homeware shop's customer would never mean, used as `other`: every
# domain, minus the intents whose utterances overlap a real shop intent. Left out: orders and
# order status (`home`), cancelling and user names (`meta`), declined, lost, damaged or
# fraudulent cards, blocked accounts and transactions (payments and fraud), plug types
# (compatibility), lost luggage (delivery problems), reservations (cancel/change), smart-home
# control (lighting), calls and texts (contact), and "are you a bot" (often a human request).
CLINC_OTHER_DOMAINS = (
    "utility",
    "work",
    "auto_and_commute",
    "small_talk",
    "travel",
    "kitchen_and_dining",
    "banking",
    "credit_cards",
    "home",
    "meta",
)
CLINC_EXCLUDED_INTENTS = frozenset(
    {
        "order_status",
        "order",
        "cancel",
        "user_name",
        "change_user_name",
        "sync_device",
        "reset_settings",
        "card_declined",
        "report_fraud",
        "report_lost_card",
        "damaged_card",
        "account_blocked",
        "freeze_account",
        "pin_change",
        "transactions",
        "spending_history",
        "plug_type",
        "lost_luggage",
        "cancel_reservation",
        "confirm_reservation",
        "restaurant_reservation",
        "accept_reservations",
        "smart_home",
        "are_you_a_bot",
        "make_call",
        "text",
        "share_location",
        "find_phone",
    }
)


@dataclass(frozen=True)
class Example:
    text: str
    intent: Intent
    source: Source
    style: str = ""


@dataclass(frozen=True)
class SourceLoad:
    """One training or evaluation source, or why it could not be read."""

    name: str
    status: Literal["ok", "missing", "invalid"]
    examples: tuple[Example, ...] = ()
    message: str = ""
    skipped_lines: int = 0


def normalise(text: str) -> str:
    """Case, punctuation and spacing folded: how duplicates between splits are recognised."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def datasets_dir(settings: Settings) -> Path:
    # The lead may add a setting for it; until then the shared folder beside the project.
    configured = getattr(settings, "datasets_dir", None)
    return Path(configured) if configured else PROJECT_ROOT.parent / "shared" / "datasets"


def load_mapping(path: Path = MAPPING_PATH) -> dict[str, Intent | None]:
    """Bitext label -> taxonomy intent, or None for a dropped label."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))["mapping"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(
            f"cannot read the Bitext intent mapping {path}: {exc}",
            hint="restore nlp/intent/bitext_mapping.toml from version control",
        ) from exc
    mapping: dict[str, Intent | None] = {}
    for label, entry in raw.items():
        target = entry.get("intent") if isinstance(entry, dict) else None
        if target == "dropped":
            mapping[label] = None
        elif isinstance(target, str) and target in INTENT_NAMES:
            mapping[label] = next(i for i in INTENT_NAMES if i == target)
        else:
            raise ConfigurationError(
                f"Bitext label {label!r} maps to {target!r}, which is not a taxonomy intent",
                hint='use a name from nlp/taxonomy.py or "dropped" in bitext_mapping.toml',
            )
    return mapping


def load_bitext(settings: Settings, split: BitextSplit) -> SourceLoad:
    path = datasets_dir(settings) / "bitext" / BITEXT_FILES[split]
    name = f"bitext_{split}"
    if not path.is_file():
        return SourceLoad(name, "missing", message=f"{path} not found")
    mapping = load_mapping()
    examples: list[Example] = []
    skipped = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            label = row.get("intent", "")
            if label not in mapping:
                skipped += 1  # a label the reviewed mapping has never seen
                continue
            target = mapping[label]
            text = (row.get("utterance") or "").strip()
            if target is not None and text:
                examples.append(Example(text, target, "bitext", row.get("tags") or ""))
    message = f"{skipped} rows with unmapped labels" if skipped else ""
    return SourceLoad(name, "ok", tuple(examples), message, skipped)


def load_bitext_test_for_scoring(settings: Settings) -> tuple[SourceLoad, int]:
    """Bitext test without rows that also occur in train or validation; and how many went."""
    test = load_bitext(settings, "test")
    if test.status != "ok":
        return test, 0
    # Compared with every train/validation row, dropped labels included: a duplicate is a
    # duplicate whatever it was labelled.
    seen: set[str] = set()
    for split in ("train", "validation"):
        path = datasets_dir(settings) / "bitext" / BITEXT_FILES[split]
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                seen.update(normalise(r.get("utterance") or "") for r in csv.DictReader(handle))
    kept = tuple(e for e in test.examples if normalise(e.text) not in seen)
    dropped = len(test.examples) - len(kept)
    return SourceLoad(test.name, "ok", kept, f"{dropped} rows also in train/validation"), dropped


def _clinc(settings: Settings) -> dict[str, Any] | None:
    path = datasets_dir(settings) / "clinc150" / "data_full.json"
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load_clinc_oos(
    settings: Settings, split: Literal["oos_train", "oos_val", "oos_test"]
) -> SourceLoad:
    data = _clinc(settings)
    name = f"clinc_{split}"
    if data is None:
        return SourceLoad(name, "missing", message="clinc150/data_full.json not found")
    rows = tuple(Example(str(t), "other", "clinc") for t, _ in data[split] if str(t).strip())
    return SourceLoad(name, "ok", rows)


def load_clinc_other(
    settings: Settings, split: Literal["train", "val"], per_intent: int
) -> SourceLoad:
    """In-scope CLINC utterances from out-of-shop domains, `per_intent` of each, as `other`."""
    data = _clinc(settings)
    name = f"clinc_{split}_out_of_domain"
    if data is None:
        return SourceLoad(name, "missing", message="clinc150/data_full.json not found")
    domains = json.loads((datasets_dir(settings) / "clinc150" / "domains.json").read_text())
    wanted = {i for d in CLINC_OTHER_DOMAINS for i in domains[d] if i not in CLINC_EXCLUDED_INTENTS}
    taken: dict[str, int] = {}
    rows: list[Example] = []
    # The file order is stable, so the first `per_intent` of each intent is a fixed sample.
    for text, label in data[split]:
        if label in wanted and taken.get(label, 0) < per_intent:
            taken[label] = taken.get(label, 0) + 1
            rows.append(Example(str(text), "other", "clinc"))
    return SourceLoad(name, "ok", tuple(rows))


def _label(intent: object) -> Intent:
    label = next((i for i in INTENT_NAMES if i == intent), None)
    if label is None:
        raise ValueError(f"unknown intent {intent!r}")
    return label


def _read_rows(
    path: Path, name: str, what: str, example_of: Callable[[Any], Example | None]
) -> SourceLoad:
    """One JSON object a line, each made an Example by `example_of` (None: left out on purpose;
    ValueError, KeyError or TypeError: a malformed line, counted and skipped)."""
    if not path.is_file():
        return SourceLoad(name, "missing", message=f"{path} does not exist yet")
    examples: list[Example] = []
    skipped = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            example = example_of(json.loads(line))
        except (ValueError, KeyError, TypeError):
            skipped += 1
            continue
        if example is not None:
            examples.append(example)
    if not examples:
        return SourceLoad(
            name, "invalid", message=f"{path} has no usable {what}", skipped_lines=skipped
        )
    message = f"{skipped} malformed {what} skipped" if skipped else ""
    return SourceLoad(name, "ok", tuple(examples), message, skipped)


def load_jsonl(path: Path, name: str, source: Source = "project") -> SourceLoad:
    """A project-written JSONL file of {"text", "intent", "style"?}; bad lines are counted."""

    def example_of(row: Any) -> Example:
        text = str(row["text"]).strip()
        if not text:
            raise ValueError("empty text")
        return Example(text, _label(row["intent"]), source, str(row.get("style", "")))

    return _read_rows(path, name, "lines", example_of)


def load_project_train(path: Path = PROJECT_TRAIN_PATH) -> SourceLoad:
    return load_jsonl(path, "project_train")


def held_out_fresh_ids(batches_dir: Path = FRESH_BATCHES_DIR) -> frozenset[str]:
    """The ids of the fresh batches after LAST_TRAINING_BATCH (one id a line, # comments)."""
    ids: set[str] = set()
    for path in batches_dir.glob("batch*.ids"):
        number = _BATCH_FILE.fullmatch(path.name)
        if number is not None and int(number.group(1)) > LAST_TRAINING_BATCH:
            ids |= _ids_in(path)
    return frozenset(ids)


def _ids_in(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def fresh_training_ids(path: Path = FRESH_TRAINING_IDS_PATH) -> frozenset[str]:
    """The fresh tickets allowed to train (one id a line, # comments); none when the file is
    missing."""
    return _ids_in(path) if path.is_file() else frozenset()


def load_fresh_training(
    path: Path = FRESH_TICKETS_PATH, training_ids_path: Path = FRESH_TRAINING_IDS_PATH
) -> SourceLoad:
    """Single-message fresh development tickets listed in `training_ids_path`, as the model will
    read them (an email's subject line first), labelled with their expected intent. A follow-up
    turn is left out: alone it often names no intent ("and the tracking number?"). Listing what
    trains, rather than what is held out, keeps a batch just written out of training before its
    batch file exists: its first run is then a true measure of unseen wording."""
    if not training_ids_path.is_file():
        return SourceLoad("fresh_tickets", "missing", message=f"{training_ids_path} does not exist")
    allowed = fresh_training_ids(training_ids_path)

    def example_of(ticket: Any) -> Example | None:
        turns, label = ticket["turns"], _label(ticket["expected_intent"])
        if ticket["id"] not in allowed or not isinstance(turns, list) or len(turns) != 1:
            return None
        if not isinstance(turns[0], str) or not turns[0].strip():
            raise ValueError("an empty turn")
        subject = ticket.get("subject")
        text = f"Subject: {subject}\n\n{turns[0]}" if subject else turns[0]
        return Example(text.strip(), label, "project", "fresh-ticket")

    return _read_rows(path, "fresh_tickets", "tickets", example_of)


def load_heldout(path: Path = HELDOUT_PATH) -> SourceLoad:
    return load_jsonl(path, "heldout")
