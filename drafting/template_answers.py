"""Answers to one topic of a product question, each read only from the product's attributes.

An answer is a list of (template key, extra slots); an empty list means the attributes do not
cover the topic, and the writer says so instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from drafting.template_compose import Context
from drafting.template_fit import fit_through
from drafting.template_format import join_words, number

Said = list[tuple[str, dict[str, str]]]
Answer = Callable[[dict[str, Any], Context], Said]

HOBS = ("induction", "gas", "electric", "ceramic", "halogen")
FITTING = re.compile(r"\b(E27|E26|E14|E12|B22|B15|GU10)\b", re.I)
WATTS = re.compile(r"\b(\d{1,3})\s*(?:w|watts?)\b", re.I)
CM = re.compile(r"\b(\d{1,3}(?:\.\d)?)\s*cm\b", re.I)


def _flag(found: object, yes: str, no: str) -> Said:
    if found is None:
        return []
    return [(yes if found else no, {})]


def value(key: str, found: object) -> Said:
    return [] if found in (None, "", []) else [(key, {"value": str(found)})]


def dimensions(p: dict[str, Any], ctx: Context) -> Said:
    if not p.get("dimensions_cm"):
        return []
    us = ctx.market == "US" and p.get("dimensions_in")
    said: Said = [("product.dimensions_us" if us else "product.dimensions", {})]
    through = fit_through(p, ctx.message)  # "...and will it go through our 78 cm lift door?"
    return [*said, through] if through else said


def weight(p: dict[str, Any], ctx: Context) -> Said:
    return [] if p.get("weight_kg") is None else [("product.weight", {})]


def materials(p: dict[str, Any], ctx: Context) -> Said:
    return value("product.materials", join_words(p.get("materials") or []))


def lead_time(p: dict[str, Any], ctx: Context) -> Said:
    if not p.get("made_to_order"):
        return []
    weeks = p.get("lead_time_weeks")
    return value("product.made_to_order", weeks) or [("product.made_to_order_undated", {})]


def not_sold_here(p: dict[str, Any]) -> bool:
    """The product has no price in the market it was looked up for: that shop does not sell it."""
    return p.get("market") is not None and p.get("price") is None


def price_stock(p: dict[str, Any], ctx: Context) -> Said:
    if p.get("price") is None:
        return [("product.not_sold", {})] if not_sold_here(p) else []
    if p.get("made_to_order"):
        return [("product.price_only", {})]
    if p.get("in_stock") is True or (p.get("stock") or 0) > 0:
        return [("product.in_stock", {})]
    if p.get("in_stock") is False or p.get("stock") == 0:
        dated = p.get("restock_date")
        return [("product.out_of_stock" if dated else "product.out_of_stock_undated", {})]
    return [("product.price_only", {})]


def hob(p: dict[str, Any], ctx: Context) -> Said:
    hobs = (p.get("compatibility") or {}).get("hob_types")
    if not hobs:
        return []
    listed = join_words(hobs)
    asked = [h for h in HOBS if h in ctx.message.lower()]
    if not asked:
        return [("compat.hob_list", {"value": listed})]
    # One sentence for the hobs it suits and one for those it doesn't: "gas and electric" is a
    # single answer. When every asked hob is suited and it suits more, the full list follows:
    # someone asking about two kitchens may well have a third.
    suited = [h for h in asked if h in hobs]
    unsuited = [h for h in asked if h not in hobs]
    said: Said = []
    if suited:
        more = not unsuited and len(hobs) > len(suited)
        key = "compat.hob_yes_list" if more else "compat.hob_yes"
        said.append((key, {"value": listed, "asked": join_words(suited)}))
    if unsuited:
        said.append(("compat.hob_no", {"value": listed, "asked": join_words(unsuited, "or")}))
    return said


def bulb(p: dict[str, Any], ctx: Context) -> Said:
    attrs = p.get("compatibility") or {}
    fitting = (attrs.get("bulb_fitting") or {}).get(ctx.market)
    if not fitting:
        return []
    asked = {m.upper() for m in FITTING.findall(ctx.message)}
    watts = str(attrs.get("max_wattage") or "")
    if not asked:
        return [("compat.fitting", {"value": fitting, "asked": watts})] if watts else []
    limit = {"value2": watts} if watts else {}
    suffix = "_watts" if watts else ""
    if fitting.upper() in asked:
        return [(f"compat.fitting_yes{suffix}", {"value": fitting, **limit})]
    other = join_words(sorted(asked), "or")
    return [(f"compat.fitting_no{suffix}", {"value": fitting, "asked": other, **limit})]


def watts(p: dict[str, Any], ctx: Context) -> Said:
    limit = (p.get("compatibility") or {}).get("max_wattage")
    if limit is None:
        return []
    asked = WATTS.search(ctx.message)
    if asked is None:  # "max wattage?": the limit, with the fitting it applies to
        return bulb({**p, "compatibility": {**p["compatibility"], "max_wattage": limit}}, ctx)
    fine = int(asked.group(1)) <= int(limit)
    key = "compat.watts_ok" if fine else "compat.watts_too_high"
    return [(key, {"value": str(limit), "asked": asked.group(1)})]


def dimming(p: dict[str, Any], ctx: Context) -> Said:
    """Dimmable or not, with the bulb it takes: on a dimmer switch the bulb in it matters as much
    as the light ("would this one dim with the dining room dimmer?")."""
    return _DIMMABLE(p, ctx) + bulb(p, ctx)


def wiring(p: dict[str, Any], ctx: Context) -> Said:
    """Hardwired or plugged in; a hardwired light's assembly note says who installs it."""
    attrs_ = p.get("compatibility") or {}
    if attrs_.get("hardwired") is not True:
        return []
    return _wired_in(p) + value("compat.ip_rating", attrs_.get("ip_rating"))


