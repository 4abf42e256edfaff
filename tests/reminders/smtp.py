"""A real SMTP server for the tests (aiosmtpd), with switches for the failures to test."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]


@dataclass
class Behaviour:
    temporary_failures: int = 0  # answer 451 to this many DATA commands first
    reject: set[str] = field(default_factory=set)  # answer 550 to RCPT for these addresses
    delay: float = 0.0  # seconds to wait after the data arrived, before answering 250


class Recorder:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.behaviour = Behaviour()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.behaviour.reject:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.behaviour.temporary_failures > 0:
                self.behaviour.temporary_failures -= 1
                return "451 4.3.0 try again later"
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
            )
        if self.behaviour.delay:
            time.sleep(self.behaviour.delay)  # blocks the server loop: a slow relay
        return "250 OK queued"

    def by_message_id(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.received:
            counts[item.message_id] = counts.get(item.message_id, 0) + 1
        return counts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server() -> tuple[Controller, Recorder]:
    recorder = Recorder()
    # aiosmtpd checks its own readiness by connecting, so it needs a real port number.
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, recorder
