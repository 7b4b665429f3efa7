"""The review-compliance check on messages and on template sources, and on every shipped template."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.compliance import ComplianceError, check_message, check_template_source, ensure_compliant

ROOT = Path(__file__).resolve().parent.parent.parent

MESSAGES = [
    # text, the rule it breaks (None: it may leave)
    ("亲，好评返现5元哦", "value_for_review"),
    ("五星好评送小礼品一份", "value_for_review"),
    ("亲，晒图评价送您10元券", "value_for_review"),
    ("改好评送优惠券一张", "value_for_review"),
    ("删评返5元", "value_for_review"),
    ("亲，红包已经发给您了，记得给个好评", "offer_with_review_request"),
    ("亲，给您补发一件，麻烦您把差评改一下", "value_for_review"),
    ("退款已经安排了。另外想请您看看能不能修改一下评价", "offer_with_review_request"),
    ("亲，给您换新，运费我们出。等东西到了您用着满意，方便的话追评一下", "offer_with_review_request"),
    ("亲，非常抱歉，马上给您补发，运费我们承担", None),
    ("亲，问题已经处理好了，方便的时候看看评价要不要更新一下", None),
    ("亲，看到您的反馈了，麻烦发一下订单号", None),
    ("亲，价保期内的差价退给您", None),
]


@pytest.mark.parametrize("text,rule", MESSAGES)
def test_messages(text, rule):
    found = check_message(text)
    assert [v.rule for v in found] == ([rule] if rule else [])
    assert all(v.reason and v.evidence for v in found)


TEMPLATES = [
    ("{{ choose('亲，好评返现哦', '亲，感谢支持') }}", "value_for_review"),
    ("亲，给您补发\n问题解决后麻烦把差评改成好评", "offer_with_review_request"),
    ("亲，抱歉\n{{ remedies|join('、') }}\n方便的话更新一下评价", "offer_with_review_request"),
    ("{# 不许写好评返现 #}\n亲，马上给您补发，运费我们出", None),
    ("亲，问题处理好了，方便时看看评价要不要更新", None),
]


@pytest.mark.parametrize("source,rule", TEMPLATES)
def test_template_sources(source, rule):
    assert [v.rule for v in check_template_source(source)] == ([rule] if rule else [])


@pytest.mark.parametrize("path", sorted((ROOT / "replies").rglob("*.j2")), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_template_passes(path):
    assert check_template_source(path.read_text(encoding="utf-8")) == []


def test_a_failing_message_is_held_back_with_the_template_to_fix():
    with pytest.raises(ComplianceError, match="review/outreach"):
        ensure_compliant("亲，好评返现5元", "review/outreach")
    assert ensure_compliant("亲，马上给您补发", "review/outreach") == "亲，马上给您补发"