def _wired_in(p: dict[str, Any]) -> Said:
    """That a light is hardwired, and its assembly note (who must install it)."""
    return [("compat.hardwired", {}), *value("product.assembly", p.get("assembly"))]


def plug(p: dict[str, Any], ctx: Context) -> Said:
    attrs = p.get("compatibility") or {}
    if attrs.get("hardwired") is True:  # no plug to ask about: it is wired in
        return wiring(p, ctx)
    said = value("compat.plug", (attrs.get("plug") or {}).get(ctx.market))
    return said + value("compat.cable", attrs.get("cable_length_m"))


def mattress(p: dict[str, Any], ctx: Context) -> Said:
    depth = (p.get("compatibility") or {}).get("pocket_depth_cm")
    if depth is None:
        if p.get("product_type") != "bed_frame":
            return []
        # "What size mattress does it take?" about a bed frame: the size it is made for.
        fits = (p.get("compatibility") or {}).get("fits_bed") or {}
        return value("compat.takes_mattress", fits.get(ctx.market))
    asked = CM.search(ctx.message)
    if asked is None:
        return [("compat.pocket_depth", {"value": str(depth)})]
    fits = float(asked.group(1)) <= float(depth)
    key = "compat.pocket_depth_yes" if fits else "compat.pocket_depth_no"
    return [(key, {"value": str(depth), "asked": asked.group(1)})]


def bed(p: dict[str, Any], ctx: Context) -> Said:
    fits = (p.get("compatibility") or {}).get("fits_bed") or {}
    return value("compat.fits_bed", fits.get(ctx.market))


def outdoor(p: dict[str, Any], ctx: Context) -> Said:
    """The IP rating, and whether the light is for indoors only. A light that is wired in is
    fitted by an electrician wherever it goes, and in a bathroom or outside that is who decides
    where it may sit, so its wiring and assembly note come with the rating."""
    attrs = p.get("compatibility") or {}
    said = value("compat.ip_rating", attrs.get("ip_rating"))
    if attrs.get("hardwired") is True:
        said += _wired_in(p)
    return said + ([("compat.indoor_only", {})] if attrs.get("indoor_outdoor") is False else [])


def seats(p: dict[str, Any], ctx: Context) -> Said:
    attrs = p.get("compatibility") or {}
    if attrs.get("seats_min") is not None and attrs.get("seats_max") is not None:
        return [
            (
                "compat.seats_range",
                {"value": str(attrs["seats_min"]), "value2": str(attrs["seats_max"])},
            )
        ]
    return value("compat.seats", attrs.get("seats"))


def extension(p: dict[str, Any], ctx: Context) -> Said:
    leaves = (p.get("compatibility") or {}).get("extension_leaves")
    if leaves is None:
        return []
    if not leaves:
        return [("compat.no_extension", {})]
    words = "1 extension leaf" if leaves == 1 else f"{leaves} extension leaves"
    return [("compat.extension", {"value": words})]


def attrs(*spec: tuple[str, str, str | None]) -> Answer:
    """A topic answered by plain attributes: (attribute, template or yes-template, no-template)."""

    def answer(p: dict[str, Any], ctx: Context) -> Said:
        stored = p.get("compatibility") or {}
        said: Said = []
        for name, key, no_key in spec:
            found = stored.get(name)
            if no_key is not None:
                said += _flag(found, key, no_key)
            elif isinstance(found, bool):
                said += [(key, {})] if found else []
            else:
                said += value(key, number(found) if isinstance(found, float) else found)
        return said

    return answer


_DIMMABLE = attrs(("dimmable", "compat.dimmable_yes", "compat.dimmable_no"))
