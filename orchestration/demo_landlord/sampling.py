"""Weighted random draws used throughout the generator: one `rng.random()` per draw, so a
given seed always takes the same path."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Hashable
from random import Random
from typing import TypeVar

T = TypeVar("T")
Table = tuple[list, list[float]]  # values, cumulative weights


def table(mix: dict[Hashable, float] | tuple[tuple[Hashable, float], ...]) -> Table:
    """A cumulative table from {value: weight} or ((value, weight), ...)."""
    pairs = list(mix.items()) if isinstance(mix, dict) else list(mix)
    return [v for v, _ in pairs], list(itertools.accumulate(w for _, w in pairs))


def draw(rng: Random, choices: Table):
    values, cumulative = choices
    index = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
    return values[min(len(values) - 1, index)]


def weighted_order(rng: Random, items: list[T], weight: Callable[[T], float]) -> list[T]:
    """Random order where heavier items tend to come first (Efraimidis-Spirakis keys)."""
    keyed = [(rng.random() ** (1.0 / weight(item)), i) for i, item in enumerate(items)]
    keyed.sort(reverse=True)
    return [items[i] for _, i in keyed]
