"""The channel seam: every platform module honours the `Channel` contract, the config reads each
kind through its platform, and whether a channel sends is the platform's settings' one answer."""
from __future__ import annotations

import inspect

import pytest

from bot.channels import base, registry
from bot.config import load_config
from bot.intents import ConfigError

ENV = {"WEBHOOK_SECRET_SHOP": "s3cret"}


def config(tmp_path, text: str, env=ENV):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, env=env)


@pytest.mark.parametrize("kind", sorted(registry.KINDS))
def test_every_platform_module_offers_the_contract(kind):
    module = registry.KINDS[kind]
    assert callable(module.read_settings) and callable(module.open_channel)
    channel_class = inspect.signature(module.open_channel).return_annotation
    cls = getattr(module, channel_class) if isinstance(channel_class, str) else channel_class
    for method in ("verify", "receive", "review", "deliver"):
        assert callable(getattr(cls, method)), f"{kind} lacks {method}"
    assert inspect.iscoroutinefunction(cls.receive) and inspect.iscoroutinefunction(cls.deliver)


def test_a_channel_without_a_kind_is_generic_and_sends_only_with_a_send_url(tmp_path):
    channels = config(tmp_path, "channels:\n  shop: {send_url: 'http://127.0.0.1:1/send'}\n").channels
    assert (channels["shop"].kind, channels["shop"].can_send) == ("generic", True)
    channels = config(tmp_path, "channels:\n  shop: {}\n").channels
    assert channels["shop"].can_send is False


def test_the_demo_channel_needs_no_secret_and_always_sends(tmp_path):
    channels = config(tmp_path, "channels:\n  demo: {kind: demo}\n", env={}).channels
    assert (channels["demo"].kind, channels["demo"].can_send) == ("demo", True)


@pytest.mark.parametrize("text, says", [
    ("channels:\n  shop: {kind: qianniu}\n", "channels.shop.kind must be one of"),
    ("channels:\n  shop: {send_url: 'ftp://x'}\n", "channels.shop.send_url must be an http(s) URL"),
    ("channels:\n  shop: {sendurl: 'http://x'}\n", "unknown key channels.shop.sendurl"),
    ("channels:\n  demo: {kind: demo, send_url: 'http://x'}\n", "unknown key channels.demo.send_url"),
])
def test_a_wrong_channel_says_what_to_fix(tmp_path, text, says):
    with pytest.raises(ConfigError) as caught:
        config(tmp_path, text)
    assert says in str(caught.value)


def test_a_generic_channel_without_its_secret_names_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET_SHOP"):
        config(tmp_path, "channels:\n  shop: {}\n", env={})


def test_the_core_never_names_a_platform():
    """The webhook, the review webhook, the follow-up, the sender and the agents' window hold a
    Channel and ask it; none of them imports a platform module or reads a platform's settings."""
    import bot.agent_ui.handlers as handlers
    import bot.channels.delivery as delivery
    import bot.server.follow_up as follow_up
    import bot.server.reviews as reviews
    import bot.server.webhook as webhook

    for module in (handlers, delivery, follow_up, reviews, webhook):
        source = inspect.getsource(module)
        for word in ("send_url", "WEBHOOK_SECRET", "wecom_kf", "generic", ".settings."):
            assert word not in source, f"{module.__name__} knows {word!r}"


def test_the_contract_is_a_protocol():
    assert base.Channel._is_protocol and base.Platform._is_protocol


WECOM_ENV = {"WECOM_TOKEN_WX": "t", "WECOM_AES_KEY_WX": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
             "WECOM_SECRET_WX": "s"}


def test_a_wecom_kf_channel_reads_its_settings_and_secrets(tmp_path):
    wx = config(tmp_path, "channels:\n  wx: {kind: wecom_kf, corp_id: ww1}\n", env=WECOM_ENV).channels["wx"]
    assert (wx.kind, wx.can_send, wx.settings.corp_id, wx.settings.api_base) == (
        "wecom_kf", True, "ww1", "https://qyapi.weixin.qq.com")
    assert "jWm" not in repr(wx) and len(wx.settings.aes_key) == 32


@pytest.mark.parametrize("text, env, says", [
    ("channels:\n  wx: {kind: wecom_kf}\n", WECOM_ENV, "channels.wx.corp_id is required"),
    ("channels:\n  wx: {kind: wecom_kf, corp_id: ww1}\n", {**WECOM_ENV, "WECOM_SECRET_WX": ""}, "WECOM_SECRET_WX"),
    ("channels:\n  wx: {kind: wecom_kf, corp_id: ww1}\n", {**WECOM_ENV, "WECOM_AES_KEY_WX": "abc"}, "WECOM_AES_KEY_WX"),
    ("channels:\n  wx: {kind: wecom_kf, corp_id: ww1, api_base: 'qyapi'}\n", WECOM_ENV, "api_base must be an http(s) URL"),
    ("channels:\n  wx: {kind: wecom_kf, corp_id: ww1, send_url: 'http://x'}\n", WECOM_ENV, "unknown key channels.wx.send_url"),
])
def test_a_wrong_wecom_kf_channel_says_what_to_fix(tmp_path, text, env, says):
    with pytest.raises(ConfigError) as caught:
        config(tmp_path, text, env=env)
    assert says in str(caught.value)
