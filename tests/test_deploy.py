"""deploy/: the compose file is valid YAML naming real images, takes every secret from the
environment, and runs the bot with the config shipped beside it, which loads as the image lays it
out (docker itself cannot run here)."""
from __future__ import annotations

import re
import shutil
from ipaddress import ip_network
from pathlib import Path

from ruamel.yaml import YAML

from bot.config import load_config

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
OFFICIAL = {"postgres", "redis", "nginx"}  # Docker's official images, as published


def compose() -> dict:
    return YAML(typ="safe").load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_the_compose_file_names_real_images_and_builds_the_bot():
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", "bot", "nginx"}
    for name in OFFICIAL:
        image, _, tag = services[name]["image"].partition(":")
        assert image == name and re.fullmatch(r"\d+(\.\d+)*-bookworm", tag), services[name]["image"]
    build = services["bot"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
    base = next(line for line in (DEPLOY / "Dockerfile").read_text().splitlines() if line.startswith("FROM "))
    assert base == "FROM python:3.11-slim-bookworm"
    for line in (DEPLOY / "Dockerfile").read_text().splitlines():  # what it copies exists
        if line.startswith("COPY "):
            assert all((ROOT / src).exists() for src in line.split()[1:-1]), line


def test_every_secret_comes_from_the_environment():
    env = compose()["services"]["bot"]["environment"]
    for key in ("DATABASE_URL", "WEBHOOK_SECRET_GENERIC", "AGENT_TOKEN"):
        assert "${" in env[key], key
    assert "${POSTGRES_PASSWORD:?" in compose()["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    upstream = (DEPLOY / "nginx.conf").read_text()
    assert "server bot:8080" in upstream and "proxy_buffering off" in upstream


def test_nginx_names_the_client_to_every_location_and_the_bot_trusts_only_private_networks():
    """The headers are set once at the server level: a location with a proxy_set_header of its own
    would inherit none of them (nginx's rule), and the stream's logins would all be nginx's address."""
    server = (DEPLOY / "nginx.conf").read_text().split("  server {", 1)[1]
    head, locations = server.split("    location", 1)
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in head
    assert "proxy_set_header" not in locations
    trusted = YAML(typ="safe").load((DEPLOY / "config.yaml").read_text())["server"]["trusted_proxies"]
    assert trusted and all(ip_network(net).is_private for net in trusted)


def test_the_shipped_config_loads_as_the_image_lays_it_out(tmp_path):
    for folder in ("intents", "replies", "policy", "aspects", "catalog"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    shutil.copy(DEPLOY / "config.yaml", tmp_path / "config.yaml")
    config = load_config(tmp_path / "config.yaml", env={
        "DATABASE_URL": "postgresql://shopbot:pw@postgres:5432/shopbot", "REDIS_URL": "redis://redis:6379/0",
        "WEBHOOK_SECRET_GENERIC": "s", "AGENT_TOKEN": "t"})
    assert (config.store, config.host, config.port) == ("postgres", "0.0.0.0", 8080)
    assert config.redis_url == "redis://redis:6379/0"
