"""Structured logs, one JSON object a line, with buyers' phone numbers masked in every record, so
what reaches a log file or a log shipper never holds a full number."""
from __future__ import annotations

import json
import logging
import time

from bot.slots import mask_phones


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(record.created)),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_phones(record.getMessage()),
        }
        if record.exc_info:
            entry["error"] = mask_phones(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: int = logging.INFO) -> None:
    """For the `serve` command only: libraries and tests keep Python's defaults."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
