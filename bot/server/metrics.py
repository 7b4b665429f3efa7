"""The service's Prometheus metrics, on a registry of the app's own (no process-wide default),
so two apps in one process (tests, a restart) never share counts."""
from __future__ import annotations

from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

if TYPE_CHECKING:
    from bot.training.reload import ReloadResult


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.messages = Counter("shopbot_messages_total", "Buyer messages answered, by first intent",
                                ["channel", "intent"], registry=r)
        self.fallbacks = Counter("shopbot_fallbacks_total", "Messages no intent matched",
                                 ["channel"], registry=r)
        self.handoffs = Counter("shopbot_handoffs_total", "Messages handed to a human", ["channel"],
                                registry=r)
        self.latency = Histogram(
            "shopbot_request_seconds", "Time to answer an HTTP request", ["route"], registry=r,
            buckets=(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
        )
        self.rejected = Counter("shopbot_webhook_rejected_total",
                                "Webhook requests refused: bad signature, replay, bad body, rate limit",
                                ["channel", "reason"], registry=r)
        self.duplicates = Counter("shopbot_duplicates_total", "Repeated message_ids acknowledged",
                                  ["channel"], registry=r)
        self.deliveries = Counter("shopbot_deliveries_total", "Auto replies the channel accepted",
                                  ["channel"], registry=r)
        self.delivery_failures = Counter("shopbot_delivery_failures_total",
                                         "Delivery attempts that failed (the reply stays queued)",
                                         ["channel"], registry=r)
        self.pending = Gauge("shopbot_deliveries_pending", "Auto replies waiting to be delivered",
                             registry=r)
        self.alerts = Counter("shopbot_alerts_total", "Alerts sent to group robots",
                              ["platform", "outcome"], registry=r)

        self.outreach = Counter("shopbot_outreach_total",
                                "Proactive messages by rule: sent, cancelled by a later event, skipped (reason:"
                                " quiet_hours, cap_order, cap_buyer_day, opt_out, status, template)",
                                ["rule", "outcome", "reason"], registry=r)
        self.limited = Counter("shopbot_connections_limited_total",
                               "Connections or requests the connection limits cut: head_timeout, body_timeout,"
                               " client_gone, over_cap", ["what"], registry=r)

        self.reload_ok = Gauge("shopbot_reload_ok", "1 when the last hot reload served the new files, 0 when it"
                               " was rejected (see /healthz for the problems)", registry=r)
        self.reload_ok.set(1)
        self.reloads = Counter("shopbot_reloads_total", "Hot reloads, by outcome (ok, rejected)", ["outcome"],
                               registry=r)
        self.reload_problems = Gauge("shopbot_reload_problems", "Problems that rejected the last hot reload",
                                     registry=r)

    def reloaded(self, result: "ReloadResult") -> None:
        self.reload_ok.set(1 if result.ok else 0)
        self.reloads.labels("ok" if result.ok else "rejected").inc()
        self.reload_problems.set(len(result.problems))

    def delivery_result(self, channel: str, ok: bool) -> None:
        (self.deliveries if ok else self.delivery_failures).labels(channel).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
