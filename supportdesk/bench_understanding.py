"""Benchmarks for understanding: per-message latency and triage throughput.

Messages are generated here (about 60 words, with names, emails, phone numbers and order ids, in
the demo shop's context) so that no evaluation text is needed to measure speed.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from supportdesk.measure import percentiles
from supportdesk.settings import Settings

# Four parts per message: who and which order, the problem, one detail, how to reach them. The
# parts are sized so that messages average 60 words (about 45 to 80), the length the issue's
# target is stated for, and every message carries a name, an order id, a product, a phone
# number or an e-mail address and a signed first name: the masking work of a real message.
OPENINGS = (
    "Hi there, I'm {name} and I ordered the {product} on order {order} about two weeks ago.",
    "Hello, this is {name}. My order {order} with the {product} has not turned up yet.",
    "Good morning, {name} here, writing about the {product} from order {order}.",
    "Hey, quick one from {name}: the {product} in order {order} arrived with a cracked corner.",
)
PROBLEMS = (
    "The tracking has not moved for six days and the courier keeps telling me to ask you.",
    "I would like to send it back and get my money returned to the same card if possible.",
    "Could you tell me whether it will fit an alcove that is ninety centimetres wide?",
    "I was charged twice for it according to my banking app this morning, which seems wrong.",
)
DETAILS = (
    "It was meant to be a birthday present.",
    "This is the second time I have written about it.",
    "I still have the original box and all the packaging.",
    "My neighbour says a van came by on Tuesday but nobody knocked.",
    "",
)
CLOSINGS = (
    "Please call me on {phone} or email {email} when you can. Thanks so much, {first}",
    "You can reach me at {email} or on {phone} during the day. Kind regards, {first}",
    "Let me know what the options are; my number is {phone}. Best wishes, {first}",
)
NAMES = ("Hannah Okafor", "Lukas Schneider", "Priya Patel", "Jamal Rivera", "Greta Hoffmann")
PRODUCTS = ("Marlow Dining Table", "Victoria Bookshelf", "Ludlow Floor Lamp", "Skye Duvet Cover")


def sample_messages(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    messages = []
    for _ in range(count):
        name = rng.choice(NAMES)
        values = {
            "name": name,
            "first": name.split()[0],
            "product": rng.choice(PRODUCTS),
            "order": f"HR-{rng.randint(100000, 999999)}",
            "phone": f"+44 7700 900{rng.randint(0, 999):03d}",
            "email": f"{name.split()[0].lower()}.{rng.randint(1, 99)}@example.com",
        }
        # One customer in eight explains two problems, one in five adds no detail: lengths vary
        # as real mail does.
        problems = rng.sample(PROBLEMS, 2 if rng.random() < 0.125 else 1)
        parts = [rng.choice(OPENINGS), *problems, rng.choice(DETAILS), rng.choice(CLOSINGS)]
        messages.append(" ".join(p.format(**values) for p in parts if p))
    return messages


def run_understanding_benchmarks(
    settings: Settings, *, runs: int, progress: Callable[[str], None]
) -> dict[str, Any]:
    from nlp.pii import load_product_names, load_variant_names
    from nlp.understand import ConversationContext, CustomerContext, load_understanding_models
    from nlp.understand import understand as understand_one
    from store.database import open_database
    from supportdesk.triage import triage_file

    db = open_database(settings)
    models = load_understanding_models(
        settings,
        product_names=load_product_names(db),
        variant_names=load_variant_names(db),
        progress=progress,
    )
    messages = sample_messages(runs + 20)
    words = sum(len(m.split()) for m in messages) / len(messages)
    customer = CustomerContext("C00001", "Hannah Okafor", "UK")
    load_before = os.getloadavg()[0]
    for text in messages[:20]:  # warm-up: first calls load spaCy, ONNX sessions, lexicons
        understand_one(text, ConversationContext(), customer, models=models)
    samples = []
    progress(f"understanding {runs} messages of about {words:.0f} words ...")
    for text in messages[20:]:
        started = time.perf_counter()
        understand_one(text, ConversationContext(), customer, models=models)
        samples.append((time.perf_counter() - started) * 1000)
    progress("triage throughput ...")
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        tickets = sample_messages(max(400, runs), seed=12)
        source.write_text(
            "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(tickets))
        )
        report = triage_file(source, target, models=models, db=db)
    return {
        "benchmarks": {
            "understand_60_words": {**percentiles(samples), "target": "p50 <= 25, p95 <= 50"},
        },
        "triage": {
            "tickets": report.written,
            "seconds": round(report.seconds, 2),
            "tickets_per_second": round(report.per_second, 1),
            "target": ">= 40 per second",
        },
        "notes": [
            f"messages average {words:.0f} words, with names, emails, phones, order ids",
            # Two cores shared with whatever else runs: a figure means little without this.
            f"1-minute load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after",
        ],
    }
