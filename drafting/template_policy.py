"""Quoting a policy section briefly: the one or two sentences that answer the question.

A policy fact carries a whole section of markdown. The drafter quotes it word for word (so
every number in the quote is the policy's own) but only the sentences that best match the
customer's words, the intent's topic and the customer's market. Sentences that promise money
or goods are never quoted: whether a remedy applies is a person's decision.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence

from drafting.promises import find_promises
from tools.facts import Fact

TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")
LIST_ITEM = re.compile(r"^(?:[-*]|\d+\.)\s+")
# "- **Card:** 3 to 5 business days": an item that names what it is about reads on its own.
LABELLED_ITEM = re.compile(r"^(?:[-*]|\d+\.)\s+\*\*[^*]+:\*\*")
# "**UK and Germany:** prices include VAT. Your VAT invoice is ...": every sentence of a
# paragraph that opens with a market label is that market's rule.
PARAGRAPH_LABEL = re.compile(r"^\*\*([^*]+):\*\*")
Sentence = tuple[str, frozenset[str]]  # the sentence, and the markets its paragraph is about
SENTENCE_SPLIT = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9\"“(])")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d+")
MARKET_WORDS = {
    "UK": re.compile(r"\bUK\b(?! time)"),  # "8am to 8pm UK time" is a clock, not a market
    "US": re.compile(r"\bUS\b"),
    "DE": re.compile(r"\bGerman(?:y)?\b"),
}
# What a customer needs from a rule, as kinds a quote can be asked to include: a time frame
# ("within 2 business days", "45 days") or an amount ("£6.95", "free").
NEEDS = {
    "span": re.compile(
        r"\b\d+(?:\s*(?:to|-|–|or)\s*\d+)?[\s-]+(?:business[\s-]+|working[\s-]+)?"
        r"(?:days?|hours?|weeks?)\b",
        re.I,
    ),
    "money": re.compile(r"[£$€]\s?\d|\bfree\b", re.I),
    "phone number": re.compile(r"\+?\d[\d ]{7,}\d"),
}
# A bold label inside a sentence names what to click or where to look ("choose **Forgot
# password**", "go to **Orders**"): the step a how-to answer cannot leave out.
UI_LABEL = re.compile(r"(?<!^)(?<![-*]\s)\*\*[^*:]+\*\*(?!:)")
# fmt: off
STOPWORDS = frozenset((
    "the", "and", "for", "you", "your", "our", "are", "can", "with", "this", "that", "have",
    "has", "was", "were", "will", "would", "from", "what", "when", "how", "into", "they", "them",
    "their", "there", "about", "just", "please", "its", "it's", "any", "all", "more", "than",
    "then", "but", "not", "out", "get", "got", "been", "being", "which", "who", "whom", "does",
    "did", "doing", "also",
))
# fmt: on
# German customers name VAT "MwSt" (Mehrwertsteuer) or "Umsatzsteuer".
SHORT_FORMS = {
    "amex": "American Express",
    "mwst": "VAT tax",
    "mehrwertsteuer": "VAT tax",
    "umsatzsteuer": "VAT tax",
}
SHORT_FORM = re.compile(r"\b(?:" + "|".join(SHORT_FORMS) + r")\b", re.IGNORECASE)


def stems(text: str) -> set[str]:
    """The five-letter stems of a text's words, stopwords left out; short forms customers use
    read as the words the policies use ("amex": American Express)."""
    return {
        w.lower()[:5]
        for w in WORD.findall(SHORT_FORM.sub(lambda m: SHORT_FORMS[m.group(0).lower()], text))
        if len(w) > 2 and w.lower() not in STOPWORDS and not w.isdigit()
    }


def _table_row(cells: list[str], header: list[str]) -> str:
    if not header or len(cells) != len(header):
        return ", ".join(cells) + "."
    if len(cells) == 2:  # "| Card | 3 to 5 business days |" reads fine without its header
        return f"{cells[0]}: {cells[1]}."
    pairs = [
        f"{_header_word(h)} {_cell_word(c)}" for h, c in zip(header[1:], cells[1:], strict=True)
    ]
    return f"{cells[0]}: {', '.join(pairs)}."


def _header_word(heading: str) -> str:
    """A column heading mid-sentence: "UK" and "Germany" keep their capitals, "Fee" does not."""
    return heading if any(p.fullmatch(heading) for p in MARKET_WORDS.values()) else heading.lower()


def _cell_word(cell: str) -> str:
    """A table's "Yes" and "No" read mid-sentence ("Bank transfer: UK no, Germany yes.")."""
    return cell.lower() if cell in ("Yes", "No") else cell


def _is_fragment(item: str, labelled: bool = False) -> bool:
    """A list item that only makes sense after its introduction ("you can change: the
    delivery address; the delivery date..."), as opposed to a sentence, a market's row or a
    labelled row ("Card: 3 to 5 business days")."""
    if item[-1] in ".?!" or labelled:
        return False
    label = item.partition(":")[0]
    return not any(pattern.fullmatch(label) for pattern in MARKET_WORDS.values())


def not_offered_in(text: str, market: str | None) -> list[str]:
    """The rows of a section's table that say "No" in the market's column, by their first cell
    without its bracket ("Bank transfer" of "| Bank transfer | No | No | Yes |"): what the
    customer's market does not offer. Empty without a table or a market column."""
    header: list[str] = []
    column: int | None = None
    found: list[str] = []
    for raw in text.splitlines():
        line = raw.replace("**", "").strip()
        if not line.startswith("|"):
            header, column = [], None  # a table ends where its rows do
            continue
        if TABLE_RULE.match(line):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if not header:
            header = cells
            pattern = MARKET_WORDS.get(market or "")
            column = next(
                (i for i, h in enumerate(cells) if pattern is not None and pattern.search(h)),
                None,
            )
            continue
        if column is not None and column < len(cells) and cells[column].lower() == "no":
            found.append(re.sub(r"\s*\(.*?\)", "", cells[0]).strip())
    return found


