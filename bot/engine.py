"""The reply pipeline: normalise -> slots -> match -> policy -> render, for one buyer message.

The engine holds no storage: the caller passes the conversation state and the order in, and stores
the state that comes back. That keeps it pure enough to test with tables and to share between the
command line, the server and the benchmark.
"""
from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache, cached_property
from pathlib import Path
from collections.abc import Callable, Collection, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from jinja2.sandbox import SandboxedEnvironment

from bot.catalog import ProductAnswer, ProductDesk, load_catalog
from bot.catalog.answers import FACTUAL
from bot.context import ContextCues, ContextOptions, answers_alone, as_heard, asks, closed_by, conditioned, denied, in_context, topic, with_courtesy
from bot.domain import ConversationState, Heard, Match, Order, Slots
from bot.intents import Intent, load_context_cues, load_intents, load_product_words, load_sending_cues, user_words_file
from bot.marks import NO_HOLDS, Holds, MarkCount, kinds_of
from bot.matcher import Matcher, MatchOptions
from bot.memo import per_text
from bot.render import RenderError, combine, make_environment, render
from bot.second import UNANSWERED, SecondReader
from bot.sending import SendingCues
from bot.slots import extract, mask_phones
from bot.text import Normaliser, asking_clauses, clauses, is_meaningful
from bot.tokenize import Tokenizer, read_user_dictionary
from policy.loading import load_rules
from policy.rules import Offer, ShopRules, Situation, answering, is_angry, offer_for, order_facts, received

log = logging.getLogger(__name__)

FALLBACK_TEMPLATE = "fallback"
QUICK_TEMPLATE = "suggest/quick"  # a holding phrase for the agent, by intent
CLARIFY_TEMPLATE = "suggest/clarify"  # a question that tells the likely readings apart, by intent
PRODUCT_INTENT = "product_info"  # answered from the catalogue when the shop has one
# Intents a question about the goods is mistaken for: 会起球吗 reads like the complaint 起球了.
PRODUCT_LOOKALIKES = frozenset({"quality_issue", "bargain"})  # readings the catalogue may claim (ProductDesk.claims)
# readings a stock or price question about a named item may get (L码啥时候能到货 as shipping, 红枣怎么卖 as payment),
# or a question the catalogue claims (送不送电池, where 送 reads as delivery): the catalogue's answer then waits for an
# agent in their place (ProductDesk.asks_of_item, ProductDesk.claims)
PRODUCT_RIVALS = frozenset({"shipping", "payment"})
# the reading a question about an ordered item the catalogue lacks may get before delivery (这个外套掉毛严重吗 as a
# complaint): the catalogue says it has no record of the item, for an agent (ProductDesk.asks_of_unlisted)
UNLISTED_LOOKALIKES = frozenset({"quality_issue"})
# readings a purchase about to be made may get (行 那我拍个43的 as a goodbye), which the catalogue answers (ProductDesk.buys)
PURCHASE_LOOKALIKES = frozenset({"thanks_bye"})
# the reading a question on returning a named item gets before delivery, which that item's own rule may answer
# (金条支持七天无理由吗: 贵金属不支持; ProductDesk.own_rule): the catalogue's answer then waits for an agent in its place
RULE_LOOKALIKES = frozenset({"return"})
# the reading a question on what a named item holds inside gets (礼盒里会放发票吗 as an invoice request), which the item's
# own file may answer (ProductDesk.asks_inside), or a version of a named item asked by an invoice keyword (电子版:
# ProductDesk.asks_version): the catalogue's answer then waits for an agent in its place
INSIDE_LOOKALIKES = frozenset({"invoice"})
# every reading the catalogue may take over (the branches of Engine._product): the item of any other is never looked up
CATALOGUE_MAY_TAKE = (PRODUCT_LOOKALIKES | PRODUCT_RIVALS | UNLISTED_LOOKALIKES | PURCHASE_LOOKALIKES | RULE_LOOKALIKES
                      | INSIDE_LOOKALIKES)
LAST_RESORT = "亲，您的消息已收到，客服马上为您处理，请稍等~"
# after-sale cases neither the seeds nor the shop's rules settle, which wait for an agent, and the ground each is on: on
# delivered goods whose own warranty speaks of it or of what the buyer reports, the reply quotes it (`Engine._with_item_rule`)
ITEM_RULE_CASES = {("quality_issue", "allergy"): "过敏", ("quality_issue", "warranty"): "保修 质保 维修 包换"}
TEMPLATE_GLOBALS = frozenset({"case", "intent", "order", "shop", "slots", "seed", "choose"})


@dataclass(frozen=True)
class EnginePaths:
    """The shop's files; `aspects` (review complaints) serves the review flow, not the reply engine."""

    intents: Path
    replies: Path
    policy: Path
    aspects: Path = Path("aspects")
    catalog: Path | None = None  # one YAML file per product; None: no catalogue, product questions go to agents

    @classmethod
    def under(cls, root: Path) -> "EnginePaths":
        """The standard layout of a shop folder: intents/, replies/, policy/shop.yaml, aspects/, catalog/."""
        root = Path(root)
        catalog = root / "catalog"
        return cls(root / "intents", root / "replies", root / "policy" / "shop.yaml", root / "aspects",
                   catalog if catalog.is_dir() else None)


@dataclass(frozen=True)
class Reading:
    normalised: str
    matches: list[Match]  # top-k, best first
    chosen: list[Match]  # the ones to answer; empty = fall back
    slots: Slots  # of this message alone
    text: str = ""  # what the matcher read: the message without its slots (order numbers, the order card)


