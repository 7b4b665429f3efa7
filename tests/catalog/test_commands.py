"""Every engine command reads the catalogue it is named with --catalog, as it reads the intents:
chat answers from it, and eval, chat and serve refuse a broken one with its file and line."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import run as run_bot

ROOT = Path(__file__).resolve().parents[2]
SOLD_OUT = "{color: 白色, size: L, stock: 0, restock: 2026-12-12}"


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    return tmp_path / "catalog"


def edit(catalog: Path, new: str) -> int:
    """A1's sold-out white L replaced by `new`; the line it is on."""
    path = catalog / "A1.yaml"
    text = path.read_text(encoding="utf-8")
    assert SOLD_OUT in text
    path.write_text(text.replace(SOLD_OUT, new), encoding="utf-8")
    return text[: text.index(SOLD_OUT)].count("\n") + 1


def test_chat_answers_from_the_catalogue_it_is_given(catalog: Path) -> None:
    edit(catalog, "{color: 白色, size: L, stock: 3}")
    shipped = run_bot("chat", stdin="T恤白色L码还有吗\n")
    variant = run_bot("chat", "--catalog", str(catalog), stdin="T恤白色L码还有吗\n")
    assert shipped.returncode == 0 and variant.returncode == 0, shipped.stderr + variant.stderr
    assert "白色 L暂时卖完了" in shipped.stdout
    assert "白色 L有货" in variant.stdout and "卖完" not in variant.stdout


def test_a_broken_catalogue_is_refused_with_its_file_and_line(catalog: Path, tmp_path: Path) -> None:
    line = edit(catalog, "{color: 白色, size: L, stock: -2}")
    where = f"{catalog / 'A1.yaml'}:{line}"
    labelled = tmp_path / "one.jsonl"
    labelled.write_text(json.dumps({"text": "白色L码还有吗", "label": "product_info"}, ensure_ascii=False) + "\n", encoding="utf-8")
    for command in (("eval", str(labelled)), ("chat",)):
        refused = run_bot(*command, "--catalog", str(catalog), stdin="在吗\n")
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
        assert where in refused.stderr and "'stock' must be a whole number from 0" in refused.stderr


def test_serve_takes_the_catalogue_it_is_given_over_the_config(catalog: Path, tmp_path: Path) -> None:
    for folder in ("intents", "replies", "policy", "aspects", "catalog"):
        shutil.copytree(ROOT / folder, tmp_path / "shop" / folder)
    line = edit(catalog, "{color: 白色, size: L, stock: -2}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "shop" / "config.yaml"
    config.write_text(f"server: {{port: {port}}}\nengine: {{catalog: catalog}}\nchannels: {{generic: {{}}}}\n", encoding="utf-8")
    serve = [sys.executable, str(ROOT / "run_bot.py"), "serve", "--config", str(config), "--catalog", str(catalog),
             "--data-dir", str(tmp_path / "data")]
    refused = subprocess.run(serve, capture_output=True, text=True, timeout=120,
                             env={**os.environ, "WEBHOOK_SECRET_GENERIC": "s"})
    assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
    assert f"{catalog / 'A1.yaml'}:{line}" in refused.stderr  # the config's own catalogue is fine
