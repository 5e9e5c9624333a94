"""Answer pieces about a SKU's size and what it works with: dimensions, doorways, seats, bed
and mattress sizes, bulbs, plugs, hobs, ovens and wall fixings."""

from __future__ import annotations

from evals.golden_pieces import MARKET_NAME, Ctx, Piece, PieceError, num, piece
from evals.golden_pieces_products import SkuFacts, article
from store.demo.catalogue_spec import PLUGS

FLAT_TYPES = ("rug", "curtain")


def _dims(s: SkuFacts) -> tuple[str, str, str]:
    v = s.variant
    return num(v["width_cm"]), num(v["depth_cm"]), num(v["height_cm"])


@piece("dims")
def dims(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    w, d, h = _dims(s)
    v = s.variant
    inches = ""
    if c.market == "US":
        inches = " ({} x {} x {} in)".format(
            *(num(round(float(v[k]) / 2.54, 1)) for k in ("width_cm", "depth_cm", "height_cm"))
        )
    if s.product["product_type"] in FLAT_TYPES:
        # A rug or a curtain is width by length; its thickness is not what anyone asks about.
        return s.piece(f"The {s.title} measures {w} x {d} cm.", [w, d])
    text = f"The {s.title} measures {w} cm wide, {d} cm deep and {h} cm high{inches}."
    # Measures under 10 cm ("3 cm deep") are too short to look for in an answer.
    return s.piece(text, [x for x in (w, d, h) if float(x) >= 10])


@piece("weight")
def weight(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    kg = num(s.variant["weight_kg"])
    return s.piece(f"The {s.title} weighs {kg} kg.", [kg])


@piece("fit_door")
def fit_door(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    w, d, h = _dims(s)
    door = float(c.params["door"])
    smallest = min(float(s.variant["depth_cm"]), float(s.variant["height_cm"]))
    verdict = (
        f"so on its side it should go through your {num(door)} cm doorway"
        if smallest + 2 <= door
        else f"which is more than your {num(door)} cm doorway, so it won't go through it"
    )
    return s.piece(
        f"The {s.title} is {w} cm wide, {d} cm deep and {h} cm high. Its smallest side is "
        f"{num(smallest)} cm, {verdict}; do measure stairs and tight corners too.",
        [num(smallest)],
    )


@piece("fit_space")
def fit_space(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    w, d, h = _dims(s)
    space = float(c.params["space"])
    verdict = "fits" if float(s.variant["width_cm"]) <= space else "is wider than"
    return s.piece(
        f"The {s.title} is {w} cm wide ({d} cm deep, {h} cm high), so it {verdict} your "
        f"{num(space)} cm space.",
        [w],
    )


@piece("seats")
def seats(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    if "seats_min" in s.attrs:
        lo, hi = s.attrs["seats_min"], s.attrs["seats_max"]
        leaves = int(s.attrs.get("extension_leaves", 0))
        extra = (
            f"; it extends with {leaves} extension leaf{'s' if leaves > 1 else ''}"
            if leaves
            else "; it has a fixed top with no extension leaves"
        )
        return s.piece(f"The {s.title} seats {lo} to {hi} people{extra}.", [f"{lo} to {hi}"])
    n = s.need("seats")
    return s.piece(f"The {s.title} seats {n}.", [f"seats {n}"])


@piece("bed_size")
def bed_size(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    fits = str(s.need("fits_bed")[c.market])
    size = fits.split("(")[-1].rstrip(")") if "(" in fits else fits
    return s.piece(
        f"The {s.title} is made for a {fits} bed in our {MARKET_NAME[c.market]} sizes.", [size]
    )


@piece("pocket")
def pocket(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    depth = int(s.need("pocket_depth_cm"))
    text = f"The {s.title} fits mattresses up to {depth} cm deep"
    if "mattress" in c.params:
        mine = float(c.params["mattress"])
        text += (
            f", so your {num(mine)} cm mattress is fine"
            if mine <= depth
            else f", so it won't fit your {num(mine)} cm mattress"
        )
    return s.piece(text + ".", [f"{depth} cm"])


@piece("fitting")
def fitting(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    fit = s.need("bulb_fitting")[c.market]
    watts = s.need("max_wattage")
    bulb = "a bulb is included" if s.attrs.get("bulb_included") else "no bulb is included"
    dim = "it's dimmable" if s.attrs.get("dimmable") else "it isn't dimmable"
    return s.piece(
        f"The {s.title} takes {article(fit)} {fit} bulb up to {watts} W; {bulb}, and {dim}.",
        [fit, f"{watts} W"],
    )


@piece("plug")
def plug(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    if s.attrs.get("hardwired"):
        raise PieceError("plug needs a plug-in light")
    kind = PLUGS[c.market]
    return s.piece(
        f"The {s.title} comes with a {kind} on a {num(s.need('cable_length_m'))} m cable.",
        [kind.split("(")[-1].rstrip(")")],
    )


@piece("hardwired")
def hardwired(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    if not s.attrs.get("hardwired"):
        raise PieceError("hardwired needs a hardwired light")
    ip = s.attrs.get("ip_rating", "IP20")
    return s.piece(
        f"The {s.title} is hardwired, so it must be installed by a qualified electrician; it's "
        f"rated {ip}.",
        ["electrician", ip],
    )


@piece("hob")
def hob(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    hobs = list(s.need("hob_types"))
    listed = ", ".join(hobs[:-1]) + f" and {hobs[-1]}"
    text = f"The {s.title} works on {listed} hobs"
    must_not: list[str] = []
    if "induction" not in hobs:
        text += ", but it isn't suitable for induction"
        must_not = ["works on induction"]
    out = s.piece(text + ".", ["induction" if "induction" in hobs else "gas"])
    out.must_not = must_not
    return out


@piece("oven")
def oven(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    t = s.need("oven_safe_c")
    return s.piece(f"The {s.title} is oven safe up to {t}°C.", [f"{t}°C"])


@piece("shelves")
def shelves(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    n, kg = s.need("shelves"), s.need("max_load_per_shelf_kg")
    return s.piece(
        f"The {s.title} has {n} shelves, each taking up to {kg} kg, and it must be fixed to the "
        "wall.",
        [f"{kg} kg"],
    )


@piece("mounting")
def mounting(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    fixing = str(s.need("wall_fixing"))
    return s.piece(
        f"The {s.title} hangs on {fixing}; other wall types need fixings suited to them.",
        ["keyhole"],
    )


@piece("curtain")
def curtain(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    header = s.need("header")
    lining = "blackout lined" if s.attrs.get("blackout") else "lined, but not blackout"
    return s.piece(
        f"The {s.title} have {article(header)} {header} header and are {lining}.",
        [header, "blackout"],
    )


@piece("capacity")
def capacity(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    litres = s.need("capacity_l")
    return s.piece(
        f"The {s.title} holds {num(litres)} litres and is {num(s.need('diameter_cm'))} cm across.",
        [f"{num(litres)} litres"],
    )


@piece("set_pieces")
def set_pieces(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    n = s.need("pieces")
    return s.piece(
        f"The {s.title} has {n} pieces and is dishwasher and microwave safe, and oven safe to "
        f"{s.need('oven_safe_c')}°C.",
        [f"{n} piece"],
    )
