"""Answering a product question from the catalogue's facts: the pipeline that reads the question (`Reader`), picks
the item it is about and the kind of answer it asks for (`kinds.kind_of`), writes the answer (`Answers`) and decides
whether it may go out by itself (`alone.stands_alone`). The engine also asks the desk, before it answers, whether a
message another intent read is one the catalogue answers (`claims`, `asks_of_item`, `speaks_of` and the like).

An answer that states the catalogue's facts may be sent by itself (`ProductAnswer.factual`); a question back (which
item, your height and weight) or a question the catalogue cannot answer waits for an agent, and the latter goes to
the trainers' inbox as a missing FAQ (`ProductAnswer.missing_faq`)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from jinja2.sandbox import SandboxedEnvironment

from bot.domain import Order, Slots
from bot.product_words import ProductWords
from bot.slips import Lexicon
from bot.slots import COURIERS
from bot.text import clauses

from . import asks, sizing
from .alone import stands_alone
from .answers import FACTUAL, Answers, ProductAnswer
from .choosing import Choice, Clues, choose, holding_all, named_in, optioned, speaks_of_others
from .attributes import attributes_asked, part_named, runs, units_near
from .faq import FAQ_CLAIM, FAQ_MIN, FUNCTION_CHARS, by_faq_alone, closest_faq, faq_says, said_by, says_each, says_most
from .kinds import excepted, kind_of, stated
from .model import Catalog, Product
from .reading import COLOR_WORD, Question, Reader, asks_something
from .remedies import DEFECT_WORDS, remedy_offered, shared
from .resolve import Resolution, by_message, resolve
from .wanted import choice_asked, colours_asked, options_listed, sold_out

# 送不送食谱, 配不配滤网: whether something comes with the goods (not 送不送货, 送不送到), a question about the item; so is
# 牙刷送几个刷头, how many come with the item said before it, unless asked for (送几个夹子 alone, 能送几个, 多送几个: a gift)
_INCLUDED = re.compile(r"([送赠配带])不\1(?![货到上])|(?<=[\u4e00-\u9fff])(?<![能多再还给就以也请])附?[送赠配带]几[个支只片张块根条套盒包]")
# 吉他送琴包吗, 有琴包送吗: whether something comes with an item named, which the item's file (a FAQ, a bundle) or an
# agent answers, never a parcel's or a payment's reply beside it (not 送货, 送到, 送上楼)
_COMES_WITH = re.compile(r"(?<![能多再还给就以也请])[送赠](?![货到上门])[\u4e00-\u9fff]{1,6}[吗么嘛不没]|有[\u4e00-\u9fff]{1,6}[送赠][吗么嘛不没]")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_COURIER_ASKED = re.compile(r"快递|物流|[发走寄用](?:什么|啥|哪家|哪个)")  # 发什么快递, 走啥物流: which courier
_DONE = re.compile(r"[\u4e00-\u9fff]过")  # 洗过, 穿过, 拆过: what a warranty's terms on used goods say


class ProductDesk:
    def __init__(self, catalog: Catalog, env: SandboxedEnvironment, *, words: Callable[[str], list[str]],
                 normalise: Callable[[str], str], vocab: ProductWords, lexicon: Lexicon | None = None) -> None:
        self.catalog = catalog
        self.reader = Reader(catalog, words=words, normalise=normalise, vocab=vocab, lexicon=lexicon)
        self._answers = Answers(self.reader, env)

    def claims(self, text: str, about: tuple[str, ...] = (), *, held: bool = False) -> bool:
        """Whether a message the matcher gave another intent is a question the catalogue answers:
        one of the shop's FAQ, or an attribute of an item it names (会起球吗 reads like the complaint
        起球了, 按摩仪能加热吗 like 不加热了; the question form tells them apart), a request for a
        recommendation that says who it is for (给我妈买点东西 预算一百五 reads like a haggle; a haggle
        seldom names whom the goods are for), a bundle of items the shop sells as one: named, or `about`
        (the SKUs of the conversation's item and the order's: 两件一起买多少钱 of the T-shirt ordered), or whether
        something comes with an item it names (炸锅送不送食谱, which reads like a delivery question). `held`: the answer
        will wait for an agent, so an attribute of `about`'s items counts too when none is named (能预约吗 of an order's
        rice cooker, which reads like a delivery question)."""
        text = self.reader.as_meant(text)
        if self.reader.needs(text) and (asks.budget(text) or asks.OPEN.search(text) or asks.MEANS_TO_BUY.search(text)):
            return True
        if asks.GOES_WITH.search(text) and (self.catalog.named(text) or self.reader.short_one(text)):
            return True  # 龙井我要了 再配点啥好 reads like a haggle: the items that go with it; 买了壳 还要配点啥, called short
        named = tuple(self.catalog.named(text))
        bundled = () if named else tuple(p for p in (self.catalog.by_bundle_name(text),) if p is not None) or tuple(
            self.reader.shortened_items(text))  # 子母箱; 壳和膜一起买: the case and the film, each called short
        if (asks.BUNDLE.search(text if named or bundled else asks.COUNTED_DEAL.sub("", text)) or self.reader.joins(text)) and (
                mentioned := named or bundled or tuple(self.reader.known(about))):
            # T恤和裤子一起买有优惠吗: the shop's bundle price, not a haggle (T恤和杯子 have none together); 买两件能
            # 便宜点吗 of no item named is the haggle the shop's multi-buy rule answers
            if len(mentioned) > 1:
                return bool(holding_all(mentioned) or (named and _holding_each(self.catalog.named_each(text))))
            return bool(self.catalog.bundles_with(mentioned[0]))
        plain = self.reader.without_names(text)
        if (remedy := asks.REMEDY.search(text)) and any(
                p.warranty and (shared(p.warranty, self.reader.words(plain.replace(remedy.group(0), " ")))
                                or remedy_offered(p.warranty, remedy.group(0)))
                for p in self.catalog.named(text)):
            return True  # 充电宝鼓包了给换吗 before buying: what the warranty says of 鼓包; 书包用坏了管修吗: it repairs
        if _measured_for(self.catalog.named(text), text):
            return True  # 学习筷5岁用哪段 包邮不: the chopsticks' stage by age, beside the shipping
        if not asks.QUESTION.search(text) or (asks.HAPPENED.search(text) and not asks.IF_DONE.search(text)):
            return False
        if (_INCLUDED.search(text) or (_COMES_WITH.search(text) and not asks.FREEBIE.search(text))) and self.catalog.named(text):
            return True  # 空气炸锅送不送食谱 reads as delivery: what comes with the item is the catalogue's (or a missing FAQ)
        if any(s >= FAQ_CLAIM for s, _ in self.reader.faq.scores(plain).values()):
            return True
        if any(self.reader.faq.scores(_own_names_out(p, text)).get(p.sku, (0.0,))[0] >= FAQ_CLAIM
               for p in named if _asked_of(p, named, text)):
            return True  # 尤克里里送琴包吗 快递到哪了: the ukulele's entry on the bag it comes with, beside the parcel
        if asks.MAY_USE.search(text) and any(self.reader.faq.scores(plain).get(p.sku, (0.0,))[0] >= FAQ_MIN for p in self.catalog.named(text)):
            return True  # 油痘肌可以用精华不: whether the item named may be used, which its FAQ entry nearest says
        words = self.reader.words(plain)
        scores = self.reader.faq.scores(plain)
        # T恤质量有问题怎么办 asks what the shop's warranty says, before a purchase; 牛肉干加淀粉没 what its FAQ entry
        # on 淀粉 says, though worded too far from it to score high
        return any(attributes_asked(p, plain, words, self.reader.vocab) or units_near(p, plain) or part_named(p, plain)
                   or (asks.WARRANTY.search(text) and p.warranty)
                   or (asks.GENUINE.search(text) and p.genuine) or faq_says(p, scores.get(p.sku), words)
                   or _faq_says_each(p, scores.get(p.sku), words) or stated(p, words)  # 羽绒服有检测报告没: genuine
                   for p in self.catalog.named(text) or self.reader.short_one(text) or (self.reader.known(about) if held else ()))

    def names_hold(self, text: str, cues: tuple[str, ...]) -> bool:
        """Whether each cue the matcher read the message by lies only inside the names of items it says (the 机器人 of
        扫地机器人门槛能过吗, a keyword for asking a person): the goods' name, not the buyer's request."""
        names = sorted({n for p in self.catalog.named(text) for n in p.lower_names if len(n) > 1 and n in text}, key=len, reverse=True)
        rest = text
        for name in names:
            rest = rest.replace(name, " ")
        return bool(cues) and all(cue and cue in text and cue not in rest for cue in cues)

    def own_rule(self, text: str, about: tuple[str, ...] = ()) -> bool:
        """Whether a return or exchange question names an item whose own warranty or FAQ entry speaks to it (金条支持七天
        无理由吗 against 金条不支持七天无理由退货, 手镯戴不进去能换圈口吗 against the entry on 戴不进去): the item's rule, which
        may differ from the shop's, for an agent to send. With no item named, `about`'s (the order's, the conversation's)
        count when their warranty says a word of the question (这个穿过了能退吗 against 穿过洗过的不退换)."""
        text = self.reader.as_meant(text)
        plain = self.reader.without_names(text)
        cut = self.reader.words(plain)
        words = [w for w in cut if len(w) > 1 and w not in asks.ASKING_WORDS and not asks.ASKING.match(w)]
        faults = [w for w in cut if w in DEFECT_WORDS]  # 扁 of 睡扁了, cut alone: a fault a warranty names its own way
        scores = self.reader.faq.scores(plain)
        if not asks.QUESTION.search(text):
            return False
        # 用了屁屁红了 能退吗 reports what happened: the shop's return rule, not a FAQ on the goods; but the item's own
        # rule still speaks to it where its warranty says what happened or makes it an exception (拆了不喜欢能退吗
        # against 拆封后不退换, 用了过敏可以退吗 against 过敏可申请退货)
        reported = asks.HAPPENED.search(text) and not asks.IF_DONE.search(text)
        if not (named := self.catalog.named(text)):  # 洗过, 穿过: what was done to the goods, which the cutter splits
            done = [*words, *_DONE.findall(text)]
            return any(p.warranty and any(w in p.warranty for w in done) for p in self.reader.known(about))
        # 羽绒服有检测报告没: the 检测 of a return (送去检测) is the report the item's genuine statement says it has
        return any(
            (p.warranty and shared(p.warranty, [*words, *faults])) or (not reported and scores.get(p.sku, (0.0,))[0] >= FAQ_MIN)
            or excepted(p, text) or (not reported and stated(p, words) == "genuine")
            for p in named)  # 袜子不合适能退吗: 拆封后不支持无理由退换

    def item_rule(self, text: str, about: tuple[str, ...]) -> str | None:
        """The warranty statement of the one item among `about` (the order's) that names what the buyer reports (用了过敏
        against 使用后过敏凭照片可申请退货): the shop settled that case for this item, so an agent's reply quotes it."""
        words = [w for w in self.reader.words(self.reader.without_names(self.reader.as_meant(text))) if len(w) > 1]
        rules = {p.warranty for p in self.reader.known(about) if p.warranty and shared(p.warranty, words)}
        return rules.pop() if len(rules) == 1 else None

    def item_faq(self, text: str, about: tuple[str, ...]) -> str | None:
        """The answer of the FAQ entry of the one item among `about` (the order's) that is near what the buyer reports and
        says a word of it (精华用了刺痛正常吗 against 用了刺痛正常吗: 少数人初次使用会轻微刺痒…): the shop's own word on
        that very case, which an agent's reply quotes."""
        plain = self.reader.without_names(self.reader.as_meant(text))
        words = [w for w in self.reader.words(plain) if len(w) > 1 and w not in asks.ASKING_WORDS and not asks.ASKING.match(w)]
        scores = self.reader.faq.scores(plain)
        nearest = {p: score[1] if (score := scores.get(p.sku)) and score[0] >= FAQ_MIN else closest_faq(p, plain)
                   for p in self.reader.known(about)}  # 小白瓶擦了刺痛: worded too far off to score, yet sharing the most
        found = {entry.answer for p, n in nearest.items()
                 if n is not None and shared(" ".join((*(entry := p.faq[n]).questions, entry.answer)), words)}
        return found.pop() if len(found) == 1 else None

    def asks_of_unlisted(self, text: str, order: Order | None) -> bool:
        """Whether a message asks something of the goods of an order whose items the catalogue does not list, naming
        none it does (这个外套掉毛严重吗 before the coat arrives, which reads like a complaint): the catalogue's answer
        that it has no record of the item, for an agent."""
        if order is None or not order.items or any(self.catalog.get(i.sku) for i in order.items):
            return False
        text = self.reader.as_meant(text)
        return (bool(asks.QUESTION.search(text)) and not (asks.HAPPENED.search(text) and not asks.IF_DONE.search(text))
                and not self.catalog.named(text))

    def asks_of_item(self, text: str, about: tuple[str, ...] = ()) -> bool:
        """Whether a message the matcher read as shipping, payment or a haggle asks the stock or price of an
        item: the price of one it names (红枣怎么卖) or what goes with it (买了耳机还要买什么), or the stock of a
        colour or size of one it names or of `about` (L码啥时候能到货 after T恤有L吗, 有小样吗 after 面霜怎么卖).
        Such an answer is only a suggestion."""
        text = self.reader.as_meant(text)
        named = self.catalog.named(text) or [p for p in (optioned(self.reader, text) or self.reader.by_variant(text),) if p]  # 奶白青轴什么时候到货
        if named and (asks.PRICE.search(text) or (asks.PURCHASE.search(text) and asks.OPEN.search(text))):
            return True  # 红枣怎么卖, 买了耳机还要买什么
        if asks.DISPATCH_WHEN.search(text) and any(sold_out(p, self.reader.wanted(p, text)) for p in named):
            return True  # 酒红色的啥时候能发 of a colour sold out: when it comes back
        stock = asks.STOCK.search(text) or asks.HAVE.search(text) or asks.HAS.search(text) or asks.ARRIVES.search(text)
        return bool(stock) and any(self.reader.wanted(p, text) or (colours_asked(self.reader.without_names(text), COLOR_WORD)
                                                                and any(v.color for v in p.variants))
                                   or (p.variants and (asks.STOCK.search(text) or self.reader.variant_named.of_others(p, text)))
                                   for p in named or self.reader.known(about))

    def ships_own_way(self, text: str, about: tuple[str, ...] = ()) -> bool:
        """Whether a delivery question names an item, or asks of `about`'s (the conversation's, the order's) when it names
        none, whose own title or attributes say a word it asks (车厘子顺丰吗, 是冷链发货吗 of cherries sold as 顺丰冷链; 发什么
        快递 after a question on them): the item is sent its own way, which the shop's delivery rule (默认中通) may
        contradict, so the answer waits for an agent."""
        text = self.reader.as_meant(text)
        plain = self.reader.without_names(text)
        cut = self.reader.words(plain)
        words = [w for w in (*cut, *runs(plain, cut)) if len(w) > 1 and w not in asks.ASKING_WORDS and not asks.ASKING.match(w)]
        # 车厘子发什么快递: the courier asked, of an item that names its own (顺丰冷链)
        couriers = COURIERS if _COURIER_ASKED.search(plain) else ()
        return any(w in said for p in self.catalog.named(text) or self.reader.known(about)
                   for said in (p.title.lower(), *(v.lower() for v in p.attributes.values())) for w in (*words, *couriers))

    def asks_what_is_sent(self, text: str) -> bool:
        """Whether a delivery question asks what the goods sent are like (五常米发货是新磨的吗, 发货前挑过吗, 发货带电吗):
        the goods', which the shipping times never answer; the item's facts may, for an agent."""
        return bool(asks.GOODS_SENT.search(self.reader.as_meant(text)))

    def asks_inside(self, text: str, about: tuple[str, ...] = ()) -> bool:
        """Whether a message asks what an item it names holds inside, or the item of `about` (the conversation's) when it
        names none (礼盒里会放发票吗, read as an invoice request): the item's file may say (礼盒里不放价格单和发票), the shop's
        invoice rule never does."""
        text = self.reader.as_meant(text)
        return bool(asks.PUT_IN.search(text) and asks.QUESTION.search(text) and (self.catalog.named(text) or self.reader.known(about)))

    def asks_version(self, text: str, cues: tuple[str, ...]) -> bool:
        """Whether an invoice reading rests only on cues that say no 票 (电子版, 纸质版) in a question that names an item and
        says no 票 either (山海经有电子版吗: an e-book, 保鲜盒有电子版说明吗: a manual): a version of the goods, which
        the catalogue answers or leaves to an agent; 车厘子能开电子发票吗 stays the invoice's."""
        text = self.reader.as_meant(text)
        return (bool(cues) and not any("票" in cue for cue in cues) and "票" not in text and bool(asks.QUESTION.search(text))
                and bool(self.catalog.named(text)))

    def asks_beside(self, text: str, cues: tuple[str, ...]) -> bool:
        """Whether what a message asks beside another intent's keyword is a question of an item it names that one of
        the item's FAQ entries is clearly the closest to (芒果到手硬邦邦的咋办: 到手 is the shipping keyword, and 硬 ... 办
        the entry on fruit that arrives unripe): the keyword's reply leaves it unanswered, so the entry is the agent's
        suggestion instead. Two characters asked at least: 橙子发顺丰吗 leaves only the 发 of a delivery question."""
        text = self.reader.as_meant(text)
        rest = text
        for cue in cues:
            rest = rest.replace(cue, " ")
        named = self.catalog.named(text)
        # 换粮要几天 names no item, and its keyword 要几天 holds its asking: the one FAQ entry on 换粮 may still be meant
        if rest == text or not asks.QUESTION.search(rest if named else text):
            return False
        plain = self.reader.without_names(rest)
        if len({c for c in plain if _CJK.fullmatch(c)} - FUNCTION_CHARS) < 2:
            return False
        if not named:
            return by_faq_alone(self.catalog, self.reader.faq.scores(plain), self.reader.words(plain)) is not None
        return any(closest_faq(p, plain) is not None for p in named)

    def buys(self, text: str, about: tuple[str, ...]) -> bool:
        """Whether a message says the buyer is about to buy an item it names, or a colour or size of `about`'s items
        (那我拍一个吹风机, 行 那我拍个43的黑白, 那我拍两箱 of the conversation's item): what the related items answer, though it reads like a complaint (拍 a
        photo) or a goodbye; not when it says something went wrong (我要一个说法, 拍个视频 坏了)."""
        text = self.reader.as_meant(text)
        counted = bool(asks.BUYS_COUNTED.search(text)) and not asks.QUESTION.search(text)  # 行 那我拍两箱
        if not (asks.BUYS.search(text) or counted) or asks.GONE_WRONG.search(text) or asks.HAPPENED.search(text):
            return False
        known = self.reader.known(about)
        return bool(self.catalog.named(text)) or any(self.reader.wanted(p, text) for p in known) or (bool(known) and counted)

    def picks(self, text: str, about: tuple[str, ...]) -> bool:
        """Whether a message names a colour or size of `about`'s items or says it buys (行 就43了 谢谢, 好嘞 我去拍了):
        a choice after a product answer, which a thanks or a payment reply read in it passes over."""
        text = self.reader.as_meant(text)
        items = self.reader.known(about)
        return bool(items) and (bool(asks.PURCHASE.search(text) or COLOR_WORD.search(text))
                                or any(self.reader.wanted(p, text) for p in items))

    def linked(self, raw: str) -> tuple[str, ...]:
        """The SKU of the item a link or SKU in the message as typed names (the normalised text has no links)."""
        found = by_message(self.catalog, raw, raw.lower())
        return (found.product.sku,) if found is not None and found.product is not None else ()

    def speaks_of(self, raw: str, text: str, about: tuple[str, ...] = (), *, bought: frozenset[str] = frozenset()) -> bool:
        """Whether a message says something of an item that only the catalogue answers: a colour, size or option of an
        item it links or names, or of `about`'s (the conversation's item), the variants themselves (有几个颜色) or their
        stock (猫粮什么时候到货: the restock date or the delivery time), a clause the catalogue claims as its question
        (乳胶枕多高 能开专票吗), or one asking whether something comes with an item it names (吉他送琴包吗 顺丰发吗). A reply that is not the catalogue's (the shipping times to 粉色什么时候发货, whose answer
        is the restock date; an invoice to 能开发票吗 有几个颜色) leaves that part unanswered. With no item, nothing is: a
        FAQ's likeness alone is no question of the goods; with no order either, a colour or size of a name of its own
        names the one item that has it (孩子125选小码吧 几天能到: the bag's size), or each that has it when its stock is
        asked (38寸黑色什么时候有 到了能马上发吗). `bought`: the SKUs of the order, whose
        colour and size name the buyer's parcel."""
        text = self.reader.as_meant(text)
        found = resolve(self.catalog, raw, text, None, None)
        named = (found.product,) if found.product else found.candidates or self.reader.known(about) or (
            () if bought else tuple(p for p in (self.reader.by_variant(text),) if p) or _asked_in_stock(
                self.reader.variant_named.every(text), text))
        items = tuple(p for p in named if p.sku not in bought)
        if not items:
            return False
        if asks.VARIANT_WORD.search(text) or asks.STOCK.search(text) or any(self.reader.wanted(p, text) for p in items) or (
                _measured_for(items, text)):
            return True  # 护膝膝围三十七 拿啥码 不合适能换吗: the size by the knee, beside the return
        parts = clauses(text)
        return len(parts) > 1 and any(self.claims(part, about) or (_COMES_WITH.search(part) and self.catalog.named(part))
                                      for part in parts)

    def asks_of_named(self, text: str) -> bool:
        """Whether a text names an item of the catalogue and asks something (尤克里里是单板吗, 哑铃有味没)."""
        text = self.reader.as_meant(text)
        return bool(asks.QUESTION.search(text)) and bool(self.catalog.named(text))

    def _names_unknown(self, unknown: str, text: str) -> bool:
        """Whether a question says a word of an ordered item the catalogue lacks (凉席 of 冰丝凉席三件套): it asks
        about that item, which the shop must look up."""
        return bool(asks.QUESTION.search(text)) and any(
            len(w) > 1 and not any(c.isdigit() for c in w) and w in text for w in self.reader.words(unknown.lower()))

    # --- answering ----------------------------------------------------------------------------
    def answer(self, raw: str, text: str, *, slots: Slots, measured: bool, order: Order | None,
               remembered: str | None, asked: bool, today: date, seed: str, after: str | None = None,
               kept: tuple[str, ...] = ()) -> ProductAnswer | None:
        """The answer to a product question; None when `asked` is false (the matcher did not call
        it a product question) and the catalogue finds nothing a product question would say. `kept`: the values the
        conversation named of `remembered` (ConversationState.item_variant)."""
        if not self.catalog:
            return None
        q = self.question(text, slots, measured, today, after)
        found, choice = self.choose(raw, q, order, remembered, asked)
        if choice.each:
            return self._answers.prices(choice.each, q.text, seed)
        q = replace(self._asked_of_it(q, choice, found), unnamed=choice.unnamed,
                    kept=kept if choice.product is not None and choice.product.sku == remembered else ())
        if self._asks_advice(q, found, choice.product):
            return self._advice(q, found, seed)
        if choice.product is None:
            return self._no_item(q, found, asked, seed)
        return self._about_item(choice.product, q, choice, found, asked, seed)

    def choose(self, raw: str, q: Question, order: Order | None, remembered: str | None,
               asked: bool) -> tuple[Resolution, Choice]:
        """What the message, the conversation and the order name, and the item chosen (`choosing.RESOLVERS`, in order)."""
        faq = self.reader.faq.scores(q.plain)
        found = named_in(self.reader, raw, q.text, q.plain, faq, order, remembered)
        return found, choose(Clues(self.reader, q.text, q, faq, found, asked))

    def question(self, text: str, slots: Slots, measured: bool, today: date, after: str | None = None) -> Question:
        """The question as meant, its item names out; a size question only by this message's measures, as `slots` keep
        the height and weight of earlier turns (植株高30cm is one when no height was given before)."""
        typed, text = text, self.reader.as_meant(text)
        plain = self.reader.without_names(text)
        given = sizing.measures(slots, text, self.reader.sizes, self.reader.vocab.measure_named)
        said = measured or given.beside_height_weight() or (given.height is not None and slots.height_cm is None)
        return Question(text, plain, self.reader.words(plain), slots, said, today, given, slipped=text != typed, after=after)

    def _asked_of_it(self, q: Question, choice: Choice, found: Resolution) -> Question:
        """The question with only the item's own names out when the other items it names are what it asks of the item
        (喂食器能放冻干吗: 冻干 is what is asked of the feeder; 尤克里里送琴包吗, the ukulele named, the bag it comes with)."""
        around = found.candidates if choice.guess else tuple(self.catalog.named(q.text)) if found.product is not None else ()
        if choice.product is None or not _asked_of(choice.product, around, q.text):
            return q
        plain = _own_names_out(choice.product, q.text)
        return replace(q, plain=plain, words=self.reader.words(plain))

    def _asks_advice(self, q: Question, found: Resolution, product: Product | None) -> bool:
        """Whether the question asks what to buy: needs or a budget said (or needs described, no item found), asked openly
        or as a recommendation with no item chosen; not a size question, nor a choice among an item's options named."""
        text = q.text
        return bool((self.reader.needs(text) or asks.budget(text) or (
            product is None and not found.candidates and self.reader.described_needs(q))
                     ) and not (q.measured or asks.SIZE.search(text)) and not (
            found.product is not None and (options_listed(found.product, text) or choice_asked(found.product, text))) and (
            asks.OPEN.search(text) or (product is None and (asks.RECOMMEND.search(text) or asks.MEANS_TO_BUY.search(text)))))

    def _advice(self, q: Question, found: Resolution, seed: str) -> ProductAnswer:
        """The items recommended: among the items named (经常出差 充电宝推荐哪个: the power banks, not whatever suits
        travel); not among those only a kind of goods calls (钓鱼戴的眼镜: the sunglasses too, whose names say 墨镜)."""
        among = (found.candidates if found.source not in ("order", "kind") else ()) or (
            (found.product,) if found.source == "name" and found.product else ())
        advice = self._answers.recommend(q, seed, among)
        return advice if stands_alone(self.reader, None, advice, q, named=True) else replace(advice, sure=False)

    def _no_item(self, q: Question, found: Resolution, asked: bool, seed: str) -> ProductAnswer | None:
        """No one item chosen: each candidate's answer, or the question which item (or that the shop has no record of
        it); nothing when the matcher asked nothing and the message only links an item the shop does not list."""
        text = q.text
        if not asked and not (q.measured or found.candidates or (found.unknown and (
                asks.about_goods(text, self.reader.vocab) or self._names_unknown(found.unknown, text)))):
            return None
        return self._each_answer(found.candidates, q, self.reader.faq.scores(q.plain), seed) or self._answers.which(
            found, seed, genuine=bool(asks.GENUINE.search(text)))

    def _about_item(self, product: Product, q: Question, choice: Choice, found: Resolution, asked: bool,
                    seed: str) -> ProductAnswer | None:
        """The answer about the item chosen, of the kind the question asks, sent alone when it may; else each clause's
        answer, or the answer held for an agent."""
        text = q.text
        if found.source in ("object", "mark", "short"):  # 粉底液带防晒不: the 防晒 asked of the foundation is no name to
            # leave out; 65w的能充游戏本吗: the 65w is the charger's name; 男士平角有送东西没: the 平角 of the name is no 裤腿 asked
            plain = self.reader.without_short(product, q.plain, text) if found.source == "short" else _own_names_out(product, text)
            q = replace(q, plain=plain, words=self.reader.words(plain))
        entry = self.reader.faq.scores(q.plain).get(product.sku)
        q = self.reader.for_item(product, q)
        kind = kind_of(self.reader, product, q, entry)
        if not asked and kind == "unanswered" and found.source not in ("link", "sku", "name", "object", "mark"):
            return None
        if kind == "unanswered" and (near := closest_faq(product, q.plain)) is not None:
            kind, entry = "faq", (0.0, near)  # 会染别的衣服吗 -> the entry on 掉色 that says 不会染其他衣服, for an agent
        elif kind in ("attribute", "warranty") and (near := _what_to_do(product, q, kind)) is not None:
            kind, entry = "faq", (0.0, near)
        answer = self._answers.about(product, kind, q, entry, seed)
        if not (answer.sure and stands_alone(self.reader, product, answer, q, named=choice.named)):
            answer = (None if choice.guess else self._each_question(product, q, seed, named=choice.named, read_as=answer.kind)
                      ) or replace(answer, sure=False)
        return replace(answer, variant=self.reader.wanted(product, q.text).values)

    def _each_question(self, product: Product, q: Question, seed: str, *, named: bool, read_as: str) -> ProductAnswer | None:
        """Two or more questions about one item (T恤是新疆棉吗 会不会缩水), each answered from the facts: the
        answers together, which may go out alone when each answers its question in full. When some clause is no
        question of the facts (花生油5L多少钱 能开专票吗, whose invoice another reply answers), the answers of the others,
        for an agent, unless the whole message read as one (`read_as`) is of their kind; None when no clause is
        answered from the facts, or all are and only one asks. 能进微波炉吗 碎了包赔吗 gets both facts, for an agent."""
        parts: list[ProductAnswer] = []
        whole, left = True, False
        said = [c for c in clauses(q.text) if not asks_something(c)]
        before = q.after  # a bare 呢 clause asks again what the clause before it asked (T恤白色M有吗 L呢: stock)
        for clause in (c for c in clauses(q.text) if asks_something(c)):
            part = self.reader.part(q, clause)
            faq = self.reader.faq.scores(part.plain).get(product.sku)
            answer = self._answers.about(product, kind_of(self.reader, product, part, faq), part, faq, seed)
            if answer.kind not in FACTUAL:
                left = True  # 能开专票吗: not the catalogue's
                continue
            whole = whole and answer.factual and stands_alone(self.reader, product, answer, replace(part, after=before),
                                                               named=named)
            parts.append(answer)
            before = answer.kind
        texts = list(dict.fromkeys(a.text.strip() for a in parts))
        if left and parts and read_as not in {a.kind for a in parts}:
            whole = False  # 5L多少钱 read as stock with the 吗 of 能开专票吗: the price the clause asks, held
        elif left or len(parts) < 2:
            return None
        # what the buyer says besides the questions (帮我包装一下) must be no request of its own: figures,
        # the asking words, or what the answers say (一米六五 一百斤, 白色M)
        whole = whole and not any(self._unsaid(self.reader.part(q, c), "".join(texts)) for c in said)
        text = "\n".join([texts[0], *(re.sub(r"^亲亲?[，,]", "", t) for t in texts[1:])])
        kinds = "+".join(dict.fromkeys(a.kind for a in parts))
        return replace(parts[0], text=text, facts={**parts[0].facts, "product_question": kinds}, sure=whole)

    @staticmethod
    def _unsaid(part: Question, answer: str) -> list[str]:
        """The words of a clause that neither only ask nor are figures nor said by the answer."""
        answer = answer.lower()
        return [w for w in part.words if not (asks.ASKING.match(w) or w in asks.ASKING_WORDS
                                              or asks.FIGURE.fullmatch(w) or w in answer)]

    def _each_answer(self, candidates: tuple[Product, ...], q: Question, faq: dict[str, tuple[float, int]],
                     seed: str) -> ProductAnswer | None:
        """What the facts of each of several candidates say to the question (有黑色吗 of an order of earphones and a
        power bank, both in black; 耳机保修多久 of a shop's earphones and children's headphones): each one's answer, for
        an agent, who sees which was meant; None unless two or more answer it. A stock answer counts only for a colour
        or size the buyer names."""
        parts = []
        for p in candidates:
            item = self.reader.for_item(p, q)
            kind = kind_of(self.reader, p, item, faq.get(p.sku))
            if kind in FACTUAL and (kind != "stock" or self.reader.wanted(p, q.text)):
                parts.append(self._answers.about(p, kind, item, faq.get(p.sku), seed))
        parts = [a for a in parts if a.kind in FACTUAL]
        if len(parts) < 2:
            return None
        texts = [a.text.strip() for a in parts]
        text = "\n".join([texts[0], *(re.sub(r"^亲亲?[，,]", "", t) for t in texts[1:])])
        kinds = "+".join(dict.fromkeys(a.kind for a in parts))
        facts = {"product_question": f"{kinds}_each", "candidates": "、".join(a.sku for a in parts if a.sku)}
        return ProductAnswer(parts[0].kind, text, None, facts, sure=False)


