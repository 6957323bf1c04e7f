"""Drawing a candidate's form from the bank by the blueprint: pure functions, property-tested.

`domain_counts(n, shares)` splits n items over the domains by their shares with the largest-remainder
method (ties in the order knowledge, values, skills), so the counts add up to n and each is within one
of its exact share. `assemble(pool, n, shares, seed, shuffle_options)` draws exactly that many items of
each domain from the pool with `random.Random(seed)` (the pool sorted by id first, so the same seed and
pool give the same form), puts them in a shuffled order and shuffles each item's options.
"""

import math
import random
from dataclasses import dataclass

DOMAINS = ("knowledge", "values", "skills")


@dataclass(frozen=True)
class PoolItem:
    version_id: int
    domain: str
    option_count: int


@dataclass(frozen=True)
class Placement:
    position: int
    version_id: int
    order: tuple  # original option indexes in the order shown


class BankTooSmall(Exception):
    def __init__(self, shortages):
        #: {domain: (needed, available)}
        self.shortages = shortages
        super().__init__(shortages)


def domain_counts(n, shares):
    """{domain: count} adding up to n; `shares` {domain: percent} adding up to 100."""
    exact = {domain: n * shares.get(domain, 0) / 100 for domain in DOMAINS}
    counts = {domain: math.floor(value) for domain, value in exact.items()}
    left = n - sum(counts.values())
    by_remainder = sorted(DOMAINS, key=lambda d: (-(exact[d] - counts[d]), DOMAINS.index(d)))
    for domain in by_remainder[:left]:
        counts[domain] += 1
    return counts


def assemble(pool, n, shares, seed, *, shuffle_options=True):
    """[Placement] for one candidate. Raises BankTooSmall naming each domain without enough items."""
    counts = domain_counts(n, shares)
    by_domain = {domain: sorted((p for p in pool if p.domain == domain), key=lambda p: p.version_id) for domain in DOMAINS}
    shortages = {d: (counts[d], len(by_domain[d])) for d in DOMAINS if len(by_domain[d]) < counts[d]}
    if shortages:
        raise BankTooSmall(shortages)
    rng = random.Random(seed)
    chosen = []
    for domain in DOMAINS:
        chosen.extend(rng.sample(by_domain[domain], counts[domain]))
    rng.shuffle(chosen)
    placements = []
    for position, item in enumerate(chosen, start=1):
        order = list(range(item.option_count))
        if shuffle_options:
            rng.shuffle(order)
        placements.append(Placement(position, item.version_id, tuple(order)))
    return placements