@dataclass(frozen=True)
class Suggestion:
    text: str
    intent: str | None  # None for the fallback

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "intent": self.intent}


@dataclass(frozen=True)
class Turn:
    """One message answered. `answer` is rendered at once; the other suggestions only when asked
    for (an agent's window, the assist API): a reply the bot sends by itself needs none of them."""

    text: str
    matches: tuple[Match, ...]
    intents: tuple[str, ...]
    answer: Suggestion
    handoff: bool
    auto: bool
    angry: bool
    slots: Slots
    state: ConversationState
    facts: dict[str, Any] = field(default_factory=dict)
    held: MarkCount | None = None  # the agents' marks that kept back an answer which would otherwise go alone
    product: ProductAnswer | None = None  # the catalogue's answer to a product question
    alternatives: Callable[[], tuple[Suggestion, ...]] = field(default=tuple, repr=False, compare=False)

    @cached_property
    def suggestions(self) -> tuple[Suggestion, ...]:
        """Up to three, the answer first."""
        return (self.answer, *self.alternatives())

    @property
    def reply(self) -> str:
        return self.answer.text

    @property
    def fallback(self) -> bool:
        return not self.intents

    @property
    def score(self) -> float:
        return self.matches[0].score if self.matches else 0.0


@dataclass(frozen=True)
class Sending:
    """What `Engine.sends_alone` decided: whether the answer goes out alone, and when it waits only because the
    agents' marks hold its kind of reading (bot/marks.py), the marks that hold it."""

    alone: bool
    held: MarkCount | None = None


WAITS = Sending(False)


