"""Generates orders and their lines: who bought what, when, for how much, and in which state.

The state is drawn first and the dates are chosen to fit it, so every life-cycle state is well
represented and every order's history is consistent with where it stands today (the anchor date).
Shipments, tracking and after-care (returns, refunds) are added by `fulfilment.py`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from store.demo.catalogue import Catalogue
from store.policy_rules import PolicyRules

ORDER_COUNT = 10_000
# Share of orders in each state, and how many days before the anchor such an order was placed.
STATE_PLAN: dict[str, tuple[float, tuple[float, float]]] = {
    "placed": (0.025, (0.0, 0.9)),
    "processing": (0.03, (0.2, 2.0)),
    "dispatched": (0.03, (1.0, 3.0)),
    "in_transit": (0.04, (1.5, 6.0)),
    "out_for_delivery": (0.015, (2.0, 7.0)),
    "delivered": (0.62, (3.0, 365.0)),
    "delayed": (0.025, (5.0, 14.0)),
    "lost_in_transit": (0.01, (12.0, 40.0)),
    "cancelled": (0.06, (0.5, 365.0)),
    "returned": (0.03, (14.0, 90.0)),
    "refunded": (0.06, (14.0, 365.0)),
    "partially_refunded": (0.055, (14.0, 365.0)),
}
PAYMENT_MIX = {
    "UK": {"card": 60, "paypal": 20, "klarna": 15, "gift_card": 5},
    "US": {"card": 70, "paypal": 20, "klarna": 10},
    "DE": {"card": 40, "paypal": 30, "klarna": 15, "bank_transfer": 15},
}
PROMO_CODES = {"WELCOME10": 0.10, "AUTUMN15": 0.15}
MULTI_BUY_TYPES = {"dining_chair": (2, 4, 6), "cushion": (1, 2, 4), "pillow": (1, 2)}
# How often an item of each category lands in a basket: most baskets are bedding, kitchen and
# decor; a sofa or a dining table is an occasional, big purchase.
BASKET_SHARE = {"furniture": 0.35, "lighting": 1.0, "kitchen": 1.6, "bedding": 1.6, "decor": 1.6}

Row = dict[str, Any]


@dataclass
class OrderBook:
    orders: list[Row]
    order_lines: list[Row]


@dataclass(frozen=True)
class ShopIndex:
    """Look-ups over the catalogue that order generation needs."""

    skus_by_market: dict[str, list[str]]
    basket_weights: dict[str, list[float]]
    price: dict[tuple[str, str], float]
    product_type: dict[str, str]
    delivery: dict[str, str]

    @classmethod
    def build(cls, catalogue: Catalogue) -> ShopIndex:
        product_of = {v["sku"]: v["product_id"] for v in catalogue.variants}
        products = {p["id"]: p for p in catalogue.products}
        skus_by_market: dict[str, list[str]] = {"UK": [], "US": [], "DE": []}
        price = {}
        for offer in catalogue.variant_markets:
            skus_by_market[offer["market"]].append(offer["sku"])
            price[(offer["sku"], offer["market"])] = offer["price"]
        category = {s: products[p]["category"] for s, p in product_of.items()}
        return cls(
            skus_by_market=skus_by_market,
            basket_weights={
                m: [BASKET_SHARE[category[s]] for s in skus] for m, skus in skus_by_market.items()
            },
            price=price,
            product_type={s: products[p]["product_type"] for s, p in product_of.items()},
            delivery={s: products[p]["attributes"]["delivery"] for s, p in product_of.items()},
        )


def generate_orders(
    seed: int, anchor: date, customers: list[Row], shop: ShopIndex, rules: PolicyRules
) -> OrderBook:
    rng = random.Random(f"{seed}:orders")
    anchor_dt = datetime.combine(anchor, datetime.min.time(), UTC) + timedelta(hours=12)
    states = list(STATE_PLAN)
    state_weights = [share for share, _ in STATE_PLAN.values()]
    # A few customers order often; most order once or twice.
    customer_weights = [rng.paretovariate(1.6) for _ in customers]
    orders: list[Row] = []
    lines: list[Row] = []
    order_numbers = rng.sample(range(100_000, 1_000_000), ORDER_COUNT)
    for number in order_numbers:
        customer = rng.choices(customers, weights=customer_weights)[0]
        market = customer["market"]
        state = rng.choices(states, weights=state_weights)[0]
        low, high = STATE_PLAN[state][1]
        placed_at = anchor_dt - timedelta(days=rng.uniform(low, high))
        if placed_at < customer["created_at"]:
            placed_at = customer["created_at"] + timedelta(hours=rng.randint(1, 48))
        order_id = f"HR-{number}"
        order_lines = _lines(rng, order_id, market, shop)
        lines.extend(order_lines)
        orders.append(_order(rng, order_id, customer, state, placed_at, order_lines, shop, rules))
    orders.sort(key=lambda o: o["placed_at"])
    return OrderBook(orders=orders, order_lines=lines)


def _lines(rng: random.Random, order_id: str, market: str, shop: ShopIndex) -> list[Row]:
    count = rng.choices([1, 2, 3, 4], weights=[62, 26, 9, 3])[0]
    skus = list(
        dict.fromkeys(
            rng.choices(shop.skus_by_market[market], weights=shop.basket_weights[market], k=count)
        )
    )
    rows = []
    for line_no, sku in enumerate(skus, start=1):
        quantity = rng.choice(MULTI_BUY_TYPES.get(shop.product_type[sku], (1, 1, 1, 2)))
        unit_price = shop.price[(sku, market)]
        rows.append(
            {
                "order_id": order_id,
                "line_no": line_no,
                "sku": sku,
                "quantity": quantity,
                "unit_price": unit_price,
                "line_total": round(unit_price * quantity, 2),
                "status": "active",
            }
        )
    return rows


def _order(
    rng: random.Random,
    order_id: str,
    customer: Row,
    state: str,
    placed_at: datetime,
    lines: list[Row],
    shop: ShopIndex,
    rules: PolicyRules,
) -> Row:
    market = customer["market"]
    market_rules = rules.markets[market]
    subtotal = round(sum(line["line_total"] for line in lines), 2)
    if any(shop.delivery[line["sku"]] == "two_person" for line in lines):
        delivery_fee = market_rules.large_item_delivery_fee
    elif subtotal >= market_rules.free_delivery_threshold:
        delivery_fee = 0.0
    else:
        delivery_fee = market_rules.standard_delivery_fee
    promo = rng.choices([None, "WELCOME10", "AUTUMN15"], weights=[85, 10, 5])[0]
    discount = round(subtotal * PROMO_CODES[promo], 2) if promo else 0.0
    mix = PAYMENT_MIX[market]
    cancelled = state == "cancelled"
    return {
        "id": order_id,
        "customer_id": customer["id"],
        "market": market,
        "currency": market_rules.currency,
        "status": state,
        "placed_at": placed_at,
        "updated_at": placed_at,  # moved forward by fulfilment as events happen
        "payment_method": rng.choices(list(mix), weights=list(mix.values()))[0],
        "subtotal": subtotal,
        "delivery_fee": delivery_fee,
        "discount": discount,
        "total": round(subtotal - discount + delivery_fee, 2),
        "promo_code": promo,
        "ship_name": customer["full_name"],
        "ship_line1": customer["address_line1"],
        "ship_city": customer["city"],
        "ship_region": customer["region"],
        "ship_postcode": customer["postcode"],
        "ship_country": customer["country"],
        "cancelled_at": placed_at + timedelta(hours=rng.uniform(0.5, 20)) if cancelled else None,
        "cancel_reason": rng.choice(
            ["customer request", "customer request", "payment declined", "item out of stock"]
        )
        if cancelled
        else None,
    }
