"""Alerts to the agents' group chat through WeCom, DingTalk and Feishu robots, one module each.

`Alerter` sends one alert to every configured robot at once; a robot that fails is logged and
counted, never allowed to fail the buyer's request.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import aiohttp

from bot.config import RobotConfig

from .base import Alert, AlertError, Robot
from .dingtalk import DingTalkRobot
from .feishu import FeishuRobot
from .wecom import WeComRobot

__all__ = ["Alert", "AlertError", "AlertResult", "Alerter", "Robot", "make_robots"]

log = logging.getLogger(__name__)
ROBOTS: dict[str, type] = {"wecom": WeComRobot, "dingtalk": DingTalkRobot, "feishu": FeishuRobot}


def make_robots(configs: Iterable[RobotConfig]) -> list[Robot]:
    return [ROBOTS[c.platform](c.url, c.secret) for c in configs]


@dataclass(frozen=True)
class AlertResult:
    platform: str
    ok: bool
    error: str | None = None


class Alerter:
    """Fans one alert out to every robot in the background, so a slow platform never holds up the
    buyer's request; `drain` lets alerts in flight finish at shutdown."""

    def __init__(
        self,
        robots: list[Robot],
        session: aiohttp.ClientSession,
        on_result: Callable[[AlertResult], None] = lambda result: None,
    ):
        self._robots, self._session, self._on_result = robots, session, on_result
        self._tasks: set[asyncio.Task[list[AlertResult]]] = set()

    def notify(self, alert: Alert) -> None:
        if not self._robots:
            return
        task = asyncio.create_task(self.send(alert))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout_s: float) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout_s)

    async def send(self, alert: Alert) -> list[AlertResult]:
        outcomes = await asyncio.gather(
            *(r.send(self._session, alert) for r in self._robots), return_exceptions=True
        )
        results = []
        for robot, outcome in zip(self._robots, outcomes):
            if isinstance(outcome, (AlertError, aiohttp.ClientError, asyncio.TimeoutError, ValueError)):
                log.warning("alert via %s failed: %s", robot.platform, outcome)
                results.append(AlertResult(robot.platform, False, str(outcome) or type(outcome).__name__))
            elif isinstance(outcome, BaseException):
                raise outcome
            else:
                results.append(AlertResult(robot.platform, True))
            self._on_result(results[-1])
        return results