def _faq_says_each(product: Product, faq: tuple[float, int] | None, words: list[str]) -> bool:
    """Whether the item's closest FAQ entry, near enough to be the agent's first suggestion (`FAQ_MIN`), says each word
    of a question, single characters too (车厘子要洗吗 of the entry 要不要洗: 洗 is all it asks, beside another clause's
    shipping question)."""
    return bool(faq and faq[0] >= FAQ_MIN and says_each(product.faq[faq[1]], words))


def _what_to_do(product: Product, q: Question, kind: str) -> int | None:
    """The FAQ entry closest to a what-to-do question read as an attribute (猕猴桃到手硬邦邦的咋办: the entry on fruit
    sent hard and how to ripen it, not 成熟度: 发货为硬果, which says what is, not what to do), or as the warranty when
    the entry says more of it (油冬天结块了咋办: the entry on 凝固, not the warranty on leaks): the shop's answer to the
    buyer's case, which an agent confirms."""
    if not asks.WHAT_TO_DO.search(q.text) or (near := closest_faq(product, q.plain)) is None:
        return None
    return near if kind == "attribute" or says_most(said_by(product.faq[near]), [product.warranty], q.plain) else None


def _own_names_out(product: Product, text: str) -> str:
    """The text without the item's own names, longest first: another item's name said there is what is asked of it."""
    for name in sorted(product.lower_names, key=len, reverse=True):
        text = text.replace(name, " ")
    for figure in {t for n in product.lower_names for t in re.findall(r"\d+(?:\.\d+)?", n)}:
        text = re.sub(rf"(?<![\d.]){re.escape(figure)}(?![\d.])\s*(?:[a-z]+|瓦|毫安)?", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _asked_in_stock(holding: list[Product], text: str) -> tuple[Product, ...]:
    """The items holding a size or colour of a name of its own that a text asks the stock of (38寸黑色什么时候有 of a
    guitar and a bag both sold in 38寸): whichever is meant, its restock is the catalogue's to say."""
    return tuple(holding) if asks.STOCK.search(text) else ()


def _asked_of(product: Product, named: tuple[Product, ...], text: str) -> bool:
    """Whether the other items a text names are what it asks of the item, its own facts speaking of them (送琴包吗 of a
    ukulele whose FAQ says 随琴送加棉琴包): their names stay in its question, only the item's own are taken out."""
    return product in named and len(named) > 1 and speaks_of_others(product, named, text)


def _holding_each(called: list[tuple[Product, ...]]) -> bool:
    """Whether a bundle holds one of the items each name calls: 精华和面霜一起买 asks about 精华+面霜组合, though 精华
    calls an eye serum too."""
    return any(all(any(p.sku in bundle.skus for p in products) for products in called)
               for products in called for p in products for bundle in p.bundles)


def _measured_for(items: tuple[Product, ...] | list[Product], text: str) -> bool:
    """Whether a text gives a measure of the body or a child's age (膝围三十七, 5岁用哪段) beside an item named with a
    size chart: its size advice is asked, whatever else the message asks."""
    return any(p.size_chart for p in items) and (bool(sizing.body(text)) or sizing.age(text) is not None)
