"""Calendar helpers for the event sources: days and minutes as integers, French and ISO
renderings, Paris summer time, working days.

Time is counted in whole minutes since 1 January 2000 00:00 local (Paris) time, naive: every
timestamp the sources write is a Paris wall-clock time, rendered either without offset or with
the offset Paris had at that moment (+01:00 in winter, +02:00 in summer), which the loader turns
back into the same wall-clock time.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

EPOCH = dt.date(2000, 1, 1)
MINUTES_PER_DAY = 24 * 60


def day_number(d: dt.date) -> int:
    return (d - EPOCH).days


def date_of(day: int) -> dt.date:
    return EPOCH + dt.timedelta(days=day)


def month_start_day(month: int) -> int:
    """Day number of the first day of a month index (year * 12 + month - 1)."""
    return day_number(dt.date(month // 12, month % 12 + 1, 1))


def days_in_month(month: int) -> int:
    return month_start_day(month + 1) - month_start_day(month)


@cache
def month_of_day(day: int) -> int:
    d = date_of(day)
    return d.year * 12 + d.month - 1


_EPOCH_WEEKDAY = EPOCH.weekday()


def weekday(day: int) -> int:
    """0 Monday … 6 Sunday."""
    return (day + _EPOCH_WEEKDAY) % 7


@cache
def _iso_date(day: int) -> str:
    return date_of(day).isoformat()


@cache
def _fr_date(day: int) -> str:
    d = date_of(day)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def iso_date(day: int) -> str:
    return _iso_date(day)


def fr_date(day: int) -> str:
    """jj/mm/aaaa."""
    return _fr_date(day)


def _split(minute: int) -> tuple[int, int, int]:
    day, rest = divmod(minute, MINUTES_PER_DAY)
    hour, mins = divmod(rest, 60)
    return day, hour, mins


def iso_timestamp(minute: int, offset: bool = False) -> str:
    """aaaa-mm-jjThh:mm:ss, with the Paris offset when `offset` (naive in the spring gap)."""
    day, hour, mins = _split(minute)
    text = f"{_iso_date(day)}T{hour:02d}:{mins:02d}:00"
    if offset:
        utc_offset = paris_offset(minute)
        if utc_offset:
            text += utc_offset
    return text


def fr_timestamp(minute: int) -> str:
    """jj/mm/aaaa hh:mm."""
    day, hour, mins = _split(minute)
    return f"{_fr_date(day)} {hour:02d}:{mins:02d}"


@cache
def _summer_time_bounds(year: int) -> tuple[int, int]:
    """Local minutes where summer time starts (last Sunday of March, 02:00 -> 03:00) and ends
    (last Sunday of October, 03:00 -> 02:00), EU rule since 1996."""

    def last_sunday(month: int) -> int:
        last = dt.date(year, month, 31)
        return day_number(last) - (last.weekday() + 1) % 7

    return (last_sunday(3) * MINUTES_PER_DAY + 120, last_sunday(10) * MINUTES_PER_DAY + 180)


def paris_offset(minute: int) -> str:
    """'+01:00' or '+02:00' for a Paris wall-clock time; '' inside the spring-forward gap
    (02:00-03:00 on the last Sunday of March does not exist). In the autumn repeated hour the
    summer offset is used (either is right)."""
    start, end = _summer_time_bounds(date_of(minute // MINUTES_PER_DAY).year)
    if start <= minute < start + 60:
        return ""
    return "+02:00" if start + 60 <= minute < end else "+01:00"


def add_working_days(minute: int, working_days: float) -> int:
    """`working_days` of 24 h counted on Monday-Friday only (public holidays ignored)."""
    whole = int(working_days)
    rest = round((working_days - whole) * MINUTES_PER_DAY)
    day, within = divmod(minute, MINUTES_PER_DAY)
    while weekday(day) >= 5:  # opened on a weekend: the clock starts on Monday
        day, within = day + 1, 0
    for _ in range(whole):
        day += 1
        while weekday(day) >= 5:
            day += 1
    minute = day * MINUTES_PER_DAY + within + rest
    while weekday(minute // MINUTES_PER_DAY) >= 5:
        minute += MINUTES_PER_DAY
    return minute


def working_days_between(start: int, end: int) -> float:
    """Working days (24 h each, Monday-Friday) elapsed between two minutes."""
    if end <= start:
        return 0.0
    total = 0
    day = start // MINUTES_PER_DAY
    last = end // MINUTES_PER_DAY
    while day <= last:
        if weekday(day) < 5:
            low = max(start, day * MINUTES_PER_DAY)
            high = min(end, (day + 1) * MINUTES_PER_DAY)
            total += max(0, high - low)
        day += 1
    return total / MINUTES_PER_DAY


def fr_decimal(value: float, places: int = 2) -> str:
    """Decimal comma, no thousands separator: 1234,5."""
    return f"{value:.{places}f}".replace(".", ",")


def fr_amount(value: float) -> str:
    """French spreadsheet style: non-breaking space every three digits, decimal comma."""
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + "\u00a0".join(groups) + "," + cents
