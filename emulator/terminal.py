"""A person chats with the bot in the terminal, through the emulator (`bot.py --demo`)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

from .models import BotMessage
from .render import render_event
from .server import BotApiEmulator
from .sim import SimUser

HELP = (
    "💬 Gõ tin nhắn rồi Enter để gửi. Gõ số (1, 2, …) để bấm nút tương ứng;"
    " bắt đầu bằng ' để gửi nguyên văn. Gõ /thoat hoặc Ctrl-D để thoát.\n"
)
QUIT_COMMANDS = frozenset({"/thoat", "/thoát", "/quit", "/exit"})
ReadLine = Callable[[], Awaitable[str | None]]
Write = Callable[[str], None]


def _stdout_write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def stdin_reader() -> ReadLine:
    """A read_line that reads stdin in a daemon thread, so the event loop never blocks."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def pump() -> None:
        # A daemon thread (not the default executor) so a pending read never blocks exit.
        for line in sys.stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line)
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=pump, name="stdin-reader", daemon=True).start()
    return queue.get


class _Renderer:
    """Prints every event of the user's chat, in order, exactly once."""

    def __init__(self, emu: BotApiEmulator, user: SimUser, write: Write, tty: bool,
                 save_dir: Path | None) -> None:
        self.bot_name = emu.state.bot_first_name
        self.user, self.write, self.tty, self.save_dir = user, write, tty, save_dir
        self.index = 0

    def flush(self) -> None:
        """Print every event not printed yet."""
        events = self.user.events
        while self.index < len(events):
            event = events[self.index]
            self.index += 1
            text = render_event(event, self.bot_name, self.tty)
            if text:
                self.write(text)
            if event.kind == "message" and event.message is not None:
                self._save(event.message)

    async def run(self) -> None:
        """Follow the chat until cancelled."""
        while True:
            await self.user.wait_event(self.index, None)
            self.flush()

    def _save(self, message: BotMessage) -> None:
        if self.save_dir is None:
            return
        data = message.document_bytes if message.kind == "document" else message.photo_bytes
        if data is None:
            return
        # The bot's charts are PNG; a photo keeps the kind of image it is.
        extension = "png" if data.startswith(b"\x89PNG") else "jpg"
        name = message.document_name or f"photo_{message.message_id}.{extension}"
        self.save_dir.mkdir(parents=True, exist_ok=True)
        target = self.save_dir / f"{message.message_id}_{Path(name).name}"
        target.write_bytes(data)
        self.write(f"  💾 đã lưu {target}\n")


async def _handle_line(user: SimUser, line: str, write: Write) -> None:
    """Send a line as a message, or press button N when the line is just a number N."""
    if line.startswith("'"):
        await user.send(line[1:])
        return
    target = user.chat.latest_with_buttons()
    if line.strip().isdigit() and target is not None:
        number = int(line.strip())
        if 1 <= number <= len(target.buttons):
            button = target.buttons[number - 1]
            if button.callback_data is None:
                write(f"↗ {button.text}: {button.url}\n")
                return
            write(f"👆 {button.text}\n")
            await user.press(number, message_id=target.message_id)
            return
    await user.send(line)


async def _input_loop(user: SimUser, read_line: ReadLine, write: Write) -> None:
    while True:
        line = await read_line()
        if line is None:
            return
        line = line.rstrip("\r\n")
        if line.strip().lower() in QUIT_COMMANDS:
            return
        if line.strip():
            await _handle_line(user, line, write)


async def run_terminal_chat(
    emu: BotApiEmulator, user: SimUser, *, read_line: ReadLine | None = None,
    write: Write | None = None, save_dir: Path | None = None, color: bool | None = None,
    settle: float = 0.3,
) -> None:
    """Chat as `user` until /thoat or EOF; after that, print replies until quiet `settle` s."""
    tty = color if color is not None else (write is None and sys.stdout.isatty())
    write = write or _stdout_write
    read_line = read_line or stdin_reader()
    write(HELP)
    renderer = _Renderer(emu, user, write, tty, save_dir)
    task = asyncio.create_task(renderer.run())
    try:
        await _input_loop(user, read_line, write)
        while await user.wait_event(len(user.events), settle) is not None:
            pass
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        renderer.flush()
    write("👋 Tạm biệt!\n")
