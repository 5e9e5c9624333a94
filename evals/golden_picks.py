"""The pick tokens of the golden-ticket templates: what "delivered UK window_open" or
"sku table_lamp dimmable" means, as tests on the seeded rows.

An order pick lists tokens that must all hold (a status or a group of statuses, a market,
`pay_<method>`, `cat_<category>`, the kind of the first item, or a named condition below); a few
things hold unless the pick says otherwise (see `order_defaults`). A SKU pick names a category, a
product type, `size_<bed size>`, `fit_<UK bulb fitting>` or a named flag. An unknown token is an
error, so a typo in a template cannot silently pick something else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from store.demo.catalogue_spec import ASSEMBLY, PRODUCT_TYPES

if TYPE_CHECKING:
    from evals.golden_shop import Line, OrderView, Shop


Row = dict[str, Any]


class PickError(LookupError):
    """No unused row matches a template's pick: the template asks for something the shop lacks."""


HIGH_VALUE = 500.0
REPEAT_CONTACTS = 3
UNSHIPPED = ("placed", "processing")
IN_FLIGHT = ("dispatched", "in_transit", "out_for_delivery")
AFTER_DELIVERY = ("delivered", "returned", "refunded", "partially_refunded")
STATUSES = (
    *UNSHIPPED,
    *IN_FLIGHT,
    "delayed",
    "lost_in_transit",
    *AFTER_DELIVERY,
    "cancelled",
)
SEALED_TYPES = ("mattress", "pillow", "duvet")
RETURNS_V3_FROM = date(2026, 9, 1)
PRODUCT_TYPE_KEYS = frozenset(t.key for t in PRODUCT_TYPES)


OrderTest = Callable[["OrderView"], bool]
# What the first item of an order is like, so that "it arrived smashed" is said of a vase and
# "it started flickering" of a lamp.
BREAKABLE = frozenset(
    {"vase", "dinnerware", "table_lamp", "bedside_lamp", "floor_lamp", "pendant_light",
     "wall_light", "mirror", "candle_holder"}
)  # fmt: skip
ITEM_KINDS: dict[str, Callable[[Line], bool]] = {
    "breakable": lambda line: line.product["product_type"] in BREAKABLE,
    "hard": lambda line: (
        line.product["category"] in ("furniture", "kitchen", "lighting")
        or line.product["product_type"] in ("mirror", "vase", "candle_holder")
    ),
    "glazed": lambda line: (
        line.product["materials"][0] in ("stoneware", "ceramic")
        or line.product["materials"][0] == "enamelled cast iron"
    ),
    "assembled": lambda line: (
        line.product["assembly"] not in (ASSEMBLY["none"], ASSEMBLY["in_home"])
    ),
    "wood": lambda line: (
        line.product["materials"][0] in ("solid oak", "solid walnut", "ash", "mango wood")
    ),
    "soft": lambda line: (
        line.product["category"] == "bedding"
        or line.product["product_type"] in ("rug", "throw", "cushion", "curtain")
    ),
    "fabric": lambda line: line.product["materials"][0] in ("linen", "boucle", "velvet"),
}


def order_defaults(shop: Shop, tokens: set[str]) -> list[OrderTest]:
    """What a pick means unless it says otherwise: a low-value order nobody has contacted us
    about, shipped in one shipment, with nothing that changes the return rules."""
    out: list[OrderTest] = []
    if "hv" not in tokens:
        out.append(lambda v: not v.high_value)
    if "repeat" not in tokens:
        out.append(lambda v: v.any_contacts == 0)
    if "mixed" not in tokens:
        out.append(lambda v: len(v.shipments) <= 1)
    if not tokens & {"mto", "final_sale", "sealed", "any_items"}:
        out.append(lambda v: not any(line.excluded for line in v.lines))
    return out


def _days_left(shop: Shop, v: OrderView) -> int | None:
    deadline = shop.return_deadline(v)
    return None if deadline is None else (deadline - shop.anchor).days


