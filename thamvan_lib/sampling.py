"""How many people to ask, how to share them among communes, and what the answers are worth.

Plain functions for the survey part of a consultation: Cochran's sample size,
the margin of error of a sample, allocation of a sample to strata (communes,
xã/phường), design weights and Kish's effective sample size. Every bad input
raises ``KitError`` with a message in Vietnamese and English; the texts are in
``content/messages/sampling.yaml``.

Proportions are written as decimals everywhere: 5% is 0.05, 95% is 0.95.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from statistics import NormalDist

from .errors import KitError

METHODS = ("proportional", "sqrt", "equal", "neyman")


# --- checking inputs ---------------------------------------------------------
# A notebook user may type "100" (a string) or True where a number is meant;
# Python would quietly accept True as 1, and a string fails deep inside a
# formula, so both are refused up front with a message naming the argument.

def _number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise KitError("sampling.error.not_a_number", name=name, value=repr(value))
    return value


def _count(name: str, value) -> int:
    """A number of people: an int, or a float with nothing after the point (1000.0)."""
    value = _number(name, value)
    if isinstance(value, float):
        if not value.is_integer():
            raise KitError("sampling.error.not_whole", name=name, value=repr(value))
        value = int(value)
    return value


def _population(population) -> int | None:
    if population is None:
        return None
    population = _count("population", population)
    if population <= 0:
        raise KitError("sampling.error.population_not_positive", population=population)
    return population


def _confidence(confidence) -> float:
    confidence = _number("confidence", confidence)
    if not 0 < confidence < 1:
        raise KitError("sampling.error.confidence_out_of_range", confidence=confidence)
    return confidence


def _proportion(proportion) -> float:
    proportion = _number("proportion", proportion)
    if not 0 <= proportion <= 1:
        raise KitError("sampling.error.proportion_out_of_range", proportion=proportion)
    return proportion


def _strata(strata) -> dict[str, int]:
    if not isinstance(strata, Mapping) or not strata:
        raise KitError("sampling.error.strata_empty")
    checked = {}
    for name, size in strata.items():
        size = _count(f"strata[{name!r}]", size)
        if size < 0:
            raise KitError("sampling.error.stratum_negative", stratum=name, population=size)
        checked[name] = size
    return checked


# --- sample size and margin of error -----------------------------------------

def z_value(confidence: float = 0.95) -> float:
    """The normal quantile for a two-sided ``confidence`` level.

    95% of a normal curve lies within 1.96 standard errors of the middle:

    >>> round(z_value(0.95), 4), round(z_value(0.99), 4)
    (1.96, 2.5758)
    """
    confidence = _confidence(confidence)
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def sample_size(population: int | None, margin: float = 0.05, confidence: float = 0.95,
                proportion: float = 0.5) -> int:
    """How many people to ask so the margin of error is at most ``margin`` (Cochran).

    ``population=None`` means very large or unknown. ``proportion=0.5`` is the
    safe choice when you do not know the answer in advance: it gives the
    largest sample.

    >>> sample_size(None)                  # a whole province: 384.1… people, rounded up
    385
    >>> sample_size(1000)                  # a commune of 1,000 households needs fewer
    278
    >>> sample_size(None, margin=0.03)     # a smaller margin costs many more people
    1068

    Percentages are written as decimals; 5 meant as 5% is refused, with the reason:

    >>> try:
    ...     sample_size(1000, margin=5)
    ... except KitError as err:
    ...     print(err.text("en"))
    The margin of error must be greater than 0 and less than 1, written as a decimal: 5% is 0.05. Got 5.
    """
    population = _population(population)
    margin = _number("margin", margin)
    if not 0 < margin < 1:
        raise KitError("sampling.error.margin_out_of_range", margin=margin)
    z, p = z_value(confidence), _proportion(proportion)
    n = z * z * p * (1 - p) / margin ** 2
    if population is not None and n > 0:  # (n = 0 with N = 1 would divide by zero)
        n = n / (1 + (n - 1) / population)  # finite-population correction
    # Round to 9 decimals first so float noise such as 384.0000000001 does not add a person.
    # At least one person (p = 0 or 1 gives 0), and nobody beyond the population.
    n = max(math.ceil(round(n, 9)), 1)
    return n if population is None else min(n, population)


def margin_of_error(n: int, population: int | None = None, confidence: float = 0.95,
                    proportion: float = 0.5) -> float:
    """The margin of error of a share measured on a simple random sample of ``n`` people.

    >>> round(margin_of_error(400), 3)         # 400 people: about ±4.9 percentage points
    0.049
    >>> round(margin_of_error(400, 1000), 3)   # smaller when they are 40% of everyone
    0.038
    >>> margin_of_error(1000, 1000)            # asking everyone leaves no sampling error
    0.0
    """
    n = _count("n", n)
    if n <= 0:
        raise KitError("sampling.error.n_not_positive", n=n)
    population = _population(population)
    if population is not None and n > population:
        raise KitError("sampling.error.n_above_population", n=n, population=population)
    z, p = z_value(confidence), _proportion(proportion)
    if n == population:
        return 0.0  # a census: everyone was asked (and N - 1 may be 0)
    fpc = 1.0 if population is None else math.sqrt((population - n) / (population - 1))
    return z * math.sqrt(p * (1 - p) / n) * fpc


# --- allocation to strata -----------------------------------------------------

def allocate(strata: dict[str, int], n: int, method: str = "proportional",
             sd: dict[str, float] | None = None) -> dict[str, int]:
    """Share a sample of ``n`` people among strata (communes), adding up to exactly ``n``.

    - ``"proportional"``: each commune in proportion to its population;
    - ``"sqrt"``: in proportion to the square root of population, a compromise: small communes
      get enough people to be compared, large ones still get more (weights are then needed
      for figures of the whole scope);
    - ``"equal"``: the same number in each commune (good for comparing them);
    - ``"neyman"``: more where answers vary more, in proportion to population × ``sd``.

    >>> communes = {"Phường Hòa Minh": 6000, "Xã An Bình": 3000, "Xã Tân Phú": 1000}
    >>> allocate(communes, 300)
    {'Phường Hòa Minh': 180, 'Xã An Bình': 90, 'Xã Tân Phú': 30}
    >>> allocate(communes, 300, "sqrt")
    {'Phường Hòa Minh': 142, 'Xã An Bình': 100, 'Xã Tân Phú': 58}
    >>> allocate(communes, 100, "equal")
    {'Phường Hòa Minh': 34, 'Xã An Bình': 33, 'Xã Tân Phú': 33}
    >>> allocate(communes, 300, "neyman", sd={"Phường Hòa Minh": 0.3, "Xã An Bình": 0.5,
    ...                                       "Xã Tân Phú": 0.5})
    {'Phường Hòa Minh': 142, 'Xã An Bình': 118, 'Xã Tân Phú': 40}

    Rounding uses the largest remainders (Hamilton), so the total is always
    exact; a commune never gets more people than it has, and what it cannot
    take goes to the others:

    >>> allocate({"Xã An Bình": 20, "Xã Tân Phú": 1000}, 300, "equal")
    {'Xã An Bình': 20, 'Xã Tân Phú': 280}
    """
    strata = _strata(strata)
    n = _count("n", n)
    if n <= 0:
        raise KitError("sampling.error.n_not_positive", n=n)
    total = sum(strata.values())
    if n > total:
        raise KitError("sampling.error.n_above_total", n=n, total=total)
    chosen = method.strip().lower() if isinstance(method, str) else method
    if chosen not in METHODS:
        raise KitError("sampling.error.unknown_method", method=method, allowed=", ".join(METHODS))
    # Fractions keep the shares exact, so no float noise decides who gets the last person.
    if chosen == "proportional":
        basis = {h: Fraction(size) for h, size in strata.items()}
    elif chosen == "sqrt":
        basis = {h: Fraction(math.sqrt(size)) for h, size in strata.items()}
    elif chosen == "equal":
        basis = {h: Fraction(1) for h in strata}
    else:
        basis = {h: size * Fraction(s) for (h, size), s in zip(strata.items(), _sds(strata, sd))}
    return _hamilton(basis, n, strata)


def _sds(strata: dict[str, int], sd) -> list[float]:
    if sd is None or not isinstance(sd, Mapping):
        raise KitError("sampling.error.sd_missing")
    values = []
    for name in strata:
        if name not in sd or sd[name] is None:
            raise KitError("sampling.error.sd_missing_stratum", stratum=name)
        value = _number(f"sd[{name!r}]", sd[name])
        if value < 0:
            raise KitError("sampling.error.sd_negative", stratum=name, sd=value)
        values.append(value)
    return values


def _hamilton(basis: dict[str, Fraction], n: int, caps: dict[str, int]) -> dict[str, int]:
    """Largest-remainder rounding of ``n`` shared by ``basis``, no stratum above its cap."""
    fixed: dict[str, int] = {}
    active = dict(basis)
    while True:
        left = n - sum(fixed.values())
        weight = sum(active.values())
        if weight == 0:
            # Nothing left to go by (e.g. Neyman where every remaining sd is 0):
            # share what is left by population instead.
            active = {h: Fraction(caps[h]) for h in active}
            weight = sum(active.values())
        quota = {h: left * b / weight for h, b in active.items()}
        over = [h for h, q in quota.items() if q > caps[h]]
        if not over:
            break
        # A stratum over its cap at this scale stays over once the others
        # lose their capped neighbours, so cap all of them at once.
        for h in over:
            fixed[h] = caps[h]
            del active[h]
    shares = {h: math.floor(q) for h, q in quota.items()}
    leftover = left - sum(shares.values())
    order = list(basis)
    by_remainder = sorted(quota, key=lambda h: (-(quota[h] - shares[h]), order.index(h)))
    # Sum of remainders equals leftover and each is below 1, so the first
    # ``leftover`` strata all have a positive remainder, hence room below their cap.
    for h in by_remainder[:leftover]:
        shares[h] += 1
    shares.update(fixed)
    return {h: shares[h] for h in order}


# --- weights ----------------------------------------------------------------

def design_weights(strata: dict[str, int], sample: dict[str, int]) -> dict[str, float]:
    """How many people each respondent stands for in their stratum: N_h / n_h.

    A commune where nobody was sampled gets no weight: its people are not
    represented at all (allocate at least one person per commune if they must be).

    >>> design_weights({"Phường Hòa Minh": 6000, "Xã Tân Phú": 1000},
    ...                {"Phường Hòa Minh": 100, "Xã Tân Phú": 100})
    {'Phường Hòa Minh': 60.0, 'Xã Tân Phú': 10.0}
    """
    strata = _strata(strata)
    if not isinstance(sample, Mapping):
        raise KitError("sampling.error.strata_empty")
    for name in sample:
        if name not in strata:
            raise KitError("sampling.error.sample_unknown_stratum", stratum=name)
    weights = {}
    for name, size in strata.items():
        taken = _count(f"sample[{name!r}]", sample.get(name, 0))
        if taken < 0:
            raise KitError("sampling.error.sample_negative", stratum=name, n=taken)
        if taken > size:
            raise KitError("sampling.error.sample_above_stratum", stratum=name, n=taken,
                           population=size)
        if taken:
            weights[name] = size / taken
    return weights


def effective_sample_size(weights: list[float]) -> float:
    """Kish's effective sample size (Σw)² / Σw²: unequal weights make a sample worth fewer people.

    Give one weight per respondent. Equal weights lose nothing:

    >>> effective_sample_size([60.0] * 200)
    200.0

    The 200 people of ``design_weights`` above (100 weighing 60, 100 weighing 10)
    are worth about 132 equally weighted ones:

    >>> round(effective_sample_size([60.0] * 100 + [10.0] * 100), 1)
    132.4
    """
    if isinstance(weights, (Mapping, str)):
        # A dict from design_weights holds one weight per commune, not per person.
        raise KitError("sampling.error.weights_per_person")
    weights = [_number("weights", w) for w in weights]
    if not weights:
        raise KitError("sampling.error.weights_empty")
    for w in weights:
        if w <= 0:
            raise KitError("sampling.error.weight_not_positive", weight=w)
    return sum(weights) ** 2 / sum(w * w for w in weights)


def non_probability_warning(lang: str | None = None) -> str:
    """Why a margin of error means nothing for conference participants or citizens' letters.

    >>> non_probability_warning("en").startswith("Note: conference participants")
    True
    """
    from .content import load

    return load().message("sampling.warning.non_probability", lang)
