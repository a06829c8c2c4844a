"""The built-in exception rules: id, title, weight, parameters, and their settings.

Settings keys (all optional; read from an injected mapping, never from settings.py's DEFAULTS)::

    rules/<rule id>/enabled   bool   the rule runs (default True)
    rules/<rule id>/weight    float  how much one exception counts in the Exceptions ranking
    rules/<rule id>/<param>   per rule, see RULES (e.g. rules/void_then_no_sale/seconds = 60)

:data:`RULE_DEFAULTS` lists every key with its default. A value that cannot be read falls back to the
default and is reported in :attr:`RuleConfig.problems` (a hand-edited ini file must not stop a sync)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP
from ows_desktop.store.zones import parse_zone


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    description: str


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    weight: float
    description: str
    params: tuple[Param, ...] = ()

    def default_params(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}


RULES: tuple[Rule, ...] = (
    Rule("line_void", QT_TRANSLATE_NOOP("rules", "Line void"), 1, QT_TRANSLATE_NOOP("rules", "Lines voided on a ticket that went through."),
         (Param("min_lines", 1, QT_TRANSLATE_NOOP("rules", "voided lines needed on one ticket")),)),
    Rule("ticket_void", QT_TRANSLATE_NOOP("rules", "Whole-ticket void"), 2,
         QT_TRANSLATE_NOOP("rules", "The whole ticket voided before tender (status void, or every line voided).")),
    Rule("post_void", QT_TRANSLATE_NOOP("rules", "Post void"), 4, QT_TRANSLATE_NOOP("rules", "A ticket voided after it was tendered (status post void, or void with tenders).")),
    Rule("refund", QT_TRANSLATE_NOOP("rules", "Refund / return"), 1, QT_TRANSLATE_NOOP("rules", "A refund or return ticket, or refunded lines on a ticket.")),
    Rule("refund_unmatched", QT_TRANSLATE_NOOP("rules", "Refund without a sale"), 3,
         QT_TRANSLATE_NOOP("rules", "A refunded item (by SKU) that was not sold in the days before."),
         (Param("days", 30, QT_TRANSLATE_NOOP("rules", "how far back to look for the sale, in days")),
          Param("same_location", True, QT_TRANSLATE_NOOP("rules", "the sale must be at the same store")))),
    Rule("no_sale", QT_TRANSLATE_NOOP("rules", "No-sale drawer open"), 1, QT_TRANSLATE_NOOP("rules", "The cash drawer opened without a sale.")),
    Rule("void_then_no_sale", QT_TRANSLATE_NOOP("rules", "Void then no-sale"), 5,
         QT_TRANSLATE_NOOP("rules", "A no-sale on the register where a void ended shortly before (the classic cash theft pattern)."),
         (Param("seconds", 60, QT_TRANSLATE_NOOP("rules", "longest gap between the void's end and the no-sale, in seconds")),)),
    Rule("discount_percent", QT_TRANSLATE_NOOP("rules", "Large discount"), 2,
         QT_TRANSLATE_NOOP("rules", "Discounts above a share of the pre-discount value of the ticket's items."),
         (Param("percent", 35.0, QT_TRANSLATE_NOOP("rules", "threshold in % of the subtotal before discounts (strictly above)")),)),
    Rule("discount_self_approved", QT_TRANSLATE_NOOP("rules", "Self-approved discount"), 3,
         QT_TRANSLATE_NOOP("rules", "A discount approved by the same operator who applied it.")),
    Rule("whole_dollar_cash", QT_TRANSLATE_NOOP("rules", "Whole-dollar cash sale"), 1,
         QT_TRANSLATE_NOOP("rules", "A cash-only sale whose total is an exact number of dollars."),
         (Param("min_total", 1.0, QT_TRANSLATE_NOOP("rules", "smallest total that counts")),)),
    Rule("price_override", QT_TRANSLATE_NOOP("rules", "Price override"), 2, QT_TRANSLATE_NOOP("rules", "A line sold below its original price."),
         (Param("min_reduction_percent", 0.0, QT_TRANSLATE_NOOP("rules", "smallest reduction that counts, in % of the original price (0: any)")),)),
    Rule("outside_hours", QT_TRANSLATE_NOOP("rules", "Outside opening hours"), 2,
         QT_TRANSLATE_NOOP("rules", "A ticket rung up outside the store's opening hours, in the store's local time."),
         (Param("hours", "07:00-22:00", QT_TRANSLATE_NOOP("rules", "default opening hours, HH:MM-HH:MM (closing after midnight is allowed, 00:00-24:00 = always open)")),
          Param("location_hours", "", QT_TRANSLATE_NOOP("rules", "per store: LOCATION=HH:MM-HH:MM; LOCATION=…")),
          Param("timezone", "", QT_TRANSLATE_NOOP("rules", "zone for tickets that carry no UTC offset and whose store's offset is unknown: an IANA name, +HH:MM, UTC, or empty for this workstation's zone")),
          Param("location_timezones", "", QT_TRANSLATE_NOOP("rules", "per store: LOCATION=zone; LOCATION=…")))),
)  # fmt: skip
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
# Raised when a rule's SQL finds differently with the same parameters: 2 — outside_hours no longer dates a
# ticket without start or end by the time it was stored; 3 — nor does void_then_no_sale (2026-12-07).
RULES_LOGIC = 3
# Fingerprints from logic 3 on start with the logic ("3:…"), so a workstation can tell findings of a newer
# version's logic (which it cannot make again) from findings of other settings; before, a bare hash.
_BARE_UNTIL = 3

# What a store's findings were made with, against a workstation's rules (RuleConfig.findings_made).
FINDINGS_NONE, FINDINGS_SAME, FINDINGS_OTHER, FINDINGS_NEWER = "none", "same", "other", "newer"


def _key(rule_id: str, name: str) -> str:
    return f"rules/{rule_id}/{name}"


RULE_DEFAULTS: dict[str, Any] = {}
for _rule in RULES:
    RULE_DEFAULTS[_key(_rule.id, "enabled")] = True
    RULE_DEFAULTS[_key(_rule.id, "weight")] = float(_rule.weight)
    for _param in _rule.params:
        RULE_DEFAULTS[_key(_rule.id, _param.name)] = _param.default


@dataclass(frozen=True)
class RuleConfig:
    """Which rules run, their weights and parameters (validated). Build with :meth:`from_settings`."""

    enabled: tuple[str, ...] = tuple(rule.id for rule in RULES)
    weights: Mapping[str, float] = field(default_factory=lambda: {r.id: float(r.weight) for r in RULES})
    params: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: {r.id: r.default_params() for r in RULES}
    )
    problems: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, values: Mapping[str, Any] | None = None) -> RuleConfig:
        """Overrides from a mapping of settings keys (see the module docstring); missing keys keep their
        defaults, unreadable values fall back to them and are listed in ``problems``."""
        values = values or {}
        problems: list[str] = []
        enabled: list[str] = []
        weights: dict[str, float] = {}
        params: dict[str, dict[str, Any]] = {}
        for rule in RULES:
            if _coerce(values, _key(rule.id, "enabled"), True, problems):
                enabled.append(rule.id)
            weights[rule.id] = max(
                0.0, _coerce(values, _key(rule.id, "weight"), float(rule.weight), problems)
            )
            params[rule.id] = {
                p.name: _coerce(values, _key(rule.id, p.name), p.default, problems) for p in rule.params
            }
        hours = params["outside_hours"]
        for name, check in (
            ("hours", parse_hours),
            ("timezone", parse_zone),
            ("location_hours", lambda text: parse_location_map(text, parse_hours)),
            ("location_timezones", lambda text: parse_location_map(text, parse_zone)),
        ):
            try:
                check(hours[name])
            except ValueError as exc:
                problems.append(f"{_key('outside_hours', name)}: {exc} Using the default.")
                hours[name] = RULES_BY_ID["outside_hours"].default_params()[name]
        return cls(tuple(enabled), weights, params, tuple(problems))

    @classmethod
    def from_backend(cls, backend: Any) -> RuleConfig:
        """From a QSettings-like object (``value(key, default)``), e.g. ``AppSettings.backend``."""
        return cls.from_settings({key: backend.value(key, None) for key in RULE_DEFAULTS})

    def weight(self, rule_id: str) -> float:
        return float(
            self.weights.get(rule_id, RULES_BY_ID[rule_id].weight if rule_id in RULES_BY_ID else 1.0)
        )

    def sql_params(self) -> dict[str, dict[str, Any]]:
        """Enabled rule id → the parameters its SQL takes (store/rule_sql.py)."""
        out: dict[str, dict[str, Any]] = {}
        for rule_id in self.enabled:
            params = dict(self.params[rule_id])
            if rule_id == "outside_hours":
                open_min, close_min = parse_hours(params["hours"])
                params = {
                    "open_min": open_min,
                    "close_min": close_min,
                    "zone": parse_zone(params["timezone"]),
                    "location_hours": parse_location_map(params["location_hours"], parse_hours),
                    "location_zones": parse_location_map(params["location_timezones"], parse_zone),
                }
            out[rule_id] = params
        return out

    def fingerprint(self) -> str:
        """Changes exactly when the results would (weights do not change results): the parameters, and
        :data:`RULES_LOGIC` (a store's findings of an earlier logic are found again), written first."""
        return f"{RULES_LOGIC}:{self._hash(RULES_LOGIC)}"

    def _hash(self, logic: int) -> str:
        text = json.dumps([logic, self.sql_params()], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def findings_made(self, stored: str | None) -> str:
        """What a store's findings (its recorded ``stored`` fingerprint) were made with, against these rules:
        :data:`FINDINGS_SAME`, :data:`FINDINGS_OTHER` (other settings or an earlier logic: found again by a
        re-run), :data:`FINDINGS_NEWER` (a newer OWS Desktop's logic, on a team store: a re-run here would
        replace them with an older logic's) or :data:`FINDINGS_NONE` (never run)."""
        if stored is None:
            return FINDINGS_NONE
        logic, colon, _hash = stored.partition(":")
        if not colon:  # a bare hash: logic 3 or earlier
            same = RULES_LOGIC == _BARE_UNTIL and stored == self._hash(_BARE_UNTIL)
            return FINDINGS_SAME if same else FINDINGS_OTHER
        if logic.isdigit() and int(logic) > RULES_LOGIC:
            return FINDINGS_NEWER
        return FINDINGS_SAME if stored == self.fingerprint() else FINDINGS_OTHER


_UNREADABLE_HOURS = QT_TRANSLATE_NOOP(
    "rules", "Cannot read opening hours {text}; write them like 07:00-22:00."
)


def parse_hours(text: str) -> tuple[int, int]:
    """``"07:00-22:00"`` → (420, 1320) minutes; ``"7-22"`` and ``"22:00-06:00"`` (overnight) work too."""
    value = str(text).strip().replace("–", "-").replace(" ", "")
    parts = value.split("-")
    if len(parts) != 2:
        raise ValueError(_UNREADABLE_HOURS.format(text=repr(text)))
    return _minute(parts[0], text), _minute(parts[1], text)


def _minute(part: str, text: str) -> int:
    hours, _, minutes = part.partition(":")
    if not hours.isdigit() or (minutes and not minutes.isdigit()):
        raise ValueError(_UNREADABLE_HOURS.format(text=repr(text)))
    value = int(hours) * 60 + (int(minutes) if minutes else 0)
    if value > 24 * 60 or (minutes and int(minutes) >= 60):
        raise ValueError(
            QT_TRANSLATE_NOOP("rules", "Opening hours {text} are out of range (00:00 to 24:00).").format(
                text=repr(text)
            )
        )
    return value


def parse_location_map(text: str, parse: Any) -> dict[str, Any]:
    """``"S012=07:00-22:00; S027=08:00-21:00"`` (``;`` or new lines between entries) → {location: parsed}."""
    out: dict[str, Any] = {}
    for entry in str(text or "").replace("\n", ";").split(";"):
        if not entry.strip():
            continue
        location, sep, value = entry.rpartition("=")
        if not sep or not location.strip():
            raise ValueError(
                QT_TRANSLATE_NOOP(
                    "rules", "Cannot read {entry}; write LOCATION=VALUE entries separated by ';'."
                ).format(entry=repr(entry.strip()))
            )
        out[location.strip()] = parse(value.strip())
    return out


def _coerce(values: Mapping[str, Any], key: str, default: Any, problems: list[str]) -> Any:
    raw = values.get(key)
    if raw is None:
        return default
    try:
        if isinstance(default, bool):
            if isinstance(raw, bool):
                return raw
            word = str(raw).strip().lower()
            if word in ("1", "true", "yes", "on"):
                return True
            if word in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if isinstance(default, int):
            return int(str(raw).strip()) if not isinstance(raw, int | float) else int(raw)
        if isinstance(default, float):
            number = float(raw)
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError(raw)
            return number
        return str(raw)
    except (TypeError, ValueError):
        problems.append(f"{key}: cannot read {raw!r}; using the default {default!r}.")
        return default
