"""The command line as a trainer or a script uses it: real processes, stdin and stdout."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str = "", timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "run_bot.py"), *args], input=stdin, capture_output=True, text=True, timeout=timeout)


def test_classify_answers_every_line_in_order() -> None:
    lines = [
        "在吗",
        json.dumps({"id": "a", "text": "能开发票吗"}, ensure_ascii=False),
        "{not json",
        "",
        json.dumps({"id": "c1", "text": "什么时候发货", "conversation_id": "k"}, ensure_ascii=False),
        json.dumps({"id": "c2", "text": "尽快", "conversation_id": "k"}, ensure_ascii=False),
        json.dumps({"id": "o", "text": "到哪了", "order": {"order_id": "X1", "status": "shipped", "amount": 20, "courier": "中通", "tracking_no": "ZT123456"}}, ensure_ascii=False),
    ]
    result = run("classify", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["intent"] == "greeting" and out[0]["id"] == 1
    assert out[1]["id"] == "a" and out[1]["intent"] == "invoice"
    assert "error" in out[2] and "line 3" in out[2]["error"]
    assert out[3]["intent"] is None and out[3]["reply"]  # an empty line still gets the fallback
    assert out[4]["intent"] == "shipping" and out[5]["intent"] == "shipping"  # 尽快 read in context
    assert "ZT123456" in out[6]["reply"]
    for row in out[:2] + out[3:]:
        assert set(row) >= {"id", "text", "intent", "score", "intents", "reply"}
        assert all(set(i) >= {"name", "score"} for i in row["intents"])


def test_classify_reads_urging_and_an_order_number_with_their_conversation() -> None:
    lines = [json.dumps({"text": t, "conversation_id": c}, ensure_ascii=False) for t, c in
             [("退货寄回去三天了 钱怎么还没退给我", "r"), ("麻烦再帮我催催吧", "r"), ("麻烦再帮我催催吧", "alone"),
              ("发票开错了能重开吗", "i"), ("T1003", "i"), ("T1003", "alone2")]]
    result = run("classify", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[1]["intent"] == "return" and out[1]["auto"] is False
    assert out[2]["intent"] != "return"
    assert out[4]["intent"] == "invoice" and out[5]["intent"] is None  # an order number answers the conversation


def test_classify_without_context_leaves_a_follow_up_alone() -> None:
    result = run("classify", stdin="尽快\n")
    assert json.loads(result.stdout)["intent"] is None


def test_eval_prints_figures_and_misses(tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.jsonl"
    rows = [("在吗", ["greeting"]), ("能开发票吗", ["invoice"]), ("嗯", ["other"]), ("能便宜点吗", ["shipping"])]
    labelled.write_text("\n".join(json.dumps({"text": t, "labels": l}, ensure_ascii=False) for t, l in rows) + "\n", encoding="utf-8")
    result = run("eval", str(labelled))
    assert result.returncode == 0, result.stderr
    assert "accuracy: 0.750" in result.stdout
    assert "in-scope accuracy: 0.667" in result.stdout
    assert "other falling back: 1.000" in result.stdout
    # 在吗 and 能开发票吗 go out alone and are right; bargaining (能便宜点吗) waits for an agent
    assert "answered by itself (auto): 0.500 of messages, 1.000 of them to a right intent" in result.stdout
    assert "expected shipping, got bargain: 能便宜点吗" in result.stdout
    assert "confusion" in result.stdout


def test_classify_reads_each_conversation_in_order_and_says_what_goes_out_alone() -> None:
    lines = [
        {"id": 1, "text": "上周买的电饭煲现在便宜了一百，能申请价保吗", "conversation_id": "p"},
        {"id": 2, "text": "我买的那件外套今天能寄出来不", "conversation_id": "s"},
        {"id": 3, "text": "对的", "conversation_id": "p"},  # read with conversation p, not s, the line before
        {"id": 4, "text": "好的 快点哈", "conversation_id": "s"},
        {"id": 5, "text": "对的"},  # no conversation: alone
        {"id": 6, "text": "能开发票吗"},
    ]
    result = run("classify", stdin="\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = {row["id"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert [out[n]["intent"] for n in range(1, 7)] == ["price_protect", "shipping", "price_protect", "shipping", None, "invoice"]
    assert all(isinstance(row["auto"], bool) for row in out.values())
    assert out[6]["auto"] is True  # invoice is an auto intent and the message is clear
    assert out[1]["auto"] is False  # price protection waits for an agent
    assert out[4]["auto"] is False and out[5]["auto"] is False  # a guess from the conversation, a fallback


def test_eval_of_follow_ups_with_and_without_their_conversation(tmp_path: Path) -> None:
    rows = [
        {"context": ["上周买的电饭煲现在便宜了一百，能申请价保吗"], "text": "对的", "alone": ["other"], "with_context": ["price_protect"]},
        {"context": ["我买的那件外套今天能寄出来不"], "text": "好的 快点哈", "alone": ["thanks_bye"], "with_context": ["shipping"]},
        {"context": ["发票抬头能写我们单位吗"], "text": "能开发票吗", "alone": ["invoice"], "with_context": ["invoice"]},
        {"context": ["能便宜点吗"], "text": "对的", "alone": ["other"], "with_context": ["shipping"]},
    ]
    labelled = tmp_path / "follow_ups.jsonl"
    labelled.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    result = run("eval", str(labelled))
    assert result.returncode == 0, result.stderr
    assert "follow-ups: 4, of which 3 need the conversation" in result.stdout
    # with: lines 1-3 right, line 4 read as bargain; without: only line 3 is right
    assert "accuracy with the conversation         0.750    0.667" in result.stdout
    assert "accuracy without (the text alone)      0.250    0.000" in result.stdout
    assert "line 4: expected shipping, got bargain (alone other)" in result.stdout
    # only the clear invoice question goes out alone: a reading from the conversation is a guess, a haggle waits
    assert ("answered by itself (auto): 0.250 of messages, 1.000 of them to a right intent (0 wrong of 1) "
            "(with the conversation)") in result.stdout


def test_eval_names_a_malformed_follow_up_line(tmp_path: Path) -> None:
    labelled = tmp_path / "bad.jsonl"
    labelled.write_text('{"context": [], "text": "对", "alone": ["other"], "with_context": ["invoice"]}\n'
                        '{"context": "发票", "text": "对", "alone": ["other"], "with_context": ["invoice"]}\n', encoding="utf-8")
    result = run("eval", str(labelled))
    assert result.returncode == 2
    assert "bad.jsonl:2" in result.stderr and "context" in result.stderr


def test_eval_names_the_malformed_line(tmp_path: Path) -> None:
    labelled = tmp_path / "bad.jsonl"
    labelled.write_text('{"text": "在吗", "labels": ["greeting"]}\n{"text": "x"\n', encoding="utf-8")
    result = run("eval", str(labelled))
    assert result.returncode == 2
    assert "bad.jsonl:2" in result.stderr


def test_a_broken_intents_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "greeting.yaml").write_text("name: greeting\nexamples: [在吗\n", encoding="utf-8")
    result = run("classify", "--intents", str(tmp_path), stdin="在吗\n")
    assert result.returncode == 2
    assert "greeting.yaml" in result.stderr and "YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_chat_in_the_terminal_as_an_order(tmp_path: Path) -> None:
    result = run("chat", "--data-dir", str(tmp_path), "--order", "T1003", stdin="到哪了\n谢谢\n")
    assert result.returncode == 0, result.stderr
    assert "shipping" in result.stdout and "thanks_bye" in result.stdout
    missing = run("chat", "--data-dir", str(tmp_path), "--order", "NOPE", stdin="")
    assert missing.returncode == 2 and "NOPE" in missing.stderr


def test_classify_reports_a_bad_order_or_number_on_its_line_and_goes_on() -> None:
    order = {"order_id": "X", "status": "paid", "amount": 1}
    lines = [
        json.dumps({"text": "x", "order": {**order, "amount": "z"}}),
        json.dumps({"text": "x", "order": {**order, "items": [{"qty": 1e300}]}}),  # int(inf): traceback
        json.dumps({"text": "什么时候发货", "order": {**order, "paid_at": "9999-12-31T23:59:59+14:00"}}),
        '{"text": "x", "n": ' + "1" * 5000 + "}",  # past Python's digit limit: traceback
        "在吗",
    ]
    result = run("classify", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row.get("error", "")[:7] for row in out[:4]] == ["line 1:", "line 2:", "line 3:", "line 4:"]
    assert out[4]["intent"] == "greeting"


def test_eval_on_a_file_it_cannot_read_says_so(tmp_path: Path) -> None:
    (tmp_path / "latin1.jsonl").write_bytes('{"text": "在吗", "labels": ["greeting"]}\n'.encode() + b"\xff\xfe\n")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")  # gave "accuracy: 0.000" and exit 0
    for path, complaint in [(tmp_path / "missing.jsonl", "No such file"), (tmp_path, "Is a directory"),
                            (tmp_path / "latin1.jsonl", "latin1.jsonl:2: not UTF-8"),
                            (tmp_path / "empty.jsonl", "no labelled lines")]:
        result = run("eval", str(path))
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert complaint in result.stderr


def test_serve_refuses_a_taken_port_or_a_broken_template_with_the_reason(tmp_path: Path) -> None:
    for folder in ("intents", "replies", "policy", "aspects"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    config = tmp_path / "config.yaml"
    env = {**os.environ, "WEBHOOK_SECRET_GENERIC": "s"}
    serve = [sys.executable, str(ROOT / "run_bot.py"), "serve", "--config", str(config)]
    with socket.socket() as taken:  # held throughout: no run below may end up serving
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config.write_text(f"server: {{port: {port}}}\nchannels: {{generic: {{}}}}\n", encoding="utf-8")
        busy = subprocess.run(serve, capture_output=True, text=True, timeout=120, env=env)
        assert busy.returncode == 2 and "Traceback" not in busy.stderr, busy.stderr
        assert f"cannot serve on 127.0.0.1:{port}" in busy.stderr
        # It used to start and answer every greeting with the fallback.
        (tmp_path / "replies" / "greeting.j2").write_text("亲\n{% if case %}\n", encoding="utf-8")
        broken = subprocess.run(serve, capture_output=True, text=True, timeout=120, env=env)
    assert broken.returncode == 2 and "Traceback" not in broken.stderr, broken.stderr
    assert "greeting.j2:2" in broken.stderr and "template syntax error" in broken.stderr


def test_agents_add_list_and_disable_in_the_data_folder(tmp_path: Path) -> None:
    """The password from stdin (not a terminal here); a bad name, a short password or a second
    account of one name is bad input (exit 2) and changes nothing."""
    data = ["agents", "--data-dir", str(tmp_path / "data")]
    added = run(*data, "add", "小王", "--supervisor", stdin="a-long-password\n")
    assert added.returncode == 0 and "added supervisor 小王" in added.stdout
    assert run(*data, "add", "小王", stdin="another-password\n").returncode == 2
    short = run(*data, "add", "小李", stdin="short\n")
    assert short.returncode == 2 and "at least 8" in short.stderr
    assert run(*data, "add", "a b", stdin="a-long-password\n").returncode == 2
    assert run(*data, "disable", "nobody").returncode == 2
    assert run(*data, "disable", "小王").returncode == 0
    listed = run(*data, "list").stdout.splitlines()
    assert [line.split("\t")[:3] for line in listed] == [["小王", "supervisor", "disabled"]]


def test_marks_lists_what_the_agents_marks_hold_and_classify_holds_it_with_the_services_config(tmp_path: Path) -> None:
    from bot.storage import Feedback, LoggedMessage, MessageLog
    from bot.storage.sqlite import open_database

    config = tmp_path / "config.yaml"
    config.write_text("server: {data_dir: data}\nmarks: {rate: 0.5, min_marks: 2}\n", encoding="utf-8")
    db = open_database(tmp_path / "data")
    log = MessageLog(db)
    marked = [("greeting", {"name": "greeting", "score": 0.94, "reason": "keyword 你好", "cue": "你好"}, "wrong_intent"),
              ("greeting", {"name": "greeting", "score": 0.94, "reason": "keyword 你好", "cue": "你好"}, "rejected"),
              ("shipping", {"name": "shipping", "score": 0.9, "reason": "example 几时发货"}, "rejected")]
    for n, (intent, match, action) in enumerate(marked):
        log.record_buyer(conversation_id=f"c{n}", channel="generic", buyer_id="b", inbox_reason=None,
                         message=LoggedMessage("buyer", "你好", 1.0, f"m{n}", (intent,), (match,)))
        log.add_feedback(Feedback(f"c{n}", action, f"m{n}", intent="return" if action == "wrong_intent" else None))
    db.close()

    held = run("marks", "--config", str(config))
    assert held.returncode == 0, held.stderr
    assert "held  greeting (keyword 你好)" in held.stdout and "2 wrong of    2 marks (1.00)" in held.stdout
    assert "shipping" not in held.stdout and "1 other kind(s)" in held.stdout
    assert "      shipping (examples)" in run("marks", "--config", str(config), "--all").stdout  # 1 mark: too few
    answered = json.loads(run("classify", "--config", str(config), stdin="你好\n").stdout)
    assert answered["auto"] is False and answered["held"] == {"intent": "greeting", "cue": "你好", "marks": 2,
                                                              "wrong": 2, "rate": 1.0}
    assert json.loads(run("classify", stdin="你好\n").stdout)["auto"] is True
