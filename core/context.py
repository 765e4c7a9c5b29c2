"""The typed context handlers receive: services from bot_data, and the update's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from telegram.ext import Application, CallbackContext, ExtBot

from core.config import Settings
from core.i18n import I18n, Translator
from core.render import Renderer
from knowledge.criteria.eligibility import Condition
from knowledge.criteria.model import Sheet
from knowledge.faq.engine import FaqEngine
from storage import Database, Repository

if TYPE_CHECKING:
    from storage.users import UserRecord

SERVICES_KEY = "services"

# Every Application here is built by bot.build_application; its type parameters say nothing.
App: TypeAlias = "Application[Any, Any, Any, Any, Any, Any]"


@dataclass(slots=True)
class Services:
    """Everything handlers use. Storage is opened in post_init and closed in post_shutdown."""

    settings: Settings
    i18n: I18n
    renderer: Renderer
    sheets: Mapping[int, Sheet] = field(default_factory=dict)
    conditions: tuple[Condition, ...] = ()
    faq: FaqEngine | None = None
    db: Database | None = None
    _repo: Repository | None = None

    @property
    def repo(self) -> Repository:
        if self._repo is None:
            raise RuntimeError("Storage is not open yet (post_init has not run)")
        return self._repo

    async def open_storage(self) -> None:
        """Open the database and its repositories."""
        self.db = await Database.open(self.settings.database)
        self._repo = Repository(self.db)
        await self._repo.load()

    async def close_storage(self) -> None:
        """Close the database if it is open."""
        if self.db is not None:
            await self.db.close()
            self.db, self._repo = None, None


class OcopContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with typed access to the services and the current user's language."""

    def __init__(self, application: App,
                 chat_id: int | None = None, user_id: int | None = None) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.locale: str | None = None
        self.user_record: UserRecord | None = None

    @property
    def services(self) -> Services:
        return self.bot_data[SERVICES_KEY]

    @property
    def repo(self) -> Repository:
        return self.services.repo

    @property
    def t(self) -> Translator:
        """The translator for this update's user (set by the tracking handler)."""
        return self.services.i18n.get(self.locale)

    async def translator_for(self, user_id: int | None, telegram_language: str | None = None
                             ) -> Translator:
        """The translator of a user this update's tracking did not settle (errors, admins)."""
        stored = await self.repo.users.get(user_id) if user_id is not None else None
        i18n = self.services.i18n
        if stored is not None:
            telegram_language = telegram_language or stored.telegram_language
        return i18n.get(i18n.resolve(stored.language if stored else None, telegram_language))

    def render(self, template: str, /, **values: Any) -> str:
        """Render a template in this update's language."""
        return self.services.renderer.render(template, self.t, **values)

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.services.settings.admin_ids
