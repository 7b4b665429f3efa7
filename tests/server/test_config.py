import pytest

from bot.config import load_config
from bot.intents import ConfigError

from bot.server import create_app

from .conftest import ROOT, service_config, write_config


def test_the_shipped_config_loads_with_its_secret_from_the_environment():
    config = load_config(ROOT / "config.yaml", env={"WEBHOOK_SECRET_GENERIC": "xyzzy-42"})
    assert config.channels["generic"].settings.secret == "xyzzy-42"
    assert config.store == "sqlite"
    assert config.engine.policy == ROOT / "policy" / "shop.yaml"
    assert "xyzzy" not in repr(config.channels["generic"])  # secrets stay out of logs and tracebacks


def test_a_channel_without_its_secret_says_which_variable_to_set(tmp_path):
    (tmp_path / "c.yaml").write_text("channels:\n  taobao: {send_url: 'http://x/send'}\n")
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET_TAOBAO"):
        load_config(tmp_path / "c.yaml", env={})


@pytest.mark.parametrize("text, complaint", [
    ("server: {prot: 80}", "unknown key server.prot"),
    ("server: {port: eighty}", "server.port must be a whole number"),
    ("server: {port: 0}", "server.port must be above 0"),
    ("store: {backend: mongo}", "store.backend must be one of sqlite, redis"),
    ("limits: {rate_per_buyer: -1}", "limits.rate_per_buyer must be above 0"),
    ("alerts: {robots: [slack]}", "'slack' is not one of wecom, dingtalk, feishu"),
    ("alerts: {robots: [dingtalk]}", "ALERT_DINGTALK_URL"),
    ("channels: {generic: {send_url: 'ftp://x'}}", "send_url must be an http"),
    ("server: [1, 2]", "server must be a mapping"),
    ("server: {port: 80", "YAML syntax error"),
    ("server:\n\tport: 80", "config.yaml:2: error: YAML syntax error: found character '\\t'"),
    ("alerts: {on_intents: [{human: 1}]}", "alerts.on_intents[0] must be an intent name"),  # TypeError
    ("server: {trusted_proxies: 10.0.0.0/8}", "server.trusted_proxies must be a list"),
    ("store: {pool_size: 1}", "store.pool_size must be at least 2 (one connection for the writes, one for reads)"),
    ("store: {pool_size: many}", "store.pool_size must be a whole number"),
    ("server: {trusted_proxies: [nginx]}", "server.trusted_proxies[0] must be an IP address or a network"),
    ("marks: {rate: 1.5}", "marks.rate must be a share from 0 to 1"),
    ("marks: {rate: often}", "marks.rate must be a number, not 'often'"),
    ("marks: {min_marks: 0}", "marks.min_marks must be above 0"),
    ("marks: {min_marks: 2.5}", "marks.min_marks must be a whole number"),
    ("marks: {window_s: -60}", "marks.window_s must be above 0"),
    ("marks: {window: 14}", "unknown key marks.window; known keys: rate, min_marks, window_s, refresh_s"),
    ("server: {trusted_proxies: [127.0.0.1, 10.0.0.1/8]}", "trusted_proxies[1] must be an IP address or a network"
                                                          " like 10.0.0.0/8 (host bits zero), not '10.0.0.1/8'"),
])
def test_a_bad_config_names_the_key_and_what_to_put_there(tmp_path, text, complaint):
    with pytest.raises(ConfigError) as caught:
        write_config(tmp_path, text)
    assert complaint in str(caught.value)
    assert "config.yaml" in str(caught.value)


def test_a_config_that_is_not_utf8_says_so(tmp_path):
    (tmp_path / "c.yaml").write_bytes(b"server: {port: 80}\n\xff\xfe")
    with pytest.raises(ConfigError, match="not UTF-8"):  # was a UnicodeDecodeError traceback
        load_config(tmp_path / "c.yaml", env={})


def test_robot_urls_and_secrets_come_from_the_environment(tmp_path):
    config = write_config(tmp_path, "alerts: {robots: [feishu, wecom]}",
                          {"ALERT_FEISHU_URL": "http://f", "ALERT_FEISHU_SECRET": "fs",
                           "ALERT_WECOM_URL": "http://w"})
    assert [(r.platform, r.url, r.secret) for r in config.robots] == [
        ("feishu", "http://f", "fs"), ("wecom", "http://w", None)]


def test_command_line_values_win_over_the_file_and_paths_are_relative_to_it(tmp_path):
    config = write_config(tmp_path, "server: {port: 9000, data_dir: state}")
    assert config.data_dir == tmp_path / "state"
    assert config.with_overrides(port=8081, host=None).port == 8081
    assert config.with_overrides(port=None).port == 9000


def test_an_alert_on_an_intent_the_shop_does_not_have_is_refused_at_start(tmp_path, engine):
    config = service_config(tmp_path, alerts_on=["bad_review", "complaint"])
    with pytest.raises(ConfigError, match="alerts.on_intents names 'complaint'.*pick from .*bad_review"):
        create_app(config, engine)
    create_app(service_config(tmp_path, alerts_on=["bad_review"]), engine)  # a known one is fine


def test_the_shipped_config_starts_an_app(engine):
    config = load_config(ROOT / "config.yaml", env={"WEBHOOK_SECRET_GENERIC": "xyzzy-42", "AGENT_TOKEN": "t"})
    assert "bad_review" in config.alert_intents
    assert create_app(config, engine) is not None  # every name it alerts on is an intent


def test_the_marks_policy_has_defaults_and_takes_the_shops_values(tmp_path):
    from bot.marks import MarksPolicy

    assert write_config(tmp_path, "server: {port: 8080}").marks == MarksPolicy()
    marks = write_config(tmp_path, "marks: {rate: 0.3, min_marks: 4, window_s: 86400, refresh_s: 5}").marks
    assert marks == MarksPolicy(rate=0.3, min_marks=4, window_s=86400.0, refresh_s=5.0)
