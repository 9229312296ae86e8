"""Handovers: which outstanding items a body passed to which others, and who answers for them since.

Pure: imports content/ and domain/ only; never Pelican. A handover (content/handovers/) passes
the items its body still holds, outstanding the day before the handover, to the bodies its
rules name; an item chosen by no rule would be lost, and `lost_items` names it. An item keeps
its deadline (a new one comes, with its reason, as an extension), so a handover neither
erases lateness nor counts as a resolution. An item's holder is the body of its session,
then the receiving body of each handover that passed it on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..content import rules
from ..content.model import Content, Handover, HandoverRule, Item, Session
from ..content.problems import Problem
from .deadlines import DuePolicy
from .status import DEFAULT_POLICY, ItemStatus, item_status


@dataclass(frozen=True)
class Transfer:
    """One item passed on: from the handover's body to its rule's body and agency."""
    handover: Handover
    rule: HandoverRule
    previous_agency: str  # the agency answerable for it until the handover

    @property
    def date(self) -> dt.date:
        return self.handover.date


def answerable_agency(item: Item, status: ItemStatus) -> str:
    """The agency an item is listed under before any handover: where it was forwarded, else its
    own agency, else (answered on the spot) the agency of its latest counted response."""
    return status.forwarded_to or item.agency or (status.latest.agency if status.latest else "")


def choose(handover: Handover, item: Item, agency: str, commune: str) -> HandoverRule | None:
    """The rule that takes the item: one naming it, else its agency, else its commune (rules.HANDOVER_SELECTORS)."""
    keys = {"items": item.id, "agencies": agency, "communes": commune}
    for selector in rules.HANDOVER_SELECTORS:
        for rule in handover.rules:
            if keys[selector] and keys[selector] in getattr(rule, selector):
                return rule
    return None


def _passed(content: Content, policy: DuePolicy):
    """(handover, item, its session, the agency answerable until then, the rule or None) for every
    item a handover's body held, outstanding the day before the handover, in date order."""
    holder: dict[str, str] = {}  # item id -> the body holding it after the handovers so far
    agency_now: dict[str, str] = {}
    for handover in content.handovers:
        eve = handover.date - dt.timedelta(days=1)
        for session in content.sessions:
            if session.date > eve:
                break  # sessions are in date order
            for item in session.items:
                if holder.get(item.id, session.body) != handover.source_body:
                    continue
                status = item_status(item, session.date, eve, policy)
                if not status.outstanding:
                    continue
                agency = agency_now.get(item.id) or answerable_agency(item, status)
                rule = choose(handover, item, agency, session.commune)
                if rule is not None:
                    holder[item.id], agency_now[item.id] = rule.to, rule.agency
                yield handover, item, session, agency, rule


def transfers(content: Content, policy: DuePolicy = DEFAULT_POLICY) -> dict[str, list[Transfer]]:
    """Item id -> the handovers that passed it on, oldest first."""
    found: dict[str, list[Transfer]] = {}
    for handover, item, _session, agency, rule in _passed(content, policy):
        if rule is not None:
            found.setdefault(item.id, []).append(Transfer(handover, rule, agency))
    return found


def lost_items(content: Content, policy: DuePolicy = DEFAULT_POLICY) -> list[Problem]:
    """An outstanding item a handover's rules pass to no one: one problem per handover, naming them."""
    lost: dict[str, list[tuple[Item, Session]]] = {}
    handovers = {}
    for handover, item, session, _agency, rule in _passed(content, policy):
        if rule is None:
            lost.setdefault(handover.id, []).append((item, session))
            handovers[handover.id] = handover
    problems = []
    for handover_id, found in lost.items():
        handover = handovers[handover_id]
        named = ", ".join(repr(item.id) for item, _ in found[:5]) + (", …" if len(found) > 5 else "")
        communes = sorted({session.commune for _, session in found if session.commune})
        hint = f"communes: {', '.join(communes)}" if communes else "items"
        problems.append(Problem(handover.source, 0, "rules",
                                f"{len(found)} outstanding item(s) of {handover.source_body!r} are handed to no one "
                                f"(got no rule for {named}; expected a rule that takes them by items, agencies "
                                f"or communes, e.g. {hint})"))
    return problems