def markets_in(text: str) -> frozenset[str]:
    return frozenset(m for m, pattern in MARKET_WORDS.items() if pattern.search(text))


def sentences(text: str) -> list[str]:
    """The section as plain sentences: markdown emphasis dropped; table rows and complete
    list items become sentences of their own; fragment items join their introduction."""
    return [sentence for sentence, _markets in labelled_sentences(text)]


def labelled_sentences(text: str) -> list[Sentence]:
    """`sentences`, each with the markets of the paragraph label it sits under (if any)."""
    out: list[str] = []
    inherited: dict[int, frozenset[str]] = {}
    header: list[str] = []
    intro: int | None = None  # index of a sentence ending in ":" that fragments continue
    for raw in text.splitlines():
        labelled = bool(LABELLED_ITEM.match(raw.strip()))
        line = raw.replace("**", "").strip()
        if not line or line.startswith("#") or TABLE_RULE.match(line):
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not header:
                header = cells
            else:
                out.append(_table_row(cells, header))
            continue
        header = []
        if LIST_ITEM.match(line):
            item = LIST_ITEM.sub("", line).rstrip(";,")
            if intro is not None and _is_fragment(item, labelled):
                joiner = " " if out[intro].endswith(":") else "; "
                out[intro] = f"{out[intro]}{joiner}{item}"
                continue
            # An item of several sentences is quoted sentence by sentence, like a paragraph.
            out.extend(p.strip() for p in SENTENCE_SPLIT.split(item) if p.strip())
            if out[-1][-1] not in ".?!:":
                out[-1] += "."
            continue
        intro = None
        label = PARAGRAPH_LABEL.match(raw.strip())
        markets = markets_in(label.group(1)) if label else frozenset()
        for part in SENTENCE_SPLIT.split(line):
            part = part.strip()
            if part:
                if markets:
                    inherited[len(out)] = markets
                out.append(part if part[-1] in ".?!:;" else f"{part}.")
        if out and out[-1].endswith(":"):
            intro = len(out) - 1
    # A joined list ends where the section's next sentence begins.
    return [
        (s if s[-1] in ".?!:" else f"{s}.", inherited.get(i, frozenset()))
        for i, s in enumerate(out)
    ]


def _score(
    sentence: str, wanted: set[str], market: str | None, inherited: frozenset[str] = frozenset()
) -> float:
    too_short = len(sentence.split()) < 4 and ":" not in sentence
    if sentence.endswith(":") or sentence[0].islower() or too_short or find_promises(sentence):
        return -1.0
    found = stems(sentence)
    # Matched words over the square root of length: a short rule that matches beats a long
    # paragraph that happens to share more words.
    score: float = len(found & wanted) / math.sqrt(max(len(found), 1))
    markets = markets_in(sentence) or inherited
    if market and markets:
        if market not in markets:
            return -1.0  # another market's rule would mislead
        if score > 0 and markets == {market}:
            score += 0.5
    return score


def ui_labels(text: str) -> set[str]:
    """The buttons and pages a section names in bold mid-sentence ("Forgot password")."""
    return {
        m.group(0).strip("*") for line in text.splitlines() for m in UI_LABEL.finditer(line.strip())
    }


def _meets(sentence: str, need: str, labels: set[str]) -> bool:
    if need == "step":
        return any(re.search(rf"\b{re.escape(label)}\b", sentence) for label in labels)
    return bool(NEEDS[need].search(sentence))


def quote_sentences(
    fact: Fact,
    *,
    message: str,
    market: str | None,
    hints: Sequence[str] = (),
    limit: int = 2,
    needs: Sequence[str] = (),
    exclude: Sequence[str] = (),
    already_quoted: Collection[str] = (),
) -> list[str]:
    """Up to `limit` sentences of the section, in the section's own order, best match first
    chosen; [] when nothing in the section can be quoted safely. Each of `needs` ("span",
    "money", "step") that some usable sentence meets is met by the best such sentence, even
    beyond `limit`: a rule quoted without its number or its step does not answer anything.
    Sentences starting with one of `exclude` (another payment method's row, say) are left out,
    and so are those the reply has quoted already (two sections of one policy often share a
    sentence, and a reply that quotes it twice reads like a form letter)."""
    raw = str(fact.data.get("text") or fact.masked_text)
    labelled = labelled_sentences(raw)
    candidates = [sentence for sentence, _markets in labelled]
    wanted = stems(message) | stems(" ".join(hints))
    scored = [
        (
            i,
            -1.0
            if s.startswith(tuple(exclude)) or s in already_quoted
            else _score(s, wanted, market, m),
        )
        for i, (s, m) in enumerate(labelled)
    ]
    usable = [(i, score) for i, score in scored if score >= 0]
    if not usable:
        return []
    ranked = sorted(usable, key=lambda item: (-item[1], item[0]))
    labels = ui_labels(raw) if "step" in needs else set()
    chosen: list[int] = []
    for need in needs:
        if any(_meets(candidates[i], need, labels) for i in chosen):
            continue
        found = next((i for i, _ in ranked if _meets(candidates[i], need, labels)), None)
        if found is not None:
            chosen.append(found)
    for i, score in ranked:
        if len(chosen) >= limit:
            break
        if i not in chosen and (not chosen or score > 0):
            chosen.append(i)
    return [candidates[i] for i in sorted(chosen)]