def _delivered_ago(shop: Shop, v: OrderView) -> int | None:
    day = v.delivered_on()
    return None if day is None else (shop.anchor - day).days


def order_test(shop: Shop, token: str) -> OrderTest:
    if token in STATUSES:
        return lambda v: v.status == token
    groups = {"unshipped": UNSHIPPED, "in_flight": IN_FLIGHT, "after_delivery": AFTER_DELIVERY}
    if token in groups:
        return lambda v: v.status in groups[token]
    if token in ("UK", "US", "DE"):
        return lambda v: v.market == token
    if token.startswith("pay_"):
        return lambda v: v.order["payment_method"] == token[4:]
    if token.startswith("cat_"):
        return lambda v: v.lines[0].product["category"] == token[4:]
    if token in ITEM_KINDS:
        return lambda v: ITEM_KINDS[token](v.lines[0])
    tests: dict[str, OrderTest] = {
        "hv": lambda v: v.high_value,
        "repeat": lambda v: v.recent_contacts >= REPEAT_CONTACTS,
        "any_items": lambda v: True,
        "mixed": lambda v: len({s["service"] for s in v.shipments}) == 2,
        "single": lambda v: len(v.lines) == 1,
        "multi": lambda v: len(v.lines) >= 2,
        "parcel": lambda v: not any(line.two_person for line in v.lines),
        "two_person": lambda v: all(line.two_person for line in v.lines),
        "mto": lambda v: len(v.lines) == 1 and bool(v.lines[0].variant["made_to_order"]),
        "final_sale": lambda v: len(v.lines) == 1 and bool(v.lines[0].variant["final_sale"]),
        "sealed": lambda v: (
            len(v.lines) == 1 and v.lines[0].product["product_type"] in SEALED_TYPES
        ),
        "window_open": lambda v: (_days_left(shop, v) or -1) >= 5,
        "window_closing": lambda v: 0 <= (_days_left(shop, v) or -1) < 5,
        # Closed under the returns policy in force (v3, from 2026-09-01), so that no older
        # version's window could apply to the order.
        "window_closed": lambda v: (
            (_days_left(shop, v) or 0) < 0 and (v.delivered_on() or date.min) >= RETURNS_V3_FROM
        ),
        "within7": lambda v: 0 <= (_delivered_ago(shop, v) or 99) <= 6,
        "recent30": lambda v: 0 <= (_delivered_ago(shop, v) or 99) <= 30,
        "after7": lambda v: 10 <= (_delivered_ago(shop, v) or 0) <= 700,
        "recent14": lambda v: (shop.anchor_dt - v.order["placed_at"]).days <= 11,
        "old14": lambda v: (shop.anchor_dt - v.order["placed_at"]).days >= 20,
        "attempt": lambda v: "attempt_failed" in v.codes(),
        "labelonly": lambda v: all(s["status"] == "label_created" for s in v.shipments),
        "moving": lambda v: all(s["status"] != "label_created" for s in v.shipments),
        "promo": lambda v: v.order["promo_code"] is not None,
        "nopromo": lambda v: v.order["promo_code"] is None,
        "refund_processed": lambda v: bool(v.refunds) and v.refunds[0]["status"] == "processed",
        "refund_pending": lambda v: bool(v.refunds) and v.refunds[0]["status"] == "pending",
        "refund_recent": lambda v: (
            bool(v.refunds) and (shop.anchor_dt - v.refunds[0]["created_at"]).days <= 4
        ),
        "refund_old": lambda v: (
            bool(v.refunds) and 20 <= (shop.anchor_dt - v.refunds[0]["created_at"]).days <= 200
        ),
        "fee": lambda v: any(float(r["return_fee"]) > 0 for r in v.returns),
        "goodwill": lambda v: v.status == "partially_refunded" and not v.returns,
        "partial_line": lambda v: v.status == "partially_refunded" and bool(v.returns),
        "no_refund": lambda v: not v.refunds,
        "variants2": lambda v: (
            len(v.lines) == 1
            and sum(
                1
                for o in shop.variants_of[v.lines[0].product["id"]]
                if shop.offer(o["sku"], v.market) and o["sku"] != v.lines[0].sku
            )
            >= 1
        ),
        "latest": lambda v: (
            max(o["placed_at"] for o in shop.kids("orders_of", v.order["customer_id"]))
            == v.order["placed_at"]
        ),
        "several_orders": lambda v: len(shop.kids("orders_of", v.order["customer_id"])) >= 2,
        "only_order": lambda v: len(shop.kids("orders_of", v.order["customer_id"])) == 1,
        "mto_open": lambda v: (v.order["placed_at"] + timedelta(hours=48)).date() > shop.anchor,
        "recent_placed": lambda v: (
            (shop.anchor_dt - v.order["placed_at"]).total_seconds() < 30 * 3600
        ),
    }
    if token not in tests:
        raise PickError(f"unknown order pick token {token!r}")
    return tests[token]


