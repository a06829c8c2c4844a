"""Exception rules (no Qt): the built-in rules and their settings, the runner that evaluates them in the
store (incrementally during a sync, or over the whole store), and the ranking behind the Exceptions view."""

from ows_desktop.rules.definitions import RULE_DEFAULTS, RULES, RULES_BY_ID, Param, Rule, RuleConfig
from ows_desktop.rules.peers import METHOD, METHOD_TEXT, MIN_TICKETS, PeerFigure
from ows_desktop.rules.ranking import Ranking, RankingRow, rank_exceptions
from ows_desktop.rules.runner import RuleRunner, RulesNewerError, RunStats

__all__ = [
    "METHOD",
    "METHOD_TEXT",
    "MIN_TICKETS",
    "RULES",
    "RULES_BY_ID",
    "RULE_DEFAULTS",
    "Param",
    "PeerFigure",
    "Ranking",
    "RankingRow",
    "Rule",
    "RuleConfig",
    "RuleRunner",
    "RulesNewerError",
    "RunStats",
    "rank_exceptions",
]
