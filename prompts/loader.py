"""Reply templates as data: `prompts/templates/*.toml`, one file per intent family.

Each file has a top-level `version = N` and tables of named templates:

    version = 1
    [order_status]
    in_transit = "Your order {order_ref} is on its way."

The template `in_transit` in table `order_status` is addressed as "order_status.in_transit" and
identified in drafts as "order_status.in_transit@v1". Slots are `{name}` fields; a literal brace
is written `{{`. Everything that can go wrong with a template file (bad TOML, a missing version,
a slot the code does not fill) raises a `TemplateError` when the book is loaded and checked, so
a broken edit fails at start-up and in tests, never in front of a customer.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


class TemplateError(Exception):
    """A template file or a template use is wrong; the message names the file and key."""


class TemplateFileError(TemplateError):
    """A file could not be read as a template file (TOML syntax, version, shape)."""


class TemplateSlotError(TemplateError):
    """A template uses a slot the code does not fill, or a render lacked a slot."""


@dataclass(frozen=True)
class Template:
    key: str  # "order_status.in_transit"
    version: int
    text: str
    slots: frozenset[str]
    source: str  # the file it came from, for error messages

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def template_id(self) -> str:
        return f"{self.key}@v{self.version}"

    def render(self, values: Mapping[str, str]) -> str:
        missing = self.slots - values.keys()
        if missing:
            raise TemplateSlotError(
                f"{self.source}: template {self.key} needs slot(s) {', '.join(sorted(missing))}"
            )
        return self.text.format_map({name: values[name] for name in self.slots})


@dataclass(frozen=True)
class TemplateBook:
    templates: Mapping[str, Template]

    def get(self, key: str) -> Template:
        template = self.templates.get(key)
        if template is None:
            raise TemplateError(f"no template {key!r} in {TEMPLATES_DIR}")
        return template

    def has(self, key: str) -> bool:
        return key in self.templates

    def render(self, key: str, values: Mapping[str, str]) -> str:
        return self.get(key).render(values)

    def check_contract(self, section_slots: Mapping[str, Collection[str]]) -> None:
        """Fail unless every template's section is known and uses only the slots the code
        fills for that section; run once at load so an edit that breaks this fails early."""
        problems = []
        for template in self.templates.values():
            allowed = section_slots.get(template.section)
            if allowed is None:
                problem = f"{template.source}: section [{template.section}] is not used"
                if problem not in problems:
                    problems.append(problem)
                continue
            unknown = template.slots - set(allowed)
            if unknown:
                problems.append(
                    f"{template.source}: {template.key} uses unknown slot(s) "
                    f"{', '.join(sorted(unknown))} (allowed: {', '.join(sorted(allowed))})"
                )
        if problems:
            raise TemplateSlotError("; ".join(problems))


def _slots_of(text: str, *, where: str) -> frozenset[str]:
    names = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:  # an unmatched brace
        raise TemplateSlotError(f"{where}: {exc}") from exc
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        # Only plain names: "{0}", "{a.b}", "{x!r}" or "{x:>5}" would hide formatting in data.
        if not field.isidentifier() or spec or conversion:
            raise TemplateSlotError(f"{where}: slot {{{field}}} must be a plain name")
        names.add(field)
    return frozenset(names)


def parse_templates(text: str, *, name: str) -> list[Template]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateFileError(f"{name}: not valid TOML ({exc})") from exc
    version = data.pop("version", None)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TemplateFileError(f"{name}: needs a top-level `version = N` (a positive integer)")
    templates = []
    for section, table in data.items():
        if not isinstance(table, dict):
            raise TemplateFileError(f"{name}: `{section}` must be a [table] of templates")
        for key, value in table.items():
            where = f"{name}: {section}.{key}"
            if not isinstance(value, str) or not value.strip():
                raise TemplateFileError(f"{where} must be a non-empty string")
            body = " ".join(value.split())  # multi-line TOML strings read as one paragraph
            templates.append(
                Template(
                    key=f"{section}.{key}",
                    version=version,
                    text=body,
                    slots=_slots_of(body, where=where),
                    source=name,
                )
            )
    return templates


def load_templates(directory: Path = TEMPLATES_DIR) -> TemplateBook:
    templates: dict[str, Template] = {}
    paths = sorted(directory.glob("*.toml"))
    if not paths:
        raise TemplateFileError(f"no template files (*.toml) in {directory}")
    for path in paths:
        for template in parse_templates(path.read_text(encoding="utf-8"), name=path.name):
            if template.key in templates:
                other = templates[template.key].source
                raise TemplateFileError(
                    f"{path.name}: {template.key} is already defined in {other}"
                )
            templates[template.key] = template
    return TemplateBook(templates)
