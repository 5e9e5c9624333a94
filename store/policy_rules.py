"""The shop's policy rules as typed data, read from `demo/policies/rules.toml`.

Eligibility checks (returns, cancellations, changes) compute from these numbers; the markdown
policies say the same in words, and a test keeps them in step.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

RULES_PATH = Path(__file__).resolve().parent / "demo" / "policies" / "rules.toml"


@dataclass(frozen=True)
class MarketRules:
    market: str
    currency: str
    return_window_days: int
    statutory_withdrawal_days: int
    return_fee_parcel: float
    return_fee_large_item: float
    free_delivery_threshold: float
    standard_delivery_fee: float
    standard_delivery_days: tuple[int, int]
    large_item_delivery_fee: float
    large_item_delivery_days: tuple[int, int]


@dataclass(frozen=True)
class PolicyRules:
    brand: str
    markets: dict[str, MarketRules]
    returns_excluded_flags: tuple[str, ...]
    returns_excluded_when_unsealed: tuple[str, ...]
    refund_business_days: dict[str, tuple[int, int]]
    damage_report_within_days: int
    warranty_standard_years: int
    warranty_solid_wood_frame_years: int
    cancellable_states: tuple[str, ...]
    made_to_order_cancel_hours: int
    changeable_states: tuple[str, ...]
    price_promise_days: int
    raw: dict[str, Any]


@lru_cache(maxsize=4)
def load_policy_rules(path: Path = RULES_PATH) -> PolicyRules:
    data = tomllib.loads(path.read_text())
    markets = {
        code: MarketRules(
            market=code,
            currency=m["currency"],
            return_window_days=m["return_window_days"],
            statutory_withdrawal_days=m["statutory_withdrawal_days"],
            return_fee_parcel=m["return_fee_parcel"],
            return_fee_large_item=m["return_fee_large_item"],
            free_delivery_threshold=m["free_delivery_threshold"],
            standard_delivery_fee=m["standard_delivery_fee"],
            standard_delivery_days=(m["standard_delivery_days"][0], m["standard_delivery_days"][1]),
            large_item_delivery_fee=m["large_item_delivery_fee"],
            large_item_delivery_days=(
                m["large_item_delivery_days"][0],
                m["large_item_delivery_days"][1],
            ),
        )
        for code, m in data["markets"].items()
    }
    return PolicyRules(
        brand=data["brand"],
        markets=markets,
        returns_excluded_flags=tuple(data["returns"]["excluded_flags"]),
        returns_excluded_when_unsealed=tuple(data["returns"]["excluded_when_unsealed"]),
        refund_business_days={k: (v[0], v[1]) for k, v in data["refunds"].items()},
        damage_report_within_days=data["damage"]["report_within_days"],
        warranty_standard_years=data["warranty"]["standard_years"],
        warranty_solid_wood_frame_years=data["warranty"]["solid_wood_frame_years"],
        cancellable_states=tuple(data["cancellation"]["cancellable_states"]),
        made_to_order_cancel_hours=data["cancellation"]["made_to_order_cancel_hours"],
        changeable_states=tuple(data["order_changes"]["changeable_states"]),
        price_promise_days=data["price_promise"]["days_after_purchase"],
        raw=data,
    )