def sku_test(shop: Shop, token: str, market: str) -> Callable[[str], bool]:
    def product(sku: str) -> Row:
        return shop.product_of(sku)

    def attrs(sku: str) -> dict[str, Any]:
        return {**product(sku)["attributes"], **shop.by_table["variants"][sku]["attributes"]}

    categories = ("furniture", "lighting", "kitchen", "bedding", "decor")
    if token == "sku":
        return lambda s: True
    if token in categories:
        return lambda s: product(s)["category"] == token
    flags: dict[str, Callable[[str], bool]] = {
        "mto": lambda s: bool(shop.by_table["variants"][s]["made_to_order"]),
        "final_sale": lambda s: bool(shop.by_table["variants"][s]["final_sale"]),
        "oos": lambda s: (
            (o := shop.offer(s, market)) is not None
            and o["stock"] == 0
            and o["restock_date"] is not None
        ),
        "instock": lambda s: (o := shop.offer(s, market)) is not None and o["stock"] > 0,
        "induction": lambda s: "induction" in attrs(s).get("hob_types", []),
        "no_induction": lambda s: (
            "hob_types" in attrs(s) and "induction" not in attrs(s)["hob_types"]
        ),
        "dimmable": lambda s: attrs(s).get("dimmable") is True,
        "not_dimmable": lambda s: attrs(s).get("dimmable") is False,
        "bulb_included": lambda s: attrs(s).get("bulb_included") is True,
        "no_bulb": lambda s: attrs(s).get("bulb_included") is False,
        "hardwired": lambda s: attrs(s).get("hardwired") is True,
        "plug": lambda s: "plug" in attrs(s),
        "ip44": lambda s: attrs(s).get("ip_rating") == "IP44",
        "solid": lambda s: int(product(s)["warranty_years"]) == 10,
        "not_us": lambda s: shop.offer(s, "US") is None,
        "leaves": lambda s: int(attrs(s).get("extension_leaves", 0)) > 0,
        "no_leaves": lambda s: (
            "extension_leaves" in attrs(s) and int(attrs(s)["extension_leaves"]) == 0
        ),
        "blackout": lambda s: attrs(s).get("blackout") is True,
        "removable_covers": lambda s: attrs(s).get("removable_covers") is True,
        "fixed_covers": lambda s: attrs(s).get("removable_covers") is False,
        "dishwasher": lambda s: attrs(s).get("dishwasher_safe") is True,
        "no_dishwasher": lambda s: attrs(s).get("dishwasher_safe") is False,
    }
    if token in flags:
        return flags[token]
    if token.startswith("size_"):
        return lambda s: attrs(s).get("bed_size") == token[5:]
    if token.startswith("fit_"):
        return lambda s: attrs(s).get("bulb_fitting", {}).get("UK") == token[4:]
    if token not in PRODUCT_TYPE_KEYS:
        raise PickError(f"unknown SKU pick token {token!r}")
    return lambda s: product(s)["product_type"] == token
