"""Drawing a candidate's form from the bank by the blueprint: pure functions, property-tested.

`domain_counts(n, shares)` splits n items over the domains by their shares with the largest-remainder
method (ties in the order knowledge, values, skills), so the counts add up to n and each is within one
of its exact share. `assemble(pool, n, shares, seed, shuffle_options, unit_quotas)` draws exactly that
many items of each domain from the pool with `random.Random(seed)` (the pool sorted by id first, so the
same seed and pool give the same form), puts them in a shuffled order and shuffles each item's options.

With unit quotas ({unit id: count}) the form also holds exactly `count` items of each of those units;
the rest of the form (n minus the quotas) comes from items of no unit or of a unit without a quota. Both
the quotas and the domain counts are met exactly: which domain each unit's items come from is a small
transportation problem (groups → domains), solved exactly by a maximum flow, so when the draw fails no
other choice of items would have met the blueprint.
"""

import math
import random
from collections import deque
from dataclasses import dataclass, field

DOMAINS = ("knowledge", "values", "skills")
#: the group of the items outside every unit quota (no unit, or a unit without a quota)
REST = None


@dataclass(frozen=True)
class PoolItem:
    version_id: int
    domain: str
    option_count: int
    unit_id: int | None = None


@dataclass(frozen=True)
class Placement:
    position: int
    version_id: int
    order: tuple  # original option indexes in the order shown


class BankTooSmall(Exception):
    def __init__(self, shortages, units=None, conflict=False):
        #: {domain: (needed, available)}
        self.shortages = shortages
        #: {unit id, or REST for the items outside the quotas: (needed, available)}
        self.units = units or {}
        #: every domain and unit has enough items alone, but not the quotas and the domain counts together
        self.conflict = conflict
        super().__init__(shortages, self.units, conflict)


@dataclass
class _Edge:
    to: int
    capacity: int
    flow: int = 0
    back: "_Edge" = field(default=None, repr=False)


def _max_flow(nodes, source, sink, arcs):
    """Edmonds–Karp on a small graph; `arcs` [(from, to, capacity)]. Returns {(from, to): flow}."""
    graph = {node: [] for node in nodes}
    forward = {}
    for a, b, capacity in arcs:
        edge, reverse = _Edge(b, capacity), _Edge(a, 0)
        edge.back, reverse.back = reverse, edge
        graph[a].append(edge)
        graph[b].append(reverse)
        forward[(a, b)] = edge
    while True:
        parent = {source: None}
        queue = deque([source])
        while queue and sink not in parent:
            node = queue.popleft()
            for edge in graph[node]:
                if edge.to not in parent and edge.capacity - edge.flow > 0:
                    parent[edge.to] = edge
                    queue.append(edge.to)
        if sink not in parent:
            return {key: edge.flow for key, edge in forward.items()}
        path, node = [], sink
        while parent[node] is not None:
            path.append(parent[node])
            node = parent[node].back.to
        push = min(edge.capacity - edge.flow for edge in path)
        for edge in path:
            edge.flow += push
            edge.back.flow -= push


def domain_counts(n, shares):
    """{domain: count} adding up to n; `shares` {domain: percent} adding up to 100."""
    exact = {domain: n * shares.get(domain, 0) / 100 for domain in DOMAINS}
    counts = {domain: math.floor(value) for domain, value in exact.items()}
    left = n - sum(counts.values())
    by_remainder = sorted(DOMAINS, key=lambda d: (-(exact[d] - counts[d]), DOMAINS.index(d)))
    for domain in by_remainder[:left]:
        counts[domain] += 1
    return counts


def _cells(pool, n, counts, unit_quotas):
    """{(group, domain): how many to draw}: the quotas and the domain counts met together, or BankTooSmall."""
    quotas = {unit: count for unit, count in sorted(unit_quotas.items()) if count is not None}
    rest_need = n - sum(quotas.values())
    if rest_need < 0:
        raise BankTooSmall({}, {}, conflict=True)
    groups = list(quotas) + [REST]
    need = dict(quotas) | {REST: rest_need}
    stock = {(g, d): 0 for g in groups for d in DOMAINS}
    for item in pool:
        group = item.unit_id if item.unit_id in quotas else REST
        stock[(group, item.domain)] += 1
    by_domain = {d: sum(stock[(g, d)] for g in groups) for d in DOMAINS}
    shortages = {d: (counts[d], by_domain[d]) for d in DOMAINS if by_domain[d] < counts[d]}
    units = {}
    for group in groups if quotas else []:
        available = sum(stock[(group, d)] for d in DOMAINS)
        if available < need[group]:
            units[group] = (need[group], available)
    if shortages or units:
        raise BankTooSmall(shortages, units)
    nodes = ["source", "sink"] + [("g", g) for g in groups] + [("d", d) for d in DOMAINS]
    arcs = [("source", ("g", g), need[g]) for g in groups]
    arcs += [(("g", g), ("d", d), stock[(g, d)]) for g in groups for d in DOMAINS if stock[(g, d)]]
    arcs += [(("d", d), "sink", counts[d]) for d in DOMAINS]
    flows = _max_flow(nodes, "source", "sink", arcs)
    if sum(flows[("source", ("g", g))] for g in groups) < n:
        raise BankTooSmall({}, {}, conflict=True)
    return {(g, d): flows.get((("g", g), ("d", d)), 0) for g in groups for d in DOMAINS}


def assemble(pool, n, shares, seed, *, shuffle_options=True, unit_quotas=None):
    """[Placement] for one candidate. Raises BankTooSmall naming each domain (and unit) without enough
    items, or saying that the unit quotas and the domain shares cannot be met together."""
    counts = domain_counts(n, shares)
    cells = _cells(pool, n, counts, unit_quotas or {})
    quotas = {unit for unit, count in (unit_quotas or {}).items() if count is not None}
    by_cell = {}
    for item in sorted(pool, key=lambda p: p.version_id):
        group = item.unit_id if item.unit_id in quotas else REST
        by_cell.setdefault((group, item.domain), []).append(item)
    rng = random.Random(seed)
    chosen = []
    for cell in sorted(cells, key=lambda c: (c[0] is REST, c[0] or 0, DOMAINS.index(c[1]))):
        if cells[cell]:
            chosen.extend(rng.sample(by_cell[cell], cells[cell]))
    rng.shuffle(chosen)
    placements = []
    for position, item in enumerate(chosen, start=1):
        order = list(range(item.option_count))
        if shuffle_options:
            rng.shuffle(order)
        placements.append(Placement(position, item.version_id, tuple(order)))
    return placements