@dataclass(frozen=True)
class AutoBar:
    """How sure a reading must be to go out with no agent (`Engine.sends_alone`), chosen with
    scripts/auto_precision.py on labelled samples. A reading that carries one of the trainers' keywords
    (`Match.cue`) agrees with what a person wrote down for the intent and needs less than one the examples
    alone make: those are the near misses (可以发 is not 发了没)."""

    cue_score: float = 0.7  # the best score a reading with a trainer's keyword needs
    example_score: float = 0.8  # ...and one from the examples alone
    margin: float = 0.2  # over any other request that waits for an agent (a refund, a haggle...)
    margin_alone: float = 0.0  # over another request the bot would also answer by itself
    courtesy_words: int = 0  # a hello or a thanks beside more words than this waits
    # The second reader of the examples (bot/second.py), on the same scale of chances:
    agreement: float = 0.3  # its least chance for a statement read as one of sending.yaml's `statements` intents
    agreed_example_score: float = 0.6  # the best score a question from the examples alone needs when it agrees...
    strong_agreement: float = 0.8  # ...with at least this chance; so does a hello or a thanks beside other words
    # its chance that a request is none of the intents (sending.yaml's `unanswered`) at which it waits: 0.4 since that class
    # grew from 284 to 530 examples, which lifts every message's chance of it; at 0.3 the tuning pool lost 10 right sends
    # to hold 4 wrong ones, at 0.4 it holds 2 and loses 1 (scripts/auto_precision.py on the five tuning files)
    unanswered: float = 0.4

    def __post_init__(self) -> None:
        for name in ("cue_score", "example_score", "margin", "margin_alone", "agreement", "agreed_example_score",
                     "strong_agreement", "unanswered"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0.0 <= value <= 1.0:
                raise ValueError(f"auto-send {name} must be a number from 0 to 1, not {value!r}")
        if not isinstance(self.courtesy_words, int) or isinstance(self.courtesy_words, bool) or self.courtesy_words < 0:
            raise ValueError(f"auto-send courtesy_words must be a whole number from 0, not {self.courtesy_words!r}")


def sure(chosen: Sequence[Match], matches: Sequence[Match], *, low: Collection[str], alone: Collection[str],
         bar: AutoBar) -> bool:
    """Whether a reading is sure enough to send with no agent: its best score clears the bar (lower with a
    trainer's keyword in it), and no other request that waits for an agent comes within the margin of it
    (unsure between a fact and a refund, a person should choose); another request the bot answers alone
    (`alone`) need only trail it by `margin_alone`. A hello or a thanks (intents in `low`) beside a request
    casts no doubt on it, unless it reads clearer than the request by more than the margin (好的 我再拍一下
    is a thanks more than an order placed)."""
    if not chosen:
        return False
    answered = {m.intent for m in chosen}
    best = chosen[0].score
    for m in matches:
        if m.intent in answered:
            continue
        if m.intent in low:
            doubt = m.score - best > bar.margin
        else:
            doubt = best - m.score < (bar.margin_alone if m.intent in alone else bar.margin)
        if doubt:
            return False
    return best >= (bar.cue_score if chosen[0].cue else bar.example_score)


class Engine:
    def __init__(
        self,
        *,
        intents: list[Intent],
        matcher: Matcher,
        rules: ShopRules,
        env: SandboxedEnvironment,
        normalise: Normaliser,
        auto: AutoBar = AutoBar(),
        tokenizer: Tokenizer | None = None,
        context: ContextOptions = ContextOptions(),
        cues: ContextCues = ContextCues(),
        desk: ProductDesk | None = None,
        sending: SendingCues = SendingCues(),
        second: SecondReader | None = None,
    ) -> None:
        self.intents = {i.name: i for i in intents}
        self.tokenizer = tokenizer  # handed to build_engine when reloading: jieba loads once
        self.matcher = matcher
        self.rules = rules
        self.env = env
        self.normalise = normalise
        self.auto = auto  # measured by scripts/auto_precision.py
        self.context = context
        self.cues = cues  # the trainers' words for how a follow-up meets its conversation
        self.sending = sending.normalised(normalise)  # ...and for what keeps a sure answer waiting (sends_alone)
        self._low = frozenset(i.name for i in intents if i.priority == "low")
        self._no_topic = self._low | {i.name for i in intents if not i.topic}
        self._alone = frozenset(i.name for i in intents if i.auto)
        self._every = frozenset(self.intents)
        self.desk = desk
        self.second = second  # another reader of the examples, asked only by sends_alone
        self._tz = ZoneInfo(rules.timezone)

    def with_auto(self, bar: AutoBar) -> "Engine":
        """This engine sending replies by itself at another bar: to measure its precision."""
        other = copy.copy(self)
        other.auto = bar
        return other

    def asked_about(self, reply: str) -> str | None:
        """The intent a reply to the buyer asks about (请问开个人还是单位的发票？ -> invoice), or None
        when it asks nothing: the buyer's 是的 or 单位的 that follows answers it."""
        if not asks(reply):
            return None
        chosen = self.read(reply).chosen
        return chosen[0].intent if chosen else None

    def shop_clock(self, moment: datetime | None) -> datetime:
        """A moment as a naive time on the shop's clock, which is what the rules speak of."""
        if moment is None:
            return datetime.now(self._tz).replace(tzinfo=None)
        return moment.astimezone(self._tz).replace(tzinfo=None) if moment.tzinfo else moment

    def _localise(self, order: Order | None) -> Order | None:
        if order is None:
            return None
        times = {k: self.shop_clock(getattr(order, k)) if getattr(order, k) else None for k in ("paid_at", "shipped_at", "delivered_at")}
        items = tuple(replace(i, ships_by=self.shop_clock(i.ships_by)) if i.ships_by else i for i in order.items)
        return Order(**{**order.__dict__, **times, "items": items})

    def read(self, text: Any, *, state: ConversationState | None = None) -> Reading:
        """What a message says, before any policy: its intents and its slots; with the conversation's
        `state`, a short follow-up is read in the light of what came before."""
        normalised = self.normalise(text)
        extraction = extract(normalised)
        said = is_meaningful(extraction.rest)
        # an order number, a phone or a figure alone says nothing by itself, but answers what the conversation asked
        if not said and (state is None or not answers_alone(extraction.rest, extraction.slots)):
            return Reading(normalised, [], [], extraction.slots, extraction.rest)
        own = self.matcher.match(extraction.rest, recent_intents=state.recent_intents if state else ()) if said else []
        own = conditioned(own, extraction.rest, cues=self.cues, threshold=self.matcher.options.threshold,
                          options=self.context, recent=state.recent_intents if state else ())
        closed, about = self._topic(state) if state else (None, {})
        if not about and self.cues.carries_on(extraction.rest):
            # 等多久? said first: waiting for what, nothing says; 帮忙催一下 urges the parcel (the trainers' `urges`)
            urged = self.cues.urged(extraction.rest)
            own = [m for m in own if m.intent in self._low or m.intent == urged]
        if state is None:
            matches = own
        else:
            named = bool(own) and own[0].intent in self.cues.keeps and self.matcher.in_own_words(extraction.rest, own[0].cue)
            matches = in_context(own, extraction.rest, about, threshold=self.matcher.options.threshold, low=self._low,
                                 options=self.context, cues=self.cues, ongoing=state.turns > 0, named=named, closed=closed,
                                 asks=self.sending.asking.found(extraction.rest), said={w for h in state.heard for w in h.words})
        chosen = with_courtesy(self.matcher.chosen(matches), matches, low=self._low, threshold=self.matcher.options.threshold)
        return Reading(normalised, matches, chosen, extraction.slots, extraction.rest)

    def _topic(self, state: ConversationState) -> tuple[str | None, dict[str, float]]:
        """The thanks the buyer's newest message closed the conversation with, if any, and what it is about."""
        closed = closed_by(state.heard, ignore=self._no_topic, options=self.context, closing=self._low)
        return closed, topic(state.heard, state.asked, ignore=self._no_topic, options=self.context, closed=closed)

    @staticmethod
    def order_named(reading: Reading, state: ConversationState) -> str | None:
        """The order the buyer names, in this message (as `read`) or an earlier one of the conversation."""
        return reading.slots.merged_over(state.slots).order_id

    def reply(
        self,
        text: Any,
        *,
        state: ConversationState,
        order: Order | None = None,
        reading: Reading | None = None,
        now: datetime | None = None,
        holds: Holds = NO_HOLDS,
    ) -> Turn:
        """The answer to one message about `order`. A caller with a store reads the message first
        (`reading`: `read(text, state=state)`) and looks up the order `order_named` gives, so that
        "订单T1005 我想退货" is answered for T1005 and the engine itself never waits on storage; it passes the
        kinds of reading the agents' marks hold now (`holds`, bot/marks.py) the same way."""
        reading = reading or self.read(text, state=state)
        matches, chosen, own_slots = reading.matches, reading.chosen, reading.slots
        intents = tuple(m.intent for m in chosen)
        slots = own_slots.merged_over(state.slots)
        clock = self.shop_clock(now)
        seed = f"{state.conversation_id}:{state.turns}"
        product = self._product(text, reading, intents, slots, order, state, clock, seed)
        # whether the message says something of an item only the catalogue answers, beside the intents read: asked by
        # _beside and by sends_alone, worked out once for the same intents
        item_part = cache(lambda read_as: self._item_part(str(text), reading.normalised, order, state, read_as))
        if product is not None and PRODUCT_INTENT not in intents:
            intents = (PRODUCT_INTENT,)  # a product question the matcher missed, that the catalogue read
        elif product is None and intents and PRODUCT_INTENT not in intents and (
                product := self._beside(reading, slots, order, state, clock, seed, item_part)) is not None:
            intents = (*intents, PRODUCT_INTENT)  # 吹风机雾霾蓝有吗 发顺丰不: the stock beside the shipping, for an agent
        situation = Situation(reading.normalised, self._localise(order), state, slots, clock, intents)
        # a problem the shop must act on leads the reply, before what the message asks in passing; a reading another
        # reply covers is not answered twice (a complaint's goods are not looked up in the catalogue)
        offers = sorted(answering([offer_for(i, situation, self.rules) for i in intents]), key=lambda o: o.answers)
        offers = self._with_item_rule(offers, reading.normalised, order)
        if product is not None and all(o.intent != PRODUCT_INTENT for o in offers):
            product = None
        answer = self._answer(offers, situation, seed, product)
        handoff = any(o.handoff for o in offers)
        angry = is_angry(situation.text, self.rules)
        sending = self.sends_alone(offers, chosen, matches, state, angry=angry, product=product, text=reading.text,
                                   slots=reading.slots, holds=holds,
                                   chooses=lambda: product is None and item_part(intents))
        facts = order_facts(situation, self.rules) | {k: v for o in offers for k, v in o.facts.items() if v is not None}
        facts |= product.facts if product else {}
        return Turn(
            text=str(text),
            matches=tuple(matches),
            intents=intents,
            answer=answer,
            handoff=handoff,
            auto=sending.alone,
            angry=angry,
            slots=slots,
            state=state.after_turn(list(intents), own_slots, handoff=handoff, item_sku=product.sku if product else None,
                                   product_kind=product.kind if product else None, variant=product.variant if product else (),
                                   heard=self._heard(reading, chosen),
                                   asked=answer.intent if asks(answer.text) else None),
            facts=facts,
            held=sending.held,
            product=product,
            alternatives=lambda: self._alternatives(answer, offers, matches, situation, seed),
        )

    def _heard(self, reading: Reading, chosen: Sequence[Match]) -> Heard:
        """The message as the conversation goes on with it (`as_heard`), with the words a later 怎么取消 is read by and
        the readings it denied (我地址没有错)."""
        return Heard.of(as_heard(reading.matches, reading.text, cues=self.cues, options=self.context), floor=self.context.floor,
                        answered=chosen[0].intent if chosen else None, tie=self.matcher.options.yield_margin,
                        words=self.cues.words_in(reading.text),
                        denied=denied(reading.matches, self.cues.denials, asks=self.sending.asking.found))

    def sends_alone(self, offers: list[Offer], chosen: list[Match], matches: list[Match], state: ConversationState, *,
                    angry: bool, text: str, slots: Slots = Slots(), product: ProductAnswer | None = None,
                    chooses: Callable[[], bool] | None = None, holds: Holds = NO_HOLDS) -> Sending:
        """The one place that decides whether an answer may go out with no agent in between: it answers with
        facts (every offer says so, and a product question only when the catalogue read its facts; a question
        back or a holding reply waits), every intent is in auto mode, the reading is confident, and no person
        is needed. A request read from words that only urge (还要等多久) waits when it may urge something else
        (`_urges_another`), and so does one inside a remark (the trainers' `remarks`: 和我没有关系), a statement the
        second reader of the examples doubts (`_doubted`) or one it takes for none of the intents (`_unanswered`: a story
        about an earlier parcel); a question just under the bar that it agrees with goes
        (`_agreed`); so does a reading of the trainers' `sums` intents beside an amount of money in `slots` (what the
        message gives: 两单一起付怎么要300元 is about the price, not how to pay). A hello or a thanks (`text`, the message as
        matched) goes out alone only when the message is little else (`_courtesy_alone`): 你好，这个是邮寄的吗 waits. A handoff
        the buyer asked for is acknowledged at once, angry or not, while the conversation waits, flagged, for a
        person; after that, until an agent answers, the bot only suggests. A message that picks a colour or size of the
        item the conversation is about, or says it buys it (`chooses`: 行 就43了 谢谢, 好嘞 我去拍了), is a choice the
        shop answers (the stock of that variant, what goes with it), not the thanks or the payment methods read in it; and
        a message that says something of an item only the catalogue answers (a variant of an item it names: 粉色什么时候发货,
        a clause the catalogue claims) is not answered by another reply alone (`_item_part`). `chooses` reads the
        catalogue, so it is asked last, of an answer that would otherwise go out alone. Last of all, such an answer
        waits when the agents' marks hold one of its kinds of reading (`holds`: an intent and the keyword that made it,
        bot/marks.py), and says so (`Sending.held`); a handoff's acknowledgement never waits for them, since every
        handed-off buyer gets an agent's own words, which count as the suggestion rejected."""
        if not offers or state.handed_off or (product is not None and not product.factual):
            return WAITS
        # what the offers and the mood settle, before the readers are asked (the second reader costs the most)
        answering = all(o.answers or (o.intent == PRODUCT_INTENT and product is not None) for o in offers)
        if not (answering and all(self.intents[o.intent].auto for o in offers if o.intent in self.intents)):
            return WAITS
        if angry and not all(o.handoff for o in offers):
            return WAITS  # a handoff's acknowledgement goes out whatever the mood
        only_product = product is not None and [o.intent for o in offers] == [PRODUCT_INTENT]
        # sure of the reading (sure()), and not a guess from the conversation, which waits for an agent
        confident = only_product or (bool(chosen) and (self.reads_surely(chosen, matches) or self._agreed(chosen, matches, text))
                                     and not chosen[0].from_context)
        if confident and self._urges_another(chosen, state, text):
            confident = False
        if confident and all(o.intent in self._low for o in offers):
            confident = self._courtesy_alone(text, [o.intent for o in offers], gives=slots != Slots())
        elif confident and not all(o.handoff for o in offers) and (self.sending.remark(text) or self._doubted(chosen, text)
                                                                   or (not only_product and self._unanswered(chosen, text))
                                                                   or (bool(slots.amounts) and any(m.intent in self.sending.sums
                                                                                                    for m in chosen))):
            confident = False  # a keyword inside a remark (和我没有关系), a statement the examples do not bear out, a story,
            # a sum of money the reply would pass over
        if not confident or (chooses is not None and chooses()):
            return WAITS
        cues = {m.intent: m.cue for m in matches}
        held = None if all(o.handoff for o in offers) else holds.holding(kinds_of((o.intent for o in offers), cues))
        return Sending(held is None, held)

    def reads_surely(self, chosen: Sequence[Match], matches: Sequence[Match]) -> bool:
        """Whether a reading clears the engine's bars (`sure` at `AutoBar`), before any other check of sends_alone: what
        scripts/intent_reliability.py counts, intent by intent. A reading of the trainers' `trusted` intents only, made
        with one of their keywords, clears the margin over any other request as it does over one answered alone: the
        keyword names the request wherever buyers write it, so a rival close behind is another word's pull (换 of
        我想换个发票抬头 read as a return), not a doubt about what is asked; its score still has to clear the bar."""
        named = bool(chosen) and bool(chosen[0].cue) and all(m.intent in self.sending.trusted for m in chosen)
        return sure(chosen, matches, low=self._low, alone=self._every if named else self._alone, bar=self.auto)

    def _agreed(self, chosen: list[Match], matches: list[Match], text: str) -> bool:
        """Whether a question read from the examples alone, a little under the bar (明天晚上能发出来吗: no keyword, and
        the nearest example not near enough), is one both readers take the same way: it clears `agreed_example_score`
        with the margins of `sure`, the message asks (a question or a request word), and the second reader gives every
        request in it at least `strong_agreement`. Two readers built differently rarely agree on a wrong reading."""
        if chosen[0].cue or not self._asks(text):
            return False
        lower = replace(self.auto, example_score=self.auto.agreed_example_score)
        requests = [m.intent for m in chosen if m.intent not in self._low]
        return bool(requests) and sure(chosen, matches, low=self._low, alone=self._alone, bar=lower) and \
            self._second_agrees(requests, text, self.auto.strong_agreement)

    def _doubted(self, chosen: list[Match], text: str) -> bool:
        """Whether a statement (no question or request word: 第三方使用你们的京东物流的) is read as an intent whose
        statements need both readers (the trainers' `statements`: shipping, whose keywords a story about a parcel
        holds as often as a question does) and the second reader gives that intent less than `agreement`. The
        complaint about a late parcel, which the shipping facts answer, is a statement too: the examples bear it out."""
        told = [m.intent for m in chosen if m.intent in self.sending.statements]
        return bool(told) and not self._asks(text) and not self._second_agrees(told, text, self.auto.agreement, unknown=True)

    def _unanswered(self, chosen: list[Match], text: str) -> bool:
        """Whether the second reader takes a message read as a request for one that no intent answers, with at least
        `AutoBar.unanswered`: it learned the trainers' `unanswered` examples (a story about an earlier parcel, a remark, a
        question about the platform) beside the intents' own, so it can tell 第三方使用你们的京东物流的 from a question about
        the parcel, where the matcher only weighs one intent against another and both readers see the keyword. A reading
        of the trainers' `trusted` intents only (invoice, whose keywords name the request on every labelled sample) is
        not asked: a question about an invoice that sounds like a story (我之前开的发票...) is still about the invoice."""
        if self.second is None or all(m.intent in self._low or m.intent in self.sending.trusted for m in chosen):
            return False
        chance = self._chances(text).get(UNANSWERED)
        return chance is not None and chance >= self.auto.unanswered

    @per_text()
    def _chances(self, text: str) -> dict[str, float]:
        """The second reader's chance of each intent it knows for a message (`SecondReader.chance` of one); kept, as
        _unanswered and _second_agrees (once an intent) ask in turn."""
        return self.second.chances(self.matcher.bag(text)) if self.second is not None else {}

    def _second_agrees(self, intents: list[str], text: str, at_least: float, *, unknown: bool = False) -> bool:
        """Whether the second reader gives each of `intents` at least `at_least` for the message; `unknown` for an intent
        it has no examples of, or when there is no second reader (then only the matcher's reading counts)."""
        if self.second is None:
            return unknown
        chances = [self._chances(text).get(intent) for intent in intents]
        return all(unknown if c is None else c >= at_least for c in chances)

    def _asks(self, text: str) -> bool:
        """Whether a message asks or requests something in so many words or in a question's form (the trainers'
        `asks` and `requests`)."""
        return self.sending.asking.found(text)

    def _courtesy_alone(self, text: str, intents: Sequence[str], *, gives: bool) -> bool:
        """Whether a hello or a thanks is what the message says: it asks nothing to be done (the trainers'
        `requests`: 麻烦你帮我看看 谢谢 waits), and beside it are at most `courtesy_words` words their examples never
        use, or words that ask nothing before it closes the message (终于弄明白了 谢谢 ends the chat; 那我怎么弄呢 谢谢
        asks for more: the trainers' `asks`, a question mark, a number or an order number given) or that the second
        reader, asking nothing either, reads as the hello or the thanks (`strong_agreement`: 真的很感谢). A message that
        ends holding the agent while the buyer looks (the trainers' `holds`: 好的 稍等, 好 等等) is no goodbye: the buyer
        is coming back (喔 我查查 谢谢 ends on the thanks, and goes). What the buyer calls the agent (the trainers'
        `addresses`: 好的，小王) is no word beside it. 麻烦 said of the matter (the trainers' `grumbles`: 好麻烦了啊) is
        no thanks at all, though the 麻烦了 in it is one's keyword."""
        parts = clauses(text)
        if self.sending.requests_in(text) or self.sending.grumble(text) or self._asks_beside_courtesy(text) or \
                (parts and self.cues.holds_on(parts[-1])):
            return False
        if self.matcher.words_beside_courtesy(self.sending.unaddressed(text)) <= self.auto.courtesy_words:
            return True
        closes = len(parts) > 1 and not self.matcher.words_beside_courtesy(self.sending.unaddressed(parts[-1]))
        # 真的很感谢 or 明白了 谢谢您啊: words beside it that its examples never use, yet both readers read a thanks
        agreed = self._second_agrees(list(intents), text, self.auto.strong_agreement)
        return (closes or agreed) and not gives and not asks(text) and not self.sending.asks_in(text)

    def _asks_beside_courtesy(self, text: str) -> bool:
        """Whether a message read as a hello or a thanks has a clause that asks and is neither (好的，改好了吗 and 你好，
        弄完了没 ask whether something is done; the 好的 before it is no goodbye): every word of it may be one the hello's
        and the thanks' examples use, so only the clause tells. A clause that only says yes (嗯呢) or that is a hello or a
        thanks itself (还在吗, 没啦?) asks nothing of the shop."""
        return any(
                   not any(m.intent in self._low for m in self.matcher.chosen(self.matcher.match(part)))
                   for part in asking_clauses(text, self.sending.asking))

    def _urges_another(self, chosen: list[Match], state: ConversationState, text: str) -> bool:
        """Whether a request read from a clause that only urges or waits (查到了吗, 还要等多久: the trainers'
        `carry_on` words) may be urging something else: another request in the message, or what the conversation
        is about (还要等多久 after a price protection), or anything at all when the whole message only urges and no
        conversation says what (等多久? said first: a parcel, a refund, a repair). Its words name no topic, so which
        one it means is a guess. A reading whose keyword only urges (能快点, 等多久, 催催) beside other words, with no
        conversation, is a guess too unless the second reader strongly agrees (`strong_agreement`) and the other words name
        nothing else the shop is urged to do (the trainers' `errands`: 催催财务, 能快点吗 等着买单): they say what is urged,
        and the keyword does not."""
        requests = [m for m in chosen if m.intent not in self._low]
        urging = [m for m in requests if self.cues.carries_on(m.clause)]
        urged = urging or [m for m in requests if m.cue and self.cues.carries_on(m.cue.replace("*", ""))]
        if not urged:
            return False
        if urging and len(requests) > 1:
            return True
        _, about = self._topic(state)
        if about:
            return bool(urging) and max(about, key=about.__getitem__) != urging[0].intent
        return (bool(urging) and self.cues.carries_on(text)) or self.sending.errand(text) is not None or \
            not self._second_agrees([urged[0].intent], text, self.auto.strong_agreement, unknown=True)

    def _item_part(self, raw: str, text: str, order: Order | None, state: ConversationState,
                   intents: tuple[str, ...] = ()) -> bool:
        """Whether a message says something of an item that only the catalogue answers (`ProductDesk.speaks_of`: a
        variant of an item it names, a clause the catalogue claims; or a clause asking of an item that is none of the
        `intents` read in the message, `_asked_beside`) or picks a variant of the conversation's item or says it buys it
        (`ProductDesk.picks`): a reply that is not the catalogue's leaves that part unanswered. The goods of the order are
        the buyer's own: their colour and size say which parcel (我买了龟背竹小号 什么时候发货), not what is asked."""
        if self.desk is None:
            return False
        bought = frozenset(i.sku for i in order.items) if order is not None else frozenset()
        about = (state.item_sku,) if state.item_sku and state.item_sku not in bought else ()
        return bool(state.item_sku and self.desk.picks(text, (state.item_sku,))) or \
            self.desk.speaks_of(raw, text, about, bought=bought) or self._asked_beside(text, intents)

    def _asked_beside(self, text: str, intents: tuple[str, ...]) -> bool:
        """Whether a clause of a message of several asks of an item it names while the matcher, reading that clause
        alone, takes it for none of `intents` (尤克里里是单板吗 什么时候发货 read as shipping, 哑铃有味没 能开发票不 as an
        invoice): their replies say nothing of it. A clause that is their own question (吉他什么时候发 能开票吗) is."""
        parts, read = clauses(text), set(intents)
        if self.desk is None or len(parts) < 2 or not read:
            return False
        return any(self.desk.asks_of_named(part) and read.isdisjoint(m.intent for m in self.matcher.chosen(self.matcher.match(part)))
                   for part in parts)

    def _beside(self, reading: Reading, slots: Slots, order: Order | None, state: ConversationState, clock: datetime,
                seed: str, item_part: Callable[[tuple[str, ...]], bool]) -> ProductAnswer | None:
        """The catalogue's answer to the clause of a message of several that asks of an item (`item_part`, the message's
        `_item_part`) while the matcher read another clause (吹风机雾霾蓝有吗 发顺丰不 as shipping): that part answered too,
        held for an agent; None before delivery's end, for one clause, or when no clause gets a factual answer."""
        parts = clauses(reading.normalised)
        if self.desk is None or len(parts) < 2 or (order is not None and order.delivered_at is not None) or \
                not item_part(tuple(m.intent for m in reading.chosen)):
            return None
        for part in parts:
            answer = self.desk.answer(part, part, slots=slots, measured=False, order=order, remembered=state.item_sku,
                                      asked=False, today=clock.date(), seed=seed, after=state.last_kind,
                                      kept=state.item_variant)
            if answer is not None and answer.kind in FACTUAL:
                return replace(answer, sure=False)
        return None

    def _with_item_rule(self, offers: list[Offer], text: str, order: Order | None) -> list[Offer]:
        """An unsettled after-sale case (ITEM_RULE_CASES) on delivered goods, with the ordered item's own rule where it
        names what the buyer reports (用了过敏能退吗 against 使用后过敏凭照片可申请退货), and with an allergy, the item's FAQ
        entry on what the buyer feels (刺痛 against 用了刺痛正常吗): the shop settled it for that item."""
        unsettled = [o for o in offers if (o.intent, o.case) in ITEM_RULE_CASES]
        if not unsettled or self.desk is None or not received(order):
            return offers
        grounds = " ".join(ITEM_RULE_CASES[(o.intent, o.case)] for o in unsettled)
        skus = tuple(i.sku for i in order.items)
        rule = self.desk.item_rule(f"{text} {grounds}", skus)
        # 精华用了刺痛正常吗: an allergy the item's own FAQ entry speaks of (属于烟酰胺不耐受，建议先隔天用)
        note = self.desk.item_faq(text, skus) if any(o.case == "allergy" for o in unsettled) else None
        own = {k: v for k, v in (("item_rule", rule), ("item_faq", note)) if v is not None}
        return [replace(o, facts={**o.facts, **own}) if o in unsettled else o for o in offers] if own else offers

    def _product(self, text: Any, reading: Reading, intents: tuple[str, ...], slots: Slots, order: Order | None,
                 state: ConversationState, clock: datetime, seed: str) -> ProductAnswer | None:
        """The catalogue's answer when the message is a product question, or one the matcher could
        not place that the catalogue reads as one."""
        if self.desk is None:
            return None
        unsure, read_as = False, intents
        if intents and PRODUCT_INTENT not in intents and self.desk.names_hold(reading.normalised, tuple(m.cue for m in reading.chosen)):
            intents = ()  # 扫地机器人门槛能过吗: the 机器人 read as asking for a person is the item's name
        if intents and PRODUCT_INTENT not in intents:
            before_delivery = order is None or order.delivered_at is None  # pre-sale questions come before the goods
            if not before_delivery or not set(intents) <= CATALOGUE_MAY_TAKE:
                return None  # after delivery, or a reading the catalogue never takes over (a return, a hello)
            about = tuple(s for s in (*self.desk.linked(str(text)), state.item_sku, *(i.sku for i in (order.items if order else ()))) if s)
            if set(intents) <= PRODUCT_LOOKALIKES | PURCHASE_LOOKALIKES and self.desk.buys(reading.normalised, about):
                intents, unsure = (), True  # 那我拍一个吹风机 read as a complaint (拍 a photo), 行 那我拍个43的 as a goodbye:
                # the purchase, answered with the related items, held
            elif set(intents) <= PRODUCT_LOOKALIKES and self.desk.claims(reading.normalised, about):
                intents = ()  # the catalogue's question, not a complaint
            elif set(intents) <= UNLISTED_LOOKALIKES and self.desk.asks_of_unlisted(reading.normalised, order):
                intents, unsure = (PRODUCT_INTENT,), True  # 这个外套掉毛严重吗 of an ordered coat the catalogue lacks:
                # a product question all the same (whatever it asks), answered that there is no record of it, held
            elif set(intents) == {"shipping"} and self.desk.asks_what_is_sent(reading.normalised):
                intents, unsure = (PRODUCT_INTENT,), True  # 五常米发货是新磨的吗: a question of the goods (the rice's 现磨现发),
                # answered or asked back (which item?) by the catalogue, held; never the shipping times
            elif set(intents) == {"shipping"} and self.desk.ships_own_way(reading.normalised, about):
                intents, unsure = (PRODUCT_INTENT,), True  # 车厘子顺丰吗 of cherries sold as 顺丰冷链, 发什么快递 after a
                # question on them: what the item says, or that its file is silent, held
            elif set(intents) <= PRODUCT_LOOKALIKES | PRODUCT_RIVALS and (
                    self.desk.asks_of_item(reading.normalised, about)
                    or self.desk.claims(reading.normalised, about, held=True)
                    or (set(intents) <= PRODUCT_RIVALS
                        and self.desk.asks_beside(reading.normalised, tuple(m.cue for m in reading.chosen if m.cue)))):
                intents, unsure = (), True  # 遥控车送不送电池 read as shipping: the FAQ on the batteries, held; 芒果到手
                # 硬邦邦的咋办 (到手 a shipping keyword): the FAQ on unripe fruit, held
            elif set(intents) <= INSIDE_LOOKALIKES and (
                    self.desk.asks_inside(reading.normalised, tuple(filter(None, (state.item_sku,))))
                    or self.desk.asks_version(reading.normalised, tuple(m.cue for m in reading.chosen if m.cue))):
                intents, unsure = (PRODUCT_INTENT,), True  # 礼盒里会放发票吗: the gift box's FAQ (不放价格单和发票), or
                # what its file lacks for the trainers' inbox, held; 山海经有电子版吗 (电子版 an invoice keyword): the book's
            elif set(intents) <= RULE_LOOKALIKES and self.desk.own_rule(reading.normalised, about):
                intents, unsure = (), True  # 金条支持七天无理由吗: the item's warranty says it does not, held
            else:
                return None
        answer = self.desk.answer(str(text), reading.normalised, slots=slots,
                                  measured=reading.slots.height_cm is not None or reading.slots.weight_jin is not None,
                                  order=order, remembered=state.item_sku, asked=bool(intents), today=clock.date(),
                                  seed=seed, after=state.last_kind, kept=state.item_variant)
        if answer is not None and answer.kind == "unknown_item" and order is not None and read_as and set(read_as) <= PRODUCT_RIVALS:
            return None  # 定制的那个要做多久啊 of an ordered item the catalogue lacks: it has nothing to say, the order's rules do
        return replace(answer, sure=False) if unsure and answer is not None else answer

    def _render(self, offer: Offer | None, situation: Situation, seed: str, product: ProductAnswer | None = None,
                template: str | None = None) -> str:
        """An offer in words: the catalogue's answer to a product question, its intent's template, or
        `template` (the suggestion helpers) given the same facts."""
        if template is None and product is not None and offer is not None and offer.intent == PRODUCT_INTENT:
            return product.text
        name = template or (self.intents[offer.intent].reply if offer else FALLBACK_TEMPLATE)
        context = {
            "case": offer.case if offer else "fallback",
            "intent": offer.intent if offer else None,
            "order": situation.order.to_dict() if situation.order else None,
            "shop": {"name": self.rules.shop_name},
            "slots": situation.slots.to_dict(),
            "seed": seed,
            **(offer.facts if offer else {}),
        }
        try:
            return render(self.env, name, context)
        except RenderError as exc:
            log.error("reply template failed, falling back: %s", mask_phones(str(exc)))
            if offer is None and template is None:
                return LAST_RESORT
            return self._render(None, situation, seed)

    def _answer(self, offers: list[Offer], situation: Situation, seed: str, product: ProductAnswer | None = None) -> Suggestion:
        """The reply to what was asked (every request in the message), or the fallback."""
        if not offers:
            return Suggestion(self._render(None, situation, seed), None)
        return Suggestion(combine([self._render(o, situation, seed, product) for o in offers]), offers[0].intent)

    def _alternatives(self, answer: Suggestion, offers: list[Offer], matches: list[Match], situation: Situation,
                      seed: str) -> tuple[Suggestion, ...]:
        """Two more after the answer, each a different kind of help: the answer to the next likely reading of
        the message (with none, a quick phrase that holds the buyer while the agent looks), then a question
        that clears up what the buyer means. A reading the answer covers (`Offer.covers`) is answered already."""
        answered = set(situation.intents)
        main = offers[0] if offers else None
        opening = _first_line(answer.text)
        second = None
        for m in matches:
            if m.intent not in answered and m.score >= self.matcher.options.threshold * 0.7:
                text = self._render(offer_for(m.intent, situation, self.rules), situation, seed)
                if _first_line(text) != opening:  # another reading that says the same is no second reading
                    second = Suggestion(text, m.intent)
                    break
        if second is None:
            second = Suggestion(self._render(main, situation, seed, template=QUICK_TEMPLATE), answer.intent)
        clarify = Suggestion(self._render(main, situation, seed, template=CLARIFY_TEMPLATE), answer.intent)
        return tuple(s for s in (second, clarify) if s.text != answer.text)


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def build_engine(paths: EnginePaths, *, options: MatchOptions = MatchOptions(), tokenizer: Tokenizer | None = None) -> Engine:
    """Everything the engine needs from the shop's files; raises ConfigError naming each bad file.

    Pass the `tokenizer` of a running engine when reloading: jieba's dictionary takes most of a second.
    """
    intents = load_intents(paths.intents)
    rules = load_rules(paths.policy)
    dictionary = user_words_file(paths.intents)
    words = read_user_dictionary(dictionary.read_text(encoding="utf-8").splitlines()) if dictionary.exists() else []
    if tokenizer is None:
        tokenizer = Tokenizer(words)
    else:
        tokenizer.add_words(words)
    normalise = Normaliser()
    sending = load_sending_cues(paths.intents, [i.name for i in intents]).normalised(normalise)
    matcher = Matcher(intents, words=tokenizer.content_words, normalise=normalise, options=options, lexicon=tokenizer,
                      asking=sending.asking, names_thing=tokenizer.names_thing)
    table, labels = matcher.example_table()
    unanswered = [matcher.heard_bag(text) for text in sending.unanswered]
    second = SecondReader.fit(table.plus(unanswered), [*labels, *[UNANSWERED] * len(unanswered)])
    env = make_environment(paths.replies)
    desk = None
    if paths.catalog is not None:
        desk = ProductDesk(load_catalog(paths.catalog), env, words=tokenizer.content_words, normalise=normalise,
                           vocab=load_product_words(paths.intents), lexicon=tokenizer)
    return Engine(intents=intents, matcher=matcher, rules=rules, env=env, normalise=normalise,
                  tokenizer=tokenizer, cues=load_context_cues(paths.intents, [i.name for i in intents]), desk=desk,
                  sending=sending, second=second)
