"""Building one reply from templates: sentences, the facts they cite, and the final `Draft`.

Every template section is filled from one family of slots (an order's, a shipment's, a
product's...). The code always passes the whole family, and the loaded book is checked against
these families once, so a template that asks for a slot nobody fills fails at load time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from drafting.promises import promise_kinds
from drafting.template_facts import FactSet
from drafting.types import Draft
from prompts.loader import TemplateBook, TemplateSlotError, load_templates

ORDER_SLOTS = (
    "order_ref",
    "until",
    "placed_on",
    "cancelled_on",
    "delivered_on",
    "total",
    "delivery_fee",
    "item_count",
    "method",
    "status",
)
SHIPMENT_SLOTS = (
    "carrier",
    "named_carrier",
    "service",
    "tracking_number",
    "eta",
    "delivered_on",
    "status",
    "count",
    "state",
    "event_date",
    "event",
)
MONEY_SLOTS = (
    "order_ref",
    "amount",
    "method",
    "processed_on",
    "expected_by",
    "status",
    "received_on",
    "requested_on",
    "fee",
    "items",
)
LIST_SLOTS = ("order_ref", "placed_on", "status", "total", "carrier", "eta")
ESTIMATE_SLOTS = ("service", "span", "item", "weeks")
ELIGIBILITY_SLOTS = ("order_ref", "deadline", "days_left", "fee", "item", "why", "reason")
PRODUCT_SLOTS = (
    "product",
    "Product",
    "market_name",
    "value",
    "value2",
    "asked",
    "width",
    "depth",
    "height",
    "width_in",
    "depth_in",
    "height_in",
    "weight",
    "price",
    "restock_date",
    # the customer's door against the piece (drafting/template_fit.py)
    "smallest",
    "opening",
)
NO_SLOTS: tuple[str, ...] = ()
SECTION_SLOTS: dict[str, tuple[str, ...]] = {
    "common": NO_SLOTS,
    "clarify": NO_SLOTS,
    "refusal": NO_SLOTS,
    "other": NO_SLOTS,
    "status_words": NO_SLOTS,
    "topic": NO_SLOTS,
    "why": NO_SLOTS,
    "policy": ("policy_title", "quote"),
    "order_status": ORDER_SLOTS,
    "refund_status": ORDER_SLOTS,
    "delivery_problem": SHIPMENT_SLOTS,
    "order_list": LIST_SLOTS,
    "estimate": ESTIMATE_SLOTS,
    "shipment": SHIPMENT_SLOTS,
    "shipments": SHIPMENT_SLOTS,
    "shipment_state": SHIPMENT_SLOTS,
    "tracking": SHIPMENT_SLOTS,
    "return": MONEY_SLOTS,
    "refund": MONEY_SLOTS,
    "return_request": ELIGIBILITY_SLOTS,
    "exchange": ELIGIBILITY_SLOTS,
    "cancel_order": ELIGIBILITY_SLOTS,
    "change_order": ELIGIBILITY_SLOTS,
    "product": PRODUCT_SLOTS,
    "compat": PRODUCT_SLOTS,
    "damaged_item": ORDER_SLOTS,
    "complaint": ORDER_SLOTS,
    "human_request": ORDER_SLOTS,
    "privacy_request": ORDER_SLOTS,
    "chargeback_fraud": ORDER_SLOTS,
    "billing": ORDER_SLOTS,
    "account": ORDER_SLOTS,
}


@lru_cache(maxsize=1)
def template_book() -> TemplateBook:
    """The shipped templates, loaded and checked once; call at start-up to fail early."""
    book = load_templates()
    book.check_contract(SECTION_SLOTS)
    return book


@dataclass
class Composer:
    """Collects the sentences of one reply and the facts each one relies on."""

    book: TemplateBook
    follow_up: bool = False
    paragraphs: list[list[str]] = field(default_factory=lambda: [[]])
    citations: list[str] = field(default_factory=list)
    last_draft_options: tuple[bool, bool, bool, bool] = (False, False, True, True)
    notes: list[str] = field(default_factory=list)
    primary: str | None = None
    primary_fixed: bool = False
    bulleted: set[int] = field(default_factory=set)  # paragraphs that are lists
    greeting: str = "common.greeting"  # the opening line's template
    quoted: set[str] = field(default_factory=set)  # policy sentences this reply has quoted

    def text_of(self, key: str, slots: Mapping[str, str] | None = None) -> str:
        """A rendered template to embed in another one (a status phrase, say)."""
        return self._render(key, slots or {})

    def say(
        self,
        key: str,
        slots: Mapping[str, str] | None = None,
        *,
        cite: Iterable[str] = (),
        detail: bool = False,
        primary: bool = False,
        reword: Callable[[str], str] | None = None,
    ) -> None:
        """Add one template's sentence(s). `detail` sentences are left out of follow-ups,
        which answer the new question only. `reword` adjusts the rendered words in place (a
        reply's first sentence names its subject: "It's" becomes "The Evie Saucepan is")."""
        if detail and self.follow_up:
            return
        text = self._render(key, slots or {})
        if reword is not None:
            text = reword(text)
        self.paragraphs[-1].append(text)
        for source_id in cite:
            if source_id not in self.citations:
                self.citations.append(source_id)
        template_id = self.book.get(key).template_id
        # The reply is known by its main template: the first one marked primary, else the
        # first one said.
        if primary and not self.primary_fixed:
            self.primary, self.primary_fixed = template_id, True
        elif self.primary is None:
            self.primary = template_id

    def item(
        self,
        key: str,
        slots: Mapping[str, str] | None = None,
        *,
        cite: Iterable[str] = (),
        more: Iterable[tuple[str, Mapping[str, str]]] = (),
    ) -> None:
        """Add one line of a bulleted list (the list is a paragraph of its own); `more`
        templates continue the same line."""
        if not self.paragraphs[-1] or len(self.paragraphs) - 1 not in self.bulleted:
            self.new_paragraph()
            self.bulleted.add(len(self.paragraphs) - 1)
        self.say(key, slots, cite=cite)
        for more_key, more_slots in more:
            self.paragraphs[-1][-1] += " " + self._render(more_key, more_slots)

    def new_paragraph(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def note(self, text: str) -> None:
        self.notes.append(text)

    def has_text(self) -> bool:
        return any(self.paragraphs)

    def _render(self, key: str, slots: Mapping[str, str]) -> str:
        section = key.split(".", 1)[0]
        missing = set(SECTION_SLOTS.get(section, ())) - slots.keys()
        if missing:  # the code must fill the whole family, so any template may use any slot
            raise TemplateSlotError(f"{key}: code did not fill {', '.join(sorted(missing))}")
        return self.book.render(key, slots)

    def draft(
        self, *, grounded: bool, clarifying: bool = False, greet: bool = True, close: bool = True
    ) -> Draft:
        self.last_draft_options = (grounded, clarifying, greet, close)
        body = [
            "\n".join(f"- {line}" for line in p) if i in self.bulleted else " ".join(p)
            for i, p in enumerate(self.paragraphs)
            if p
        ]
        if greet and not self.follow_up:
            body.insert(0, self._render(self.greeting, {}))
        if close and not self.follow_up and not clarifying:
            body.append(self._render("common.closing", {}))
        text = "\n\n".join(body)
        return Draft(
            text=text,
            citations=tuple(self.citations),
            grounded=grounded,
            drafter="template",
            template_id=self.primary,
            clarifying_question=clarifying,
            promises=promise_kinds(text),
            notes=tuple(self.notes),
        )

    def redraft(self) -> Draft:
        """The draft again, after more was said, with the options the writer finished with."""
        grounded, clarifying, greet, close = self.last_draft_options
        return self.draft(grounded=grounded, clarifying=clarifying, greet=greet, close=close)


@dataclass
class Context:
    """What every intent's writer needs: the facts, the market, the message, the composer."""

    intent: str
    facts: FactSet
    market: str
    message: str
    out: Composer
