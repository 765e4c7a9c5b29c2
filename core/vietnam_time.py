"""Vietnam's time, in which every date and time a user sees is shown.

Storage keeps instants in UTC (ISO text with +00:00). Users, officers and their documents live
in Vietnam (UTC+7, no daylight saving time): 21:45 UTC on 30/11 is already 01/12 there, so a
stored instant is turned into Vietnam's time before anything takes its date, hour or year.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")  # Asia/Ho_Chi_Minh has had no DST since 1975


def vietnam_time(moment: datetime | str) -> datetime:
    """A stored instant (a datetime or its ISO text) as Vietnam's local time.

    A naive value is read as UTC, the zone storage writes in; a bad ISO text raises ValueError.
    """
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM)


def vietnam_date(value: date | datetime) -> date:
    """The day of `value` in Vietnam: a stored instant's date there; a date stays as it is."""
    return vietnam_time(value).date() if isinstance(value, datetime) else value


def vietnam_today() -> date:
    """Today's date in Vietnam (the server's clock may run on UTC)."""
    return datetime.now(UTC).astimezone(VIETNAM).date()
