"""A real SMTP server on loopback (aiosmtpd) for the mail tests: what it received, parsed, and
a way to make it refuse the next messages (451, as a busy server does)."""

from __future__ import annotations

import email
import socket
import threading
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """The aiosmtpd handler: keeps each accepted message; refuses ``refuse`` of them first."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refused = 0
        self.refuse = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            if self.refuse > 0:
                self.refuse -= 1
                self.refused += 1
                return "451 4.3.0 Busy, try again later"
            message = email.message_from_bytes(envelope.content, policy=default)
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"


class SMTPServer:
    def __init__(self) -> None:
        self.recorder = Recorder()
        self.host = "127.0.0.1"
        self.port = free_port()
        self.controller = Controller(self.recorder, hostname=self.host, port=self.port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    @property
    def messages(self) -> list[EmailMessage]:
        return self.recorder.messages

    def refuse_next(self, count: int = 1) -> None:
        self.recorder.refuse = count

    def clear(self) -> None:
        self.recorder.messages.clear()
        self.recorder.refused = 0


def body_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return part.get_content()
