"""The command table: names, English aliases, menu descriptions and who may use them."""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import N_

EVERYONE: frozenset[str] = frozenset({"producer", "officer", "admin"})


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # Vietnamese, primary
    alias: str  # English
    description: str  # msgid
    roles: frozenset[str] = EVERYONE

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.alias) if self.alias else (self.name,)


# Only commands that work today are listed: the menu never offers a dead end.
COMMANDS: tuple[Command, ...] = (
    Command("start", "", N_("Welcome and main menu")),
    Command("danhgia", "assess", N_("Self-assess a product against the official criteria")),
    Command("ketqua", "results", N_("My past self-assessments")),
    Command("tieuchi", "criteria", N_("Browse the OCOP criteria")),
    Command("hoidap", "faq", N_("Ask about the OCOP programme")),
    Command("dangky", "register", N_("Register a product for OCOP evaluation"),
            frozenset({"producer", "admin"})),
    Command("trangthai", "status", N_("Status of my registrations"),
            frozenset({"producer", "admin"})),
    Command("canbo", "officer", N_("Officer desk: registrations, questions, exports"),
            frozenset({"officer", "admin"})),
    Command("thongke", "stats", N_("Statistics of registrations and self-assessments"),
            frozenset({"officer", "admin"})),
    Command("moicanbo", "invite", N_("Invite an OCOP officer (admins)"), frozenset({"admin"})),
    Command("dulieu", "mydata", N_("See, download or delete my data")),
    Command("lophoc", "trainings", N_("Upcoming trainings, with RSVP")),
    Command("thongbao", "broadcast", N_("Send an announcement"), frozenset({"officer", "admin"})),
    Command("nhanthongbao", "announcements", N_("Turn announcements on or off")),
    Command("trogiup", "help", N_("What this bot can do")),
    Command("ngonngu", "language", N_("Switch Vietnamese / English")),
    Command("huy", "cancel", N_("Leave the current step (answers so far are kept)")),
)


def command(name: str) -> Command:
    """Look up a command by its Vietnamese name."""
    return next(c for c in COMMANDS if c.name == name)
