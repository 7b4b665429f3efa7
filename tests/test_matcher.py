"""The matcher: real jieba and rapidfuzz over YAML intents, shipped and hand-made."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from bot.domain import ConversationState, Match
from bot.engine import Engine, EnginePaths, build_engine
from bot.intents import load_intents, load_sending_cues
from bot.learned import Weighting
from bot.matcher import Matcher, MatchOptions
from bot.text import Normaliser
from bot.tokenize import Tokenizer


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("在吗", "greeting"),
        ("这件衣服能再便宜一点吗", "bargain"),
        ("满多少包邮啊", "bargain"),
        ("前天买的今天降价了，能补差价吗", "price_protect"),
        ("我的快递怎么还没发出来", "shipping"),
        ("能发顺丰吗", "shipping"),
        ("收货地址填错了帮我改一下", "address_change"),
        ("拍错了帮我取消订单", "cancel_order"),
        ("不想要了怎么申请退货", "return"),
        ("收到的杯子是碎的", "quality_issue"),
        ("再不解决我就给差评", "bad_review"),
        ("能开公司抬头的发票吗", "invoice"),
        ("这个尺码偏大还是偏小", "product_info"),
        ("可以用花呗分期吗", "payment"),
        ("转人工客服", "human"),
        ("好的谢谢亲", "thanks_bye"),
        ("收到是壞的我要退貨", "quality_issue"),  # Traditional characters
        ("茶几付款两天了 啥时候发啊", "shipping"),  # the payment is the setting, the question is the parcel's
    ],
)
def test_shipped_intents_understand_plain_requests(engine: Engine, text: str, intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent in {intent, *(("return",) if intent == "quality_issue" else ())}, engine.read(text).matches


@pytest.mark.parametrize("text", ["嗯", "asdfgh", "😀😀", "", "   ", "12345678", "对"])
def test_noise_falls_back(engine: Engine, text: str) -> None:
    assert engine.read(text).chosen == []


def test_two_requests_give_two_intents(engine: Engine) -> None:
    assert {m.intent for m in engine.read("能便宜点吗？什么时候发货").chosen} == {"bargain", "shipping"}


def test_matches_carry_scores_and_reasons(engine: Engine) -> None:
    matches = engine.read("这个能包邮吗").matches
    assert 1 <= len(matches) <= 3
    assert matches == sorted(matches, key=lambda m: m.score, reverse=True)
    assert matches[0].reason.startswith(("keyword ", "example "))
    assert 0 < matches[0].score <= 1


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


def small_matcher(tmp_path: Path, tokenizer: Tokenizer, files: dict[str, str], *, names: bool = False, **options: float) -> Matcher:
    """A matcher over `files`, with the shipped words that ask or request (intents/sending.yaml), and with `names` the
    tokenizer's tagger of words that name a thing. Its vectors weigh as in a bank of hundreds of examples an intent
    (`learned_dense` 1) unless a test says otherwise: the tests' banks of a few examples stand for the shipped one,
    whose weighing they check."""
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    asking = load_sending_cues(Path(__file__).resolve().parent.parent / "intents").normalised(Normaliser()).asking
    return Matcher(load_intents(tmp_path), words=tokenizer.content_words, normalise=Normaliser(),
                   options=MatchOptions(**{"learned_dense": 1, **options}), asking=asking,
                   names_thing=tokenizer.names_thing if names else None)


def test_negative_examples_veto(tmp_path: Path, tokenizer: Tokenizer) -> None:
    files = {
        "shipping": "name: shipping\nexamples: [什么时候发货, 几天能到]\nkeywords: [发货]\nnegative_examples: [发货单能开发票吗]\n",
        "invoice": "name: invoice\nexamples: [开发票]\n",
    }
    matcher = small_matcher(tmp_path, tokenizer, files)
    assert matcher.chosen(matcher.match("什么时候发货"))[0].intent == "shipping"
    assert all(m.intent != "shipping" for m in matcher.match("发货单能开发票吗"))


def test_threshold_decides_fallback(tmp_path: Path, tokenizer: Tokenizer) -> None:
    files = {"shipping": "name: shipping\nexamples: [什么时候发货]\n"}
    lenient = small_matcher(tmp_path, tokenizer, files, threshold=0.2, remark_margin=0.0)  # the threshold alone
    strict = small_matcher(tmp_path, tokenizer, files, threshold=0.95)
    text = "发货"
    assert lenient.chosen(lenient.match(text)) and not strict.chosen(strict.match(text))


def test_a_thanks_with_more_to_say_is_not_taken_for_a_thanks(tmp_path: Path, tokenizer: Tokenizer) -> None:
    """A low-priority intent (hello, thanks) stands for a message only when at most
    `low_priority_other_words` of its words are words that intent's examples never use."""
    files = {
        "thanks_bye": "name: thanks_bye\npriority: low\nexamples: [好的谢谢, 好的, 辛苦了]\n",
        "shipping": "name: shipping\nexamples: [什么时候发货]\n",
    }
    strict = small_matcher(tmp_path, tokenizer, files)
    lenient = small_matcher(tmp_path, tokenizer, files, low_priority_other_words=99)
    chosen = lambda m, text: [c.intent for c in m.chosen(m.match(text))]  # noqa: E731
    assert chosen(strict, "好的谢谢") == chosen(strict, "好的，辛苦了") == ["thanks_bye"]
    assert chosen(strict, "好的，明天上午我在家等师傅") == []  # four words of its own: for an agent
    assert chosen(lenient, "好的，明天上午我在家等师傅") == ["thanks_bye"]
    assert chosen(strict, "好的，那什么时候发货") == ["shipping"]  # a real request still wins
    assert chosen(strict, "师傅师傅师傅 好的谢谢") == ["thanks_bye"]  # a word typed over and over counts once


@pytest.mark.parametrize(("text", "intents"), [
    ("好的，明天上午我在家等师傅 谢谢", ["thanks_bye"]),  # where things stand, then a thanks in so many words: the chat ends
    ("明天上午我在家等师傅，拜拜", ["thanks_bye"]),
    ("好的，明天上午我在家等师傅 好的", []),  # a yes after a story may be the story's own: for an agent
    ("明天上午我在家等师傅吗 谢谢", []),  # it asks
    ("帮我告诉师傅明天上午来 谢谢", []),  # it asks for something done
    ("我的邮箱abc@qq.com 谢谢", []),  # it hands something over
    ("谢谢 明天上午我在家等师傅", []),  # the thanks does not end it
    ("好的，那什么时候发货 谢谢", ["shipping"]),  # a real request still wins
])
def test_a_story_that_ends_on_a_farewell_is_a_thanks(tmp_path: Path, tokenizer: Tokenizer, text: str, intents: list[str]) -> None:
    """The closing's `farewells`: a message that says more than a thanks is one when it ends on a clause of a farewell and
    the thanks' own words, asks nothing and gives nothing to act on."""
    files = {
        "thanks_bye": "name: thanks_bye\npriority: low\nclosing: true\nexamples: [好的谢谢, 好的, 辛苦了, 拜拜]\n"
                      "farewells: [谢谢, 拜拜]\n",
        "shipping": "name: shipping\nexamples: [什么时候发货]\n",
    }
    matcher = small_matcher(tmp_path, tokenizer, files)
    assert [m.intent for m in matcher.chosen(matcher.match(Normaliser()(text)))] == intents


@pytest.mark.parametrize(("text", "options", "intents"), [
    ("没有啦 谢谢你了", {}, ["thanks_bye"]),  # a faint echo of 没有声音 beside a plain thank-you
    ("没有啦 谢谢你了", {"low_priority_yields_to": 0.0, "low_priority_margin": 1.0, "remark_margin": 0.0}, ["quality_issue"]),
    ("没有声音 谢谢", {}, ["quality_issue"]),  # a clear request still wins
    ("屏幕不亮了，谢谢", {}, ["quality_issue"]),
])
def test_a_clear_thanks_gives_way_only_to_a_clear_request(tmp_path: Path, tokenizer: Tokenizer, text: str,
                                                          options: dict[str, float], intents: list[str]) -> None:
    files = {"thanks_bye": "name: thanks_bye\npriority: low\nexamples: [谢谢你, 好的谢谢]\n",
             "quality_issue": "name: quality_issue\nexamples: [没有声音, 屏幕不亮]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files, threshold=0.3, **options)
    assert [m.intent for m in matcher.chosen(matcher.match(text))] == intents


@pytest.mark.parametrize(("text", "intents"), [
    ("今天就送到了 谢谢你", ["thanks_bye"]),  # news told before the goodbye: nothing asked of the parcel, nor answered second
    ("今天能送到吗 谢谢你", ["shipping"]),  # asked: the request stands
    ("物流今天就送到了 谢谢你", ["shipping"]),  # a trainer's cue says the parcel is the point
])
def test_a_remark_does_not_outrank_a_clearer_thanks(tmp_path: Path, tokenizer: Tokenizer, text: str, intents: list[str]) -> None:
    """A reading from the examples alone of a clause that asks nothing (`Matcher._remark`) is no request beside a
    thanks that reads clearer: the buyer tells something and says goodbye."""
    files = {"thanks_bye": "name: thanks_bye\npriority: low\nexamples: [谢谢你, 好的谢谢]\nkeywords: [谢谢]\n",
             "shipping": "name: shipping\nexamples: [今天能送到吗, 什么时候送到]\nkeywords: [物流]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files)
    matches = matcher.match(text)
    shipping = [m for m in matches if m.intent == "shipping"]
    assert shipping and shipping[0].score >= matcher.options.low_priority_yields_to, matches  # it clears the bar a request needs
    assert [m.intent for m in matcher.chosen(matches)] == intents


@pytest.mark.parametrize(("text", "intents"), [
    ("物流今天已经送到了 谢谢你", ["thanks_bye"]),  # news that is over, by a cue: the topic is closed
    ("退款到账了，谢谢你", ["thanks_bye"]),
    ("物流今天还没送到 谢谢你", ["shipping"]),  # not over: the parcel is still the point
    ("物流今天能送到吗 谢谢你", ["shipping"]),  # asked
    ("退款到账了", ["return"]),  # no thanks beside it: for the request's reply (or an agent)
    ("物流等得花儿都谢了", ["shipping"]),  # the farewell's own 了 is no news
    ("已经付款了 谢谢你", ["payment"]),  # what the buyer did for the shop to act on (付) is not over
    ("好的 退款到账了", ["return"]),  # a yes is no thanks in so many words (the closing's `farewells`)
])
def test_news_that_is_over_beside_a_thanks_is_a_thanks(tmp_path: Path, tokenizer: Tokenizer, text: str, intents: list[str]) -> None:
    """The closing's `settled` and `unsettled` words: a clause that asks nothing and tells news that is over is no request
    beside a thanks, even when a trainer's cue names its topic."""
    files = {"thanks_bye": "name: thanks_bye\npriority: low\nclosing: true\nexamples: [谢谢你, 好的谢谢]\n"
                           "keywords: [谢谢, 谢了, 好的]\nfarewells: [谢谢, 谢了]\nsettled: [了, 已]\nunsettled: [没, 还, 付]\n",
             "payment": "name: payment\nexamples: [付款了, 已经付款了]\n",
             "shipping": "name: shipping\nexamples: [今天能送到吗, 什么时候送到, 等了好几天了]\nkeywords: [物流]\n",
             "return": "name: return\nexamples: [退款什么时候到账]\nkeywords: [退款, 到账]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files)
    assert [m.intent for m in matcher.chosen(matcher.match(text))] == intents, matcher.match(text)


def test_a_second_answer_is_a_request_never_a_hello_beside_a_thanks(tmp_path: Path, tokenizer: Tokenizer) -> None:
    """Two clauses, a thanks and a hello, each clear: the message closes the chat, and a hello answered after the
    thanks would open a new one. A second request from another clause is still answered."""
    files = {"thanks_bye": "name: thanks_bye\npriority: low\nexamples: [谢谢你, 辛苦了]\n",
             "greeting": "name: greeting\npriority: low\nexamples: [你好在吗]\n",
             "return": "name: return\nexamples: [我要退货]\n",
             "shipping": "name: shipping\nexamples: [什么时候发货]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files, second_intent_min=0.5)
    chosen = lambda text: [m.intent for m in matcher.chosen(matcher.match(text))]  # noqa: E731
    assert {m.intent for m in matcher.match("谢谢你，你好在吗")} >= {"thanks_bye", "greeting"}
    assert chosen("谢谢你，你好在吗") in (["thanks_bye"], ["greeting"])
    assert chosen("我要退货，什么时候发货") == ["return", "shipping"]


@pytest.mark.parametrize(("text", "cue"), [
    ("这根线多长", "多长"),  # the item's length
    ("多长时间能修好", ""),  # 多长时间 is a word of asking (sending.yaml's asks): the cue inside it is its form
    ("线多长 充电要多长时间", "多长"),  # said once as the length: that hit stands
])
def test_a_cue_inside_a_longer_word_of_asking_is_no_cue(tmp_path: Path, tokenizer: Tokenizer, text: str, cue: str) -> None:
    files = {"product_info": "name: product_info\nexamples: [这个是什么材质]\nkeywords: [多长]\n",
             "shipping": "name: shipping\nexamples: [什么时候发货]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files)
    found = [m.cue for m in matcher.match(text) if m.intent == "product_info"]
    assert (found[0] if found else "") == cue


@pytest.mark.parametrize(("text", "intent"), [
    ("谢谢啦 五星", "thanks_bye"),  # a good review given beside a thanks closes the chat: bad_review's reply apologises
    ("好评返现吗", "bad_review"), ("五星好评返多少", "bad_review"),  # what a review earns is still the review's
    ("质量这么差还想要好评", "bad_review"),
    ("收到啦 五星好评送上", "thanks_bye"),  # a good review promised as the goodbye, no bad one to repair
    ("一定给五星评价哦", "thanks_bye"),
    ("追加了好评", "bad_review"),  # a review amended: the trainers' own example, however clear a thanks' cue
    ("好评了哈 谢谢亲", "thanks_bye"),  # a remark like 好评改完了, beside a clearer thanks
    ("有问题想咨询一下", "greeting"),
    ("滤芯多长时间换一次", "product_info"),  # how often a part is changed is the goods', not an exchange (换一)  # an opener announcing a question, not a fault (有问题)
    ("我有问题要咨询，收到的杯子坏了", "quality_issue"),
])
def test_shipped_cues_for_good_reviews_and_openers(engine: Engine, text: str, intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == intent, engine.read(text).matches


@pytest.mark.parametrize("text", ["不打扰了 明白了", "好的，辛苦了 那就不打扰你了", "谢谢啊，先不打扰您了，再见"])
def test_a_goodbye_that_no_longer_disturbs_is_a_thanks_not_a_hello(engine: Engine, text: str) -> None:
    """不打扰了 ends a chat (every labelled 打扰了 was a goodbye): no 您好 answers it, first or second."""
    assert [m.intent for m in engine.read(text).chosen] == ["thanks_bye"], engine.read(text).matches


@pytest.mark.parametrize(("text", "intents"), [
    ("哦好", ["thanks_bye"]),  # the whole message is the phrase
    ("嗯嗯，好(✪▽✪)", ["thanks_bye"]),  # its punctuation and emoji aside
    ("3 好", ["thanks_bye"]),  # and its figures: an order's stub, then a yes
    ("好，那我去申请", []),  # a clause 好 is no thanks: the phrase is not an example
    ("好了吗", []),  # nor a message that only contains it
    ("嗯嗯 没事哈", ["thanks_bye"]),  # the sounds before the phrase and the particles after it are no words of it
    ("没事吧", []),  # 吧 asks whether it is all right: no particle the phrase may take
    ("没事儿的话我先走了", []),
])
def test_a_whole_message_phrase_counts_only_as_the_whole_message(tmp_path: Path, tokenizer: Tokenizer, text: str,
                                                                  intents: list[str]) -> None:
    files = {"thanks_bye": "name: thanks_bye\npriority: low\nexamples: [好的谢谢, 辛苦了]\nwhole_message: [好, 没事]\n",
             "return": "name: return\nexamples: [我要退货]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files)
    assert [m.intent for m in matcher.chosen(matcher.match(Normaliser()(text)))] == intents


@pytest.mark.parametrize(("text", "intents"), [
    ("你好在吗", {"greeting"}),
    ("谢谢亲，我再看看", {"thanks_bye"}),
    # A parcel the courier takes back is a return and a delivery matter (the labelling guide's "where the parcel is").
    ("好的，快递员说包裹被退回仓库了", {"return", "shipping"}),
    ("你好，这款保温杯的杯盖是塑料的还是不锈钢的", {"product_info"}),
    ("好的 那我明天上午在家等师傅上门", {None, "shipping"}),  # no thanks; a delivery appointment is shipping
])
def test_shipped_hellos_and_thanks_only_when_that_is_all(engine: Engine, text: str, intents: set[str | None]) -> None:
    chosen = engine.read(text).chosen
    assert (chosen[0].intent if chosen else None) in intents, engine.read(text).matches


def test_gap_keywords(tmp_path: Path, tokenizer: Tokenizer) -> None:
    files = {"shipping": "name: shipping\nexamples: [物流]\nkeywords: ['什么时候*到']\n"}
    matcher = small_matcher(tmp_path, tokenizer, files)
    assert matcher.match("什么时候能到北京")[0].reason == "keyword 什么时候*到"
    assert not any(m.reason.startswith("keyword") for m in matcher.match("什么时候都行我一直在家里等着到时候再说"))


@pytest.mark.parametrize(("text", "cue_found"), [
    ("咋还要二十块运费", True),  # the figure sits inside 要运费: the cue is read without it
    ("还要8元运费吗", True),
    ("运费八块钱", False),  # no cue around the figure
])
def test_a_figure_inside_a_cue_does_not_hide_it(tmp_path: Path, tokenizer: Tokenizer, text: str, cue_found: bool) -> None:
    files = {"bargain": "name: bargain\nexamples: [能便宜点吗]\nkeywords: [要运费]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files)
    assert any(m.reason == "keyword 要运费" for m in matcher.match(text)) == cue_found


@pytest.mark.parametrize(("text", "cue_found"), [
    ("单买一根多少钱", True),
    ("一根能单买吗", True),
    ("我在下单买一根", False),  # 下单|买: the cue's first character is the end of another word
    ("现在不走了", False),  # 现在|不 is no 在不
    ("在不在", True),
    ("订单买一根", True),  # 订单 is no word of the examples: the cut may be a slip's, the cue stands
])
def test_a_two_character_cue_is_not_read_across_the_words(tmp_path: Path, tokenizer: Tokenizer, text: str,
                                                            cue_found: bool) -> None:
    files = {"product_info": "name: product_info\nexamples: [尺码偏大吗, 下单以后还能换吗]\nkeywords: [单买]\n",
             "greeting": "name: greeting\nexamples: [你好, 现在方便吗]\nkeywords: [在不]\n"}
    for name, body in files.items():
        (tmp_path / f"{name}.yaml").write_text(body, encoding="utf-8")
    matcher = Matcher(load_intents(tmp_path), words=tokenizer.content_words, normalise=Normaliser(), lexicon=tokenizer)
    assert any(m.reason.startswith("keyword") for m in matcher.match(text)) == cue_found, matcher.match(text)


@pytest.mark.parametrize(("yields", "margin", "intent"), [
    ("", 0.1, "shipping"),  # scoring a little above, shipping is answered
    ("yields_to: [return]\n", 0.1, "return"),  # unless it gives way to return on a near tie
    ("yields_to: [return]\n", 0.0, "shipping"),  # a tie no nearer than the margin
])
def test_an_intent_gives_way_on_a_near_tie(tmp_path: Path, tokenizer: Tokenizer, yields: str, margin: float,
                                           intent: str) -> None:
    files = {"shipping": f"name: shipping\n{yields}examples: [用什么快递发]\nkeywords: [快递]\n",
             "return": "name: return\nexamples: [我要退货]\nkeywords: [退回]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files, yield_margin=margin)
    matches = matcher.match("快递退回")
    assert [m.intent for m in matches[:2]] == ["shipping", "return"] and 0 < matches[0].score - matches[1].score < 0.1
    assert matcher.chosen(matches)[0].intent == intent


@pytest.mark.parametrize(("flag", "intent"), [
    ("", "shipping"),  # the courier's longer cue scores well above: shipping, as on any tie no nearer than the margin
    ("yields_on_cue: true\n", "return"),  # the courier carries the exchange a cue of return's names
])
def test_an_intent_that_yields_on_cue_gives_way_to_a_cue_of_another(tmp_path: Path, tokenizer: Tokenizer, flag: str,
                                                                     intent: str) -> None:
    files = {"shipping": f"name: shipping\nyields_to: [return]\n{flag}examples: [快递到哪了]\nkeywords: [快递员]\n",
             "return": "name: return\nexamples: [我要换个颜色]\nkeywords: [换货]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files)
    matches = matcher.match("换货了 快递员只拿走一件")
    assert [m.intent for m in matches[:2]] == ["shipping", "return"] and matches[0].score - matches[1].score > 0.03
    assert matcher.chosen(matches)[0].intent == intent


@pytest.mark.parametrize(("text", "intent"), [
    ("系统里换货已经好了 可快递员说只拿走一件", "return"),  # the courier words are the exchange's setting
    ("派送员打不通 我留的电话错了", "address_change"),
    ("服务单号已经给配送站了 他们说查不到", "return"),  # 服务单: the after-sales ticket of a return or repair
    ("发顺丰吗", "shipping"),
])
def test_shipping_gives_way_to_a_cue_of_the_request_it_carries(engine: Engine, text: str, intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == intent, engine.read(text).matches


@pytest.mark.parametrize(("text", "cues"), [
    ("刚买还没到就便宜了", {"keyword 刚买*便宜"}),  # the longer cue holds 便宜: price protection, not haggling
    ("能便宜点吗", {"keyword 便宜"}),
    ("支持退货吗", {"keyword 支持*吗", "keyword 退货"}),  # 退货 sits in 支持*吗's gap: it stays return's
])
def test_a_cue_within_a_longer_cue_of_another_intent_gives_way(tmp_path: Path, tokenizer: Tokenizer, text: str,
                                                               cues: set[str]) -> None:
    files = {"bargain": "name: bargain\nexamples: [少点吧]\nkeywords: [便宜]\n",
             "price_protect": "name: price_protect\nexamples: [补个差价]\nkeywords: ['刚买*便宜']\n",
             "product_info": "name: product_info\nexamples: [多大尺寸]\nkeywords: ['支持*吗']\n",
             "return": "name: return\nexamples: [怎么寄回]\nkeywords: [退货]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files)
    assert {m.reason for m in matcher.match(text) if m.reason.startswith("keyword")} == cues


def test_follow_up_uses_the_conversation(tmp_path: Path, tokenizer: Tokenizer) -> None:
    files = {
        "shipping": "name: shipping\nexamples: [什么时候发货]\nfollow_ups: [尽快, 还没到]\n",
        "bargain": "name: bargain\nexamples: [便宜点]\nfollow_ups: [那怎么办]\n",
    }
    matcher = small_matcher(tmp_path, tokenizer, files)
    assert matcher.chosen(matcher.match("尽快")) == []  # alone it means nothing
    followed = matcher.chosen(matcher.match("尽快", recent_intents=("shipping",)))
    assert followed[0].intent == "shipping" and "follow-up" in followed[0].reason
    assert matcher.chosen(matcher.match("尽快", recent_intents=("bargain",))) == []


def test_a_clause_with_a_figure_continues_the_conversation_as_its_follow_up_would(tmp_path: Path, tokenizer: Tokenizer) -> None:
    files = {
        "bargain": "name: bargain\nexamples: [便宜点]\nfollow_ups: ['#行不行', 那怎么办]\n",
        "shipping": "name: shipping\nexamples: [什么时候发货]\n",
    }
    matcher = small_matcher(tmp_path, tokenizer, files)
    long = "260行不行 行的话我马上就拍"  # longer than a follow-up: its clause with the figure is one
    assert matcher.chosen(matcher.match(long)) == []
    assert matcher.chosen(matcher.match(long, recent_intents=("bargain",)))[0].intent == "bargain"
    assert matcher.chosen(matcher.match("260 最后一次 不卖我走了", recent_intents=("bargain",)))[0].intent == "bargain"  # the figure alone
    assert matcher.chosen(matcher.match("260 最后一次 不卖我走了", recent_intents=("shipping",))) == []  # a talk with no figures
    # a clause without a figure does not stand for the whole of a longer message
    assert matcher.chosen(matcher.match("那怎么办 我明天还要出门呢", recent_intents=("bargain",))) == []


def test_follow_ups_in_a_conversation_through_the_engine(engine: Engine) -> None:
    from bot.domain import ConversationState

    state = ConversationState("c1")
    first = engine.reply("什么时候发货啊", state=state)
    assert first.intents == ("shipping",)
    second = engine.reply("尽快", state=first.state)
    assert second.intents == ("shipping",)


@pytest.mark.parametrize(
    ("first", "then", "intent"),
    [
        ("什么时候发货", "尽快", "shipping"),
        ("我的快递到哪了", "还没到", "shipping"),
        ("收到的碗是碎的", "那怎么办", "quality_issue"),
        ("能便宜点吗", "80元整吧", "bargain"),
        ("能便宜点吗", "那100吧", "bargain"),
    ],
)
def test_short_follow_ups_of_the_shipped_intents(engine: Engine, first: str, then: str, intent: str) -> None:
    from bot.domain import ConversationState

    opened = engine.reply(first, state=ConversationState("f"))
    assert opened.intents == (intent,)
    assert engine.reply(then, state=opened.state).intents == (intent,)


def test_engine_with_another_intents_folder(tmp_path: Path, shop_paths: EnginePaths) -> None:
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "greeting.yaml").write_text("name: greeting\nmode: auto\nexamples: [在吗, 你好]\n", encoding="utf-8")
    engine = build_engine(EnginePaths(tmp_path / "intents", shop_paths.replies, shop_paths.policy))
    assert engine.read("在吗").chosen[0].intent == "greeting"
    assert engine.read("能便宜点吗").chosen == []


def test_adding_the_same_shop_words_again_changes_nothing(tokenizer: Tokenizer) -> None:
    words = [("七天无理由", None), ("运费险", 500)]
    tokenizer.add_words(words)
    total = tokenizer.total
    tokenizer.add_words(words)  # a hot reload re-reads the same dictionary
    assert tokenizer.total == total
    assert "七天无理由" in tokenizer.words("支持七天无理由吗")


def test_a_word_added_on_reload_is_cut_whole_in_a_text_cut_before() -> None:
    tokenizer = Tokenizer()  # its own: the recent cuts it keeps must go when its dictionary grows
    assert "禾禾满减券" not in tokenizer.words("有禾禾满减券吗")
    tokenizer.add_words([("禾禾满减券", None)])
    assert "禾禾满减券" in tokenizer.words("有禾禾满减券吗")


@pytest.mark.parametrize(("text", "coverage", "intent"), [
    ("那我怎么操作", 0.0, "invoice"),  # without the rule: 怎么操作 alone carries an invoice example
    ("那我怎么操作", 0.4, None),  # with it: the example's point (电子发票) is missing, so it counts in proportion
    ("退货怎么操作", 0.4, "return"),  # sharing the example's point still counts fully
    ("天猫退货怎么操作呢", 0.4, "return"),
])
def test_an_example_counts_as_far_as_its_words_are_shared(tmp_path: Path, tokenizer: Tokenizer, text: str,
                                                         coverage: float, intent: str | None) -> None:
    files = {"return": "name: return\nexamples: [天猫退货怎么操作]\n", "invoice": "name: invoice\nexamples: [电子发票怎么操作]\n",
             "payment": "name: payment\nexamples: [花呗付款怎么操作]\n", "shipping": "name: shipping\nexamples: [什么时候发货]\n"}
    # The learned agreement (an example counts as far as the message resembles its intent) is off: it
    # would damp 怎么操作 too, and this test is about the coverage rule alone.
    matcher = small_matcher(tmp_path, tokenizer, files, threshold=0.3, example_coverage=coverage, learned_agreement=1e-9)
    chosen = matcher.chosen(matcher.match(text))
    assert (chosen[0].intent if chosen else None) == intent, matcher.match(text)


@pytest.mark.parametrize(("text", "intent"), [
    ("那接下来怎么操作", None),  # only the function words of 天猫退货怎么操作 / 合并付款怎么操作
    ("这一步怎么操作呢", None),
    ("帮我看一下这个", None),  # only 帮 ... 一下 of 帮我催一下发货
    ("退货要怎么操作", "return"),
    ("帮我催一下发货吧", "shipping"),
])
def test_shipped_intents_need_more_than_shared_function_words(engine: Engine, text: str, intent: str | None) -> None:
    chosen = engine.read(text).chosen
    assert (chosen[0].intent if chosen else None) == intent, engine.read(text).matches


@pytest.mark.parametrize(("text", "plain"), [
    ("一百块行不行", "元行不行"),
    ("115块行不行", "元行不行"),
    ("就80块钱吧", "就元吧"),
    ("两百元 包邮吗", "元 包邮吗"),
    ("7天无理由", "7天无理由"),  # a number without a currency stays: it may be the point (12315, 7天)
    ("我要打12315", "我要打12315"),
])
def test_amounts_read_as_a_unit(text: str, plain: str) -> None:
    from bot.matcher import _amounts_as_unit

    assert _amounts_as_unit(text) == plain


@pytest.mark.parametrize("text", ["115块行不行", "九十块可以吗", "120块钱能卖吗"])
def test_a_counter_offer_is_bargaining_whatever_its_figure(engine: Engine, text: str) -> None:
    """The shipped example says 一百块行不行: jieba keeps 一百块 as one word that 115 块 never shares."""
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == "bargain", engine.read(text).matches


def test_an_example_counts_as_far_as_the_message_resembles_its_intent(tmp_path: Path, tokenizer: Tokenizer) -> None:
    """Learned agreement: 怎么操作 is shared by every intent's examples, so its closeness to any one intent's
    fitted vector is low and the lone close example is damped; with the agreement off it would carry invoice."""
    files = {"return": "name: return\nexamples: [天猫退货怎么操作, 退货退款, 我要退货]\n",
             "invoice": "name: invoice\nexamples: [电子发票怎么操作, 开张发票, 发票抬头]\n",
             "payment": "name: payment\nexamples: [花呗付款怎么操作, 付款失败, 能用花呗吗]\n"}
    options = {"threshold": 0.3, "example_coverage": 0.0, "learned_weight": 0.0}
    damped = small_matcher(tmp_path, tokenizer, files, **options)
    undamped = small_matcher(tmp_path, tokenizer, files, **options, learned_agreement=1e-9)
    assert damped.chosen(damped.match("那我怎么操作")) == []
    assert [m.intent for m in undamped.chosen(undamped.match("那我怎么操作"))] == ["invoice"]


def test_learned_vectors_carry_an_unseen_sentence(tmp_path: Path, tokenizer: Tokenizer) -> None:
    """No example is close to 快递到底啥时候能送过来 as a whole, but its pieces (快递, 送, 时候) are what the
    shipping examples share: the fitted vectors find it where the nearest example alone is weak."""
    files = {"shipping": "name: shipping\nexamples: [快递什么时候到, 几时能送到, 什么时候发快递, 快递送到哪了]\n",
             "bargain": "name: bargain\nexamples: [能便宜点吗, 什么时候有优惠, 打个折吧, 优惠券在哪领]\n"}
    learned = small_matcher(tmp_path, tokenizer, files, threshold=0.3)
    matches = learned.match("快递到底啥时候能送过来")
    assert matches[0].intent == "shipping"
    without = small_matcher(tmp_path, tokenizer, files, threshold=0.3, learned_weight=0.0, learned_agreement=1e-9)
    assert matches[0].score > without.match("快递到底啥时候能送过来")[0].score


def test_a_bank_of_few_examples_leans_on_its_vectors(tmp_path: Path, tokenizer: Tokenizer, engine: Engine) -> None:
    """With four examples an intent no single one is near 物流到哪了 or 到哪了 (the threshold is not reached), while
    what the shipping examples share is: a bank this sparse weighs its vectors more and answers them. The same files
    weighed as a dense bank fall back; the shipped bank is dense enough to weigh them as it always did."""
    files = {"shipping": "name: shipping\nexamples: [什么时候发货, 几天能到, 快递到哪里了, 物流怎么不动了]\n",
             "return": "name: return\nexamples: [我要退货, 怎么退款, 退货地址是哪里, 不想要了能退吗]\n"}
    sparse = small_matcher(tmp_path, tokenizer, files, learned_dense=MatchOptions().learned_dense)
    dense = small_matcher(tmp_path, tokenizer, files)
    for text in ("物流到哪了", "到哪了"):
        assert [m.intent for m in sparse.chosen(sparse.match(text))] == ["shipping"], sparse.match(text)
        assert dense.chosen(dense.match(text)) == [], dense.match(text)
    assert [m.intent for m in sparse.chosen(sparse.match("能退货吗"))] == ["return"]
    assert engine.matcher._sparseness(engine.matcher.options) == 1.0


def test_only_a_sparse_bank_weighs_its_vectors_features_the_sparse_way(tmp_path: Path, tokenizer: Tokenizer, engine: Engine) -> None:
    """A bank of few examples an intent leans on single characters and concentrated features (bot.learned.SPARSE); the
    shipped bank, dense enough, weighs them as it always did."""
    files = {"shipping": "name: shipping\nexamples: [什么时候发货, 几天能到, 快递到哪里了, 物流怎么不动了]\n",
             "return": "name: return\nexamples: [我要退货, 怎么退款, 退货地址是哪里, 不想要了能退吗]\n"}
    sparse = small_matcher(tmp_path, tokenizer, files, learned_dense=MatchOptions().learned_dense)
    dense = small_matcher(tmp_path, tokenizer, files)
    assert sparse._vectors.weight("退") > dense._vectors.weight("退")
    assert sparse._vectors.weight("退") / sparse._vectors.weight("退货") > dense._vectors.weight("退") / dense._vectors.weight("退货")
    assert engine.matcher._vectors._weighting == Weighting()

def test_what_happened_to_a_received_item_is_a_quality_issue(engine: Engine) -> None:
    chosen = engine.read("洗了缩水了").chosen
    assert chosen and chosen[0].intent == "quality_issue", engine.read("洗了缩水了").matches


def test_an_example_added_on_reload_is_found_by_the_words_only_it_has(tmp_path: Path, shop_paths: EnginePaths) -> None:
    """A clause none of whose words any example has is not scored against the examples at all (it would score 0);
    which words the examples have is read at every load, so an example taught and reloaded is found at once."""
    intents = tmp_path / "intents"
    intents.mkdir()
    (intents / "greeting.yaml").write_text("name: greeting\nmode: auto\nexamples: [在吗, 你好]\n", encoding="utf-8")
    engine = build_engine(EnginePaths(intents, shop_paths.replies, shop_paths.policy))
    assert not any(m.reason.startswith("example") for m in engine.read("榴莲好吃吗").matches)
    (intents / "greeting.yaml").write_text("name: greeting\nmode: auto\nexamples: [在吗, 你好, 榴莲好吃吗]\n", encoding="utf-8")
    reloaded = build_engine(EnginePaths(intents, shop_paths.replies, shop_paths.policy), tokenizer=engine.tokenizer)
    assert reloaded.read("榴莲好吃吗").matches[0].reason == "example 榴莲好吃吗"


SHOP_SENTENCES = ["支持七天无理由退货吗", "运费险怎么理赔", "我买的保温杯漏水了", "能不能便宜一点包邮到新疆",
                  "订单T1005什么时候发货啊", "发票抬头写错了 能重开吗", "这个颜色有现货吗亲", "ABC123号快递到哪了"]


def test_the_cuts_are_jiebas_own_with_the_shop_words() -> None:
    """jieba-fast-dat cuts with jieba's dictionary and algorithm: the words must be the ones jieba itself gives."""
    import jieba

    words = [("七天无理由", None), ("运费险", 500), ("保温杯", None)]
    ours = Tokenizer(words)
    reference = jieba.Tokenizer()
    for word, freq in words:
        reference.add_word(word, freq=freq or 20000)
    for text in SHOP_SENTENCES:
        assert list(ours.words(text)) == [w for w in reference.lcut(text, HMM=False) if any(ch.isalnum() for ch in w)]
        assert all(ours.frequency(w) == (reference.FREQ.get(w) or 0) for w in ours.words(text))


def test_the_dictionary_cache_is_moved_into_place_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Built once into a file of the process's own and renamed, so a worker starting beside it never reads half."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    first = Tokenizer()
    assert [p.name.startswith("shopbot-jieba-") and p.suffix == ".dat" for p in tmp_path.iterdir()] == [True]
    second = Tokenizer()  # read from that cache
    assert [second.words(t) for t in SHOP_SENTENCES] == [first.words(t) for t in SHOP_SENTENCES]
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize(("text", "threshold", "remark_margin", "intents"), [
    ("新包装比原来的好看", 0.5, 0.16, []),  # a remark sharing 包装 with an example: no request, for an agent
    ("新包装比原来的好看", 0.5, 0.0, ["product_info"]),  # read as the example it resembles when remarks are not told apart
    ("新包装好看吗", 0.5, 0.16, ["product_info"]),  # the same words asked
    # the margin is over the threshold: a bank with no keywords, cut lower, holds remarks to a lower bar too
    ("新包装比原来的好看", 0.3, 0.16, ["product_info"]),
])
def test_a_remark_resembling_an_example_is_no_request(tmp_path: Path, tokenizer: Tokenizer, text: str, threshold: float,
                                                      remark_margin: float, intents: list[str]) -> None:
    """A reading no cue supports, of a clause that asks and requests nothing, must clear the threshold by `remark_margin`."""
    files = {"product_info": "name: product_info\nexamples: [包装有几种, 能送人吗 包装好看吗, 是礼盒装吗]\n",
             "shipping": "name: shipping\nexamples: [下周能收到吗, 什么时候发货]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files, threshold=threshold, remark_margin=remark_margin)
    matches = matcher.match(text)
    assert matches and 0.5 <= matches[0].score < 0.66 and not matches[0].cue, matches
    assert [m.intent for m in matcher.chosen(matches)] == intents


def test_remarks_told_apart_leave_cues_thanks_and_follow_ups_alone(tmp_path: Path, tokenizer: Tokenizer) -> None:
    """A trainer's cue, a thanks (which never asks) and a follow-up phrase need no word that asks."""
    files = {"shipping": "name: shipping\nexamples: [什么时候发货]\nkeywords: [物流]\nfollow_ups: [尽快]\n",
             "thanks_bye": "name: thanks_bye\npriority: low\nexamples: [好的谢谢亲, 收到了辛苦]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files, remark_margin=1.0)  # any reading would be a remark's
    chosen = lambda text, recent=(): [m.intent for m in matcher.chosen(matcher.match(text, recent_intents=recent))]  # noqa: E731
    assert chosen("物流一直停着") == ["shipping"]
    assert chosen("收到了谢谢") == ["thanks_bye"]
    assert chosen("尽快", ("shipping",)) == ["shipping"]
    assert chosen("什么时候发货") == ["shipping"]  # asked in words


@pytest.mark.parametrize(("reported", "intents"), [("", []), ("reported: true\n", ["quality_issue"])])
def test_what_buyers_report_is_no_remark(tmp_path: Path, tokenizer: Tokenizer, reported: str, intents: list[str]) -> None:
    """An intent buyers tell rather than ask (`reported`) is read from its examples without a word that asks."""
    files = {"quality_issue": f"name: quality_issue\n{reported}examples: [一洗就缩水了 小了一圈, 屏幕不亮了]\n",
             "shipping": "name: shipping\nexamples: [下周能收到吗, 什么时候发货]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files, threshold=0.45)
    matches = matcher.match("洗了缩水了")
    assert matches[0].intent == "quality_issue" and 0.45 <= matches[0].score < 0.45 + matcher.options.remark_margin, matches
    assert [m.intent for m in matcher.chosen(matches)] == intents


@pytest.mark.parametrize(("text", "intent"), [
    ("麻烦帮忙催单", "shipping"),  # urging the order along
    ("帮我换个手机号", "address_change"),  # a new phone number for the order, not an exchange (换个)
    ("我这边没有问题了", "thanks_bye"),  # nothing more to ask: 有问题 is within 没有问题
    ("收到的杯子有问题", "quality_issue"),
])
def test_shipped_cues_for_urging_a_new_phone_and_no_more_problems(engine: Engine, text: str, intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == intent, engine.read(text).matches


@pytest.mark.parametrize(("text", "human"), [
    ("叫你们经理出来说话", True), ("你们负责人在吗", True), ("我要找主管", True), ("店长呢 让店长联系我", True),
    ("我们经理说这批先不要了", False),  # the buyer's own manager, named in a story
    ("这个我得问下我司负责人", False),
    ("你是运营经理吗", False),
])
def test_a_role_is_a_handoff_when_the_buyer_asks_for_the_shops_one(engine: Engine, text: str, human: bool) -> None:
    """经理, 负责人, 主管... ask for a person when the buyer asks for the shop's (你们, 找, 叫, 在吗, 联系): a merchant names
    their own, and a handoff acknowledged by itself would be wrong."""
    assert ("human" in [m.intent for m in engine.read(text).chosen]) is human, engine.read(text).matches


@pytest.mark.parametrize("text", ["黑的有吗", "能连接电脑吗", "音量能调低吗"])
def test_shipped_cues_for_a_variant_or_setting_asked(engine: Engine, text: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == "product_info", engine.read(text).matches


@pytest.mark.parametrize("text", ["马桶盖有点松动", "把手一直晃动"])
def test_a_loose_part_is_a_quality_issue(engine: Engine, text: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == "quality_issue", engine.read(text).matches


@pytest.mark.parametrize(("text", "intent"), [
    ("我这就下单", "payment"), ("好 我在下单了", "payment"),  # the buyer orders now (拍 with an item: the catalogue's)
    ("我下单的时候地址填错了", "address_change"),  # ordering as the setting of another request
])
def test_the_buyer_ordering_now_is_payment(engine: Engine, text: str, intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == intent, engine.read(text).matches


_READ_EXACTLY = """
import sys
from pathlib import Path
from bot.engine import EnginePaths, build_engine
engine = build_engine(EnginePaths.under(Path(sys.argv[1])))
for text in sys.argv[2:]:
    print([(m.intent, m.score.hex(), m.reason) for m in engine.read(text).matches])
"""


def test_readings_do_not_depend_on_the_processs_hash_seed() -> None:
    """Word weights are summed in the order the words come, not in a set's (which each process's hash seed orders
    differently): two workers of one service read a message alike, to the last bit of its score and the example
    it names (装机不满意是找你们还是找厂家 is as near 找你们主管 as 找你们经理; which one it named was a toss per process)."""
    root = Path(__file__).resolve().parent.parent
    texts = ["他叫我找你们", "装机不满意是找你们还是找厂家", "退货要怎么弄", "啥时候给我个结果"]
    readings = {
        subprocess.run([sys.executable, "-c", _READ_EXACTLY, str(root), *texts], cwd=root, capture_output=True, text=True,
                       timeout=120, env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout
        for seed in ("0", "7", "8", "12")
    }
    assert len(readings) == 1, readings


@pytest.mark.parametrize(("text", "intent"), [
    ("上个月买的 这周就开始降价", "price_protect"),  # a price that fell after buying, with no 了 after 降价
    ("能不能降价啊", "bargain"),  # asking for a lower price is haggling, though it holds 降价
    ("我不要电子版 开纸质版的", "invoice"),  # the invoice's form, without the word 发票
    ("到时候开好了麻烦说一声", "invoice"),  # an invoice issued (开好了), without the word 发票
    ("你那边开好没", "invoice"),
    ("按键时灵时不灵", "quality_issue"),  # an idiom in the shop dictionary: its 灵时 is no slip for 零食
    ("哦 那没事就好", "thanks_bye"),
    ("上门的师傅说话语气太差了", "human"),  # a complaint about the people who serve the buyer
])
def test_shipped_cues_for_price_drops_paper_invoices_and_manners(engine: Engine, text: str, intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == intent, engine.read(text).matches


def test_a_word_of_the_shop_dictionary_is_no_slip(engine: Engine) -> None:
    """待会 is in the shop's dictionary: jieba alone cuts 待|会|取件, and 会取 read as the slip of 回去 (hui qu) turned
    a pickup into a parcel sent back."""
    assert all("待会取件" in m.clause for m in engine.matcher.match("我待会取件 你们来拿吧")[:1])


@pytest.mark.parametrize(("text", "asked"), [("这个还要等多久", True), ("大概何时有货", True), ("已经等好久了呀", False)])
def test_how_long_asks(engine: Engine, text: str, asked: bool) -> None:
    """多久 asks, as 多少 does: a clause holding it is read as a question, not as a remark."""
    assert engine.sending.asking.found(text) is asked


@pytest.mark.parametrize(("text", "intent"), [
    ("拆了包装就不能换了吗", "return"),  # 不能 and 换 are cut apart as words, yet the buyer asks about an exchange
    ("门店不给换 让我找你们", "return"),
    ("还在路上 我不想要了", "cancel_order"),
    ("都发货了 能帮忙拦回来吗", "cancel_order"),  # stopping a parcel on its way is cancelling the order (拒收), not a return
    ("让快递拦截一下吧", "cancel_order"),
    ("这个灯闪得不正常", "quality_issue"),
    ("等了五天钱还没到账", "return"),  # money that has not arrived is the refund's, not the parcel's 还没…到
])
def test_shipped_cues_for_refused_returns_and_orders_not_wanted(engine: Engine, text: str, intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == intent, engine.read(text).matches


@pytest.mark.parametrize(("text", "intent"), [
    ("能改寄到长沙吗", "address_change"), ("帮我改到人民路25号吧", "address_change"),  # a new address by its road and number
    ("还是发前一个地址吧", "address_change"), ("能换成路由器吗", "return"),  # no road, no number: an exchange
    ("包裹里少收到一瓶", "quality_issue"), ("盒子里没有说明书", "quality_issue"),
    ("说明书有没有", "product_info"),  # asked before buying: 有没有 is not 没有
    ("我想寄修", "return"),  # a repair is the after-sales service
    ("我明天本人不在 怎么收", "shipping"), ("5号下午在家", "shipping"), ("那就8号送吧", "shipping"),
    ("能提前到周三送吗", "shipping"), ("这个型号在家用可以吗", "product_info"), ("能改送到明天吗", "shipping"),
    ("快递员什么时候来拿件", "return"), ("我去驿站拿件", "shipping"),  # the courier takes it back; the buyer fetches it
    ("个人换成单位的抬头", "invoice"), ("我填的个人 要改成公司", "invoice"),
    ("订单提交成功了吧", "payment"),
    ("哦了", "thanks_bye"), ("麻烦您", "thanks_bye"), ("打扰啦", "thanks_bye"), ("暂时木有了", "thanks_bye"),
    ("麻烦你帮我查下物流", "shipping"),  # 麻烦你 closes only as the whole message
])
def test_shipped_cues_for_new_addresses_missing_pieces_repairs_and_plain_closings(engine: Engine, text: str,
                                                                                  intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == intent, engine.read(text).matches


@pytest.mark.parametrize("text", ["我还是不明白", "没明白"])
def test_not_understanding_is_no_thanks(engine: Engine, text: str) -> None:
    """明白 closes a topic; 不明白 opens one (thanks_bye's negative examples)."""
    assert "thanks_bye" not in [m.intent for m in engine.read(text).chosen]


@pytest.mark.parametrize(("text", "intent"), [
    ("好了哈", "thanks_bye"), ("haode", "thanks_bye"), ("可以了！", "thanks_bye"), ("老板", "greeting"),
    ("要得哈", "thanks_bye"), ("嗯嗯 客气啦", "thanks_bye"), ("好得", "thanks_bye"), ("好得多吗", None),
    ("好了没", None), ("老板 能便宜点吗", "bargain"),  # as the whole message only
])
def test_bare_closings_and_callings_as_whole_messages(engine: Engine, text: str, intent: str | None) -> None:
    chosen = engine.read(text).chosen
    assert (chosen[0].intent if chosen else None) == intent, engine.read(text).matches


def test_a_whole_message_phrase_is_a_cue_where_an_example_scores_higher(tmp_path: Path, tokenizer: Tokenizer) -> None:
    """在？ is nearer the example 在吗 than the one-character phrase 在 scores: the reading keeps the example's score and
    the phrase as its cue, so the auto-send bar of a trainer's keyword applies, not the examples-alone one."""
    files = {"greeting": "name: greeting\npriority: low\nexamples: [在吗, 你好]\nwhole_message: [在]\n",
             "return": "name: return\nexamples: [我要退货]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files)
    plain, called = matcher.match(Normaliser()("在？"))[0], matcher.match(Normaliser()("在吗？"))[0]
    assert (plain.intent, plain.cue) == ("greeting", "在") and plain.score > 0.7, plain
    assert called.cue == "", called  # a message that is no phrase has no cue from it


@pytest.mark.parametrize(("text", "alone"), [("在？", True), ("亲在", True), ("在家", False)])
def test_a_bare_zai_is_a_hello_sent_alone(engine: Engine, text: str, alone: bool) -> None:
    turn = engine.reply(text, state=ConversationState("zai"))
    assert (turn.intents[:1] == ("greeting",) and turn.auto) is alone, (turn.intents, turn.auto)


@pytest.mark.parametrize("text", ["你们是寄纸质的吗？还是发我邮箱", "没寄的话发邮箱也行"])
def test_sending_to_a_mailbox_is_the_invoice_not_the_parcel(engine: Engine, text: str) -> None:
    """A parcel is not e-mailed: 发...邮箱 is an electronic invoice, though 寄 beside it is a shipping cue."""
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == "invoice", engine.read(text).matches


@pytest.mark.parametrize("text", ["这个能5月20号再送么", "订单可以延迟到下周吗", "我想这单提前送", "麻烦延后送两天"])
def test_a_delivery_moved_to_another_day_is_shipping(engine: Engine, text: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == "shipping", engine.read(text).matches


@pytest.mark.parametrize("text", ["四件套送不送枕芯", "锅送不送铲子", "你们送不送"])
def test_a_thing_that_may_come_with_the_goods_is_no_delivery_question(engine: Engine, text: str) -> None:
    """送不送 followed by a thing asks whether it comes with the goods (a product question or a gift): the shipping
    times sent alone to it answer nothing. Said of the parcel (送不送货, 送不送到, 不送上楼) it stays delivery's."""
    turn = engine.reply(text, state=ConversationState("with"))
    assert "shipping" not in turn.intents[:1] and not turn.auto, (turn.intents, turn.auto)


@pytest.mark.parametrize("text", ["送不送货上门", "送不送到小区里面", "快递怎么还不送", "为什么不送上楼"])
def test_delivery_refused_or_asked_for_stays_shipping(engine: Engine, text: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == "shipping", engine.read(text).matches


@pytest.mark.parametrize(("text", "intent"), [
    ("钱已经付了 发票抬头要开成公司的", "invoice"),
    ("花呗付的款 退款会退到哪", "return"),
    ("我用信用卡付的 那什么时候能发货", "shipping"),
    ("怎么用花呗付款", "payment"),  # paying itself asked about stays payment's, whatever the goods' cues say
])
def test_a_payment_told_as_the_setting_of_another_request_gives_way_to_it(engine: Engine, text: str, intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == intent, engine.read(text).matches


@pytest.mark.parametrize(("text", "intent"), [
    ("这个要怎么退", "return"), ("咋退啊", "return"), ("退的钱退哪了", "return"),
    ("下午五点以后送可以吗", "shipping"), ("白天家里没人代收", "shipping"), ("帮忙催投一下", "shipping"),
    ("系统上预计周五能到", "shipping"), ("镜头的像素是多少", "product_info"),
])
def test_bare_verbs_and_delivery_words_the_cues_lacked(engine: Engine, text: str, intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == intent, engine.read(text).matches


@pytest.mark.parametrize(("text", "intent"), [
    ("选的在线支付 也满额了 为啥还收运费", "bargain"),  # 支付 is the story's; the buyer asks about the freight
    ("单位走的财政支付 开户行信息没有", "invoice"),
    ("两单能一起支付吗", "payment"),  # how to pay is payment's, said with 支付
])
def test_paying_told_in_passing_is_no_payment_question(engine: Engine, text: str, intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == intent, engine.read(text).matches


@pytest.mark.parametrize(("text", "closes"), [
    ("好的 那个再寄两包吗", False),  # asks on after the closing's cue: what it asks is for an agent
    ("好的，弄好了是吧?", False),
    ("好的 行吗", False),  # asked in the closing's own words too
    ("没有了呢", True),  # 呢 ends a closing, asks nothing
    ("没啦？谢谢", True),  # the question comes before the closing, which ends the message
    ("好的谢谢", True),
    ("好的谢谢？？？", True),  # the closing's own words after its cue, however many question marks, ask nothing on
    ("嗯嗯 好的 谢谢?", True),
])
def test_a_closing_that_asks_on_is_none(engine: Engine, text: str, closes: bool) -> None:
    assert ("thanks_bye" in [m.intent for m in engine.read(text).chosen]) is closes, engine.read(text).matches


@pytest.mark.parametrize(("flag", "kept"), [("", True), ("closing: true\n", False)])
def test_only_a_closing_intent_gives_up_a_message_that_asks_on(tmp_path: Path, tokenizer: Tokenizer, flag: str,
                                                              kept: bool) -> None:
    files = {"thanks_bye": f"name: thanks_bye\npriority: low\n{flag}examples: [谢谢啦]\nkeywords: [好的]\n",
             "shipping": "name: shipping\nexamples: [发货了吗]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files)
    assert ("thanks_bye" in [m.intent for m in matcher.match("好的 可以了吗")]) is kept


@pytest.mark.parametrize(("text", "haggles"), [
    ("在填邮费的那一栏", False),  # the freight named in passing asks for nothing off
    ("还差一个凑单的", False),
    ("怎么还要收运费", True),
    ("有没有免费运费券", True),
    ("为什么还有运费", True),
])
def test_freight_named_is_no_haggle_until_asked_about(engine: Engine, text: str, haggles: bool) -> None:
    assert ("bargain" in [m.intent for m in engine.read(text).chosen]) is haggles, engine.read(text).matches


@pytest.mark.parametrize(("text", "intent"), [
    ("两件是分开单独寄的吗", "shipping"),  # how the parcels go out
    ("你们打包太随便了 盒子都破了", "quality_issue"),  # packing complained of
    ("东西已经打包好了吗", None),  # packing named, nothing wrong with it
])
def test_packing_asked_about_is_no_complaint(engine: Engine, text: str, intent: str | None) -> None:
    chosen = engine.read(text).chosen
    assert (chosen[0].intent if chosen else None) == intent, engine.read(text).matches


@pytest.mark.parametrize(("text", "intent"), [
    ("跟快递说一下别送了", "cancel_order"),  # 别送了 as 别发了
    ("这单重复购买了", "cancel_order"),  # 重复购买 as 重复下单
    ("就是错区了", "address_change"),  # the district written wrong, as the address
])
def test_the_other_wordings_of_a_cue(engine: Engine, text: str, intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == intent, engine.read(text).matches


@pytest.mark.parametrize(("text", "payment"), [
    ("怎么买", True), ("这个怎么买", True), ("怎么买呢", True),
    ("刷头怎么买", False), ("配件怎么买", False), ("滤网怎么买啊", False),  # where that thing is sold, not how to pay
])
def test_how_to_buy_is_payment_only_said_alone(engine: Engine, text: str, payment: bool) -> None:
    chosen = engine.read(text).chosen
    assert (bool(chosen) and chosen[0].intent == "payment") is payment, engine.read(text).matches


def _goods_matcher(tmp_path: Path, tokenizer: Tokenizer, flag: str, **options: float) -> Matcher:
    """A goods intent (`flag`: its open_names line) and a courier intent, with the tagger of words that name a thing."""
    files = {"product_info": f"name: product_info\n{flag}examples: [这个杯子能装热水吗, 杯子有盖子吗]\n",
             "shipping": "name: shipping\nexamples: [什么时候发货]\n"}
    return small_matcher(tmp_path, tokenizer, files, names=True, **options)


def test_a_question_naming_a_thing_no_example_names_leans_to_the_goods(tmp_path: Path, tokenizer: Tokenizer) -> None:
    """手柄 is in no example: a question about it (这个杯子有手柄吗) is read as the goods' with `open_margin` less to
    clear; not when the intent keeps a closed list, the clause only tells, or the words are all the examples' own."""
    asked, told, known = "这个杯子有手柄吗", "这个杯子手柄", "这个杯子有盖子"
    score = _goods_matcher(tmp_path, tokenizer, "").match(asked)[0].score
    options = {"threshold": score + 0.05, "remark_margin": 0.0}
    open_goods = _goods_matcher(tmp_path, tokenizer, "open_names: true\n", **options)
    chosen = lambda m, text: [c.intent for c in m.chosen(m.match(text))]  # noqa: E731
    assert tokenizer.names_thing("手柄") and not tokenizer.names_thing("小王") and not tokenizer.names_thing("连接")
    assert chosen(open_goods, asked) == ["product_info"]
    assert chosen(_goods_matcher(tmp_path, tokenizer, "", **options), asked) == []  # no open_names: the threshold alone
    assert chosen(_goods_matcher(tmp_path, tokenizer, "open_names: true\n", **options, open_margin=0.0), asked) == []
    assert open_goods.match(told)[0].score < score + 0.05 and chosen(open_goods, told) == []  # it asks nothing
    assert all(open_goods.clearance(m, open_goods.match(known)) == m.score for m in open_goods.match(known))


def test_a_new_thing_leans_to_the_goods_only_well_ahead_of_another_reading(tmp_path: Path, tokenizer: Tokenizer) -> None:
    """The lean is for the best reading, `open_lead` ahead of the next: a new thing beside another request's words
    says nothing of which request it is."""
    matcher = _goods_matcher(tmp_path, tokenizer, "open_names: true\n")
    matches = [Match("product_info", 0.5, "example", "这个杯子有手柄吗"), Match("shipping", 0.45, "example", "这个杯子有手柄吗")]
    assert matcher.clearance(matches[0], matches) == 0.5  # 0.05 ahead: no lean
    assert matcher.clearance(matches[0], matches[:1]) == pytest.approx(0.5 + MatchOptions().open_margin)
    assert matcher.clearance(matches[1], matches) == 0.45  # not the best


@pytest.mark.parametrize(("text", "intents"), [
    ("这个锅能用在电磁炉上吗", ["product_info"]),  # 电磁炉: a thing no example of the shipped intents names
    ("这个锅电磁炉", []),  # named, asked nothing
])
def test_shipped_goods_questions_about_a_new_thing(engine: Engine, text: str, intents: list[str]) -> None:
    assert [m.intent for m in engine.read(text).chosen] == intents


@pytest.mark.parametrize(("text", "intent"), [
    ("收货地址填错了 帮我退款我重新下一单", "return"),  # the wrong address is why the buyer wants the money back
    ("地址写错了，先取消订单吧", "cancel_order"),
    ("收货地址填错了 帮我改一下", "address_change"),  # asked to mend it: the address is the request
])
def test_a_wrong_address_gives_way_to_the_refund_it_is_the_reason_for(engine: Engine, text: str, intent: str) -> None:
    assert engine.read(text).chosen[0].intent == intent


def test_an_example_that_cannot_beat_its_intent_s_best_is_not_compared_inside_the_clause(
        tmp_path: Path, tokenizer: Tokenizer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The character views are worked out only where they may raise an intent's best example: an example the clause
    has every word of (its best so far) leaves a shorter one of the same intent, sharing less, nothing to win even
    found inside the clause, so partial_ratio is not asked of it; the scores are those of comparing every example."""
    files = {"shipping": "name: shipping\nexamples: [什么时候发货, 发货]\n"}
    matcher = small_matcher(tmp_path, tokenizer, files)
    compared: list[tuple[str, str]] = []
    partial = fuzz.partial_ratio
    monkeypatch.setattr(fuzz, "partial_ratio", lambda a, b: compared.append((a, b)) or partial(a, b))
    scores = matcher._example_scores("什么时候发货啊", tokenizer.content_words("什么时候发货啊"), [1.0])
    assert scores[0][1] == "什么时候发货" and ("发货", "什么时候发货啊") not in compared
