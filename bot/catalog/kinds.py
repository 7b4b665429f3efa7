"""Which kind of answer a product question asks for (`kind_of`): stock, size, a FAQ entry, an attribute, a bundle,
the price and the rest, each rendered by its own template. Read from the wording of the question against what the
item's file says, so that the shop's own words (a FAQ entry, a variant, a size table) win over a generic word."""
from __future__ import annotations

import re

from bot.product_words import ProductWords

from . import asks, sizes, sizing
from . import fits as fits_by
from .attributes import attributes_asked, devices_named, measures_near, near_values, part_named, units_near
from .claims import contradicted
from .cues import attribute_words, need_words, unexplained
from .faq import (EMPTY_WORDS, FAQ_MIN, FAQ_SAYS, FAQ_STRONG, FAQ_SURE, closest_faq, faq_says, no_figures, said_by,
                  says_each, says_most, speaks_to, speaks_to_none)
from .model import Catalog, Faq, Product
from .reading import COLOR_WORD, HUES, Question, Reader
from .remedies import shared
from .variants import compared, spanning, width_unlisted, without_variants
from .wanted import Wanted, choice_asked, colours_asked, flavour_unlisted, options_listed, sold_out


def kind_of(read: Reader, product: Product, q: Question, faq: tuple[float, int] | None) -> str:
    """What a question asks of the item, as the kind of answer that says it (replies/product/<kind>.j2): the first
    reading that fits, most particular first, so that a FAQ entry, a variant or a size table the shop wrote wins
    over a generic word of the question; "unanswered" when nothing in the file speaks to it. `faq`: the item's
    closest entry (score, index), if any."""
    text = q.text
    if (q.measured and product.size_chart and not sizing.off_chart(product.size_chart, q.measures)) or read.by_table(
            product, text) or (q.measures.usual and product.size_note and product.option_values("size")):
        return "size"  # a height and weight against the chart, 脚长26.5 against the shop's table in words, or the
        # size usually worn against the shop's note on how the item runs (偏小半码)
    if read.wanted(product, text) and (_HOW_MUCH_ALONE.fullmatch(without_variants(product, q.plain)) or (
            q.after == "price" and only_named(product, q))):
        return "price"  # 蚕丝被6斤220乘240多少: a variant and 多少, nothing else asked, is its price; 20的呢 after
        # 汤锅22的多少钱 asks that size's price again
    if faq and faq[0] >= FAQ_MIN and _gone_for_good(product, read.wanted(product, text), product.faq[faq[1]]):
        return "faq"  # 签名版还有吗 of a signed edition sold out with no restock date: the shop's entry on it (限量已售罄，
        # 暂无补货计划), which a stock answer's 暂时卖完了 would contradict
    if faq and faq[0] >= FAQ_STRONG and not (read.wanted(product, text) and asks_left(text)
                                             and not asks_left_of(product.faq[faq[1]])) and not (
            (asks.WARRANTY.search(text) or _return_on(product, q)) and product.warranty
            and not _asks_warranty(product.faq[faq[1]])) and not (
            _shut(product.faq[faq[1]], q) and attributes_asked(product, q.plain, q.words, read.vocab)):
        return "faq"  # not 5斤装大果还有没 against the entry on how many fruit a 5斤 box holds: its stock; not 锅涂层掉了保修吗
        # against the entry on 掉涂层 that mentions 保修 in passing: the warranty; not 能装多少水 against 能装开水吗: the 容量
    if compared(product, q) or spanning(product, q):
        return "attribute"  # 特级和一级有啥区别: what the file says of each grade (等级: 特级每斤约60颗；一级每斤约80颗);
        # 车厘子28mm的选哪个: the grades' spans (果径: J级24-26mm；JJ级26-28mm…), not whether it "fits"
    if _fit(read, product, q):
        return "fit"
    if _variant_explained(product, read.wanted(product, text), text):
        return "attribute"  # 混色A是哪几个颜色: the attribute that says what the mix holds, not its stock
    if (bundles := read.catalog.bundles_with(product)) and (
            _bundle_asked(product, text) or any(b.called and b.called in text for b in bundles) or (read.joins(text) and any(
                {p.sku for p in read.catalog.named(text)} <= set(b.skus) for b in bundles))
            or any(b in bundles for b in read.catalog.bundles_said(text))):
        return "bundle"  # 两支装多少 of a walking pole sold singly, whose bundle is called 两支装; 子母箱多少钱; 遥控车加电池
        # 多少钱 of the bundle holding both
    if _look_asked(product, text) and (any("色" in name for name in product.attributes) or attributes_asked(
            product, q.plain, q.words, read.vocab)):
        return "attribute"  # 茶油什么颜色 of an oil sold by the bottle, whose 颜色 is an attribute: how it looks, which the
        # stock of its sizes never says (颜色: 按重量区分（4kg粉、16kg红…）)
    if asks.STOCK.search(text) or ((asks.HAVE.search(text) or asks.ARRIVES.search(text)) and (
            _asks_for_variant(q, read.wanted(product, text)) or width_unlisted(product, text) is not None
            or read.amount_unlisted(product, text))) or options_listed(product, text) or (
            (asks.HAVE.search(text) or asks.HAS.search(text)) and flavour_unlisted(product, text)) or (
            (asks.HAVE.search(text) or asks.HAS.search(text)) and read.spellings[product.sku].unknown(text, measures=True)) or (
            asks.DISPATCH_WHEN.search(text) and sold_out(product, read.wanted(product, text))):
        return "stock"  # 有3米的吗 of a cable of 1米 and 2米, 有粉轴吗 of a keyboard of 青轴 and 红轴: none
    if asks.ACCESSORY.search(text) and accessories(read.catalog, product):
        return "accessories"  # 扫地机有配件卖吗: the consumables pack the shop relates to it
    if (asks.PURCHASE.search(text) or asks.GOES_WITH.search(text)) and not asks.PRICE.search(text):
        return "related"  # 买了炒锅 还有啥搭配的吗, 四件套有配套的枕头吗
    for kind, pattern, note in (("usage", asks.USAGE, product.how_to_use), ("shade", asks.SHADE, shade_advice(product))):
        if note and pattern.search(text) and not (faq and faq[0] >= FAQ_MIN and speaks_to(product.faq[faq[1]], q.words)) and not (
                kind == "usage" and any(value != note for _, value in attributes_asked(product, q.plain, q.words, read.vocab))):
            return kind  # 怎么用 -> the usage note, 黄皮选哪个色号 -> the shade note, unless a FAQ says more or an attribute
            # is what is asked (多久用一次 of drops whose 频率 says 每月一次, beside a note on how to apply them)
    want = read.wanted(product, text)
    if want and faq and faq[0] >= FAQ_SURE and not asks.STOCK.search(text) and all(
            part.lower() in said_by(product.faq[faq[1]]) for part in want.label.split()):
        return "faq"  # 青轴会不会太吵 ... 有意见: the shop's own answer about that very variant
    if want and re.search(r"[有吗呢没]", text) and not asks.SIZE.search(text) and (
            asks_stock(product, q) or not ((faq and faq[0] >= FAQ_MIN) or attributes_asked(product, q.plain, q.words, read.vocab)
                                            or set(want.label.lower().split()) <= set(product.lower_names))):
        return "stock"  # not 麻辣的辣吗, which names the flavour 麻辣 but asks how hot it is (辣度, or the FAQ on it), nor
        # 毛巾用久了会发硬吗 of an item sold as 毛巾 and 浴巾 that buyers call by either: the variant is only its name
    if asks.SIZE.search(text) and product.size_chart:
        return "size"
    if choice_asked(product, text) and product.size_note and not (faq and faq[0] >= FAQ_MIN) and not (
            speaks_to_none(product.size_note, q.words) and attributes_asked(product, q.plain, q.words, read.vocab)):
        return "size"  # 宿舍用选什么轴: the shop's note on choosing among the switches; 冬天选哪种 of a quilt whose
        # note speaks of beds only: the attribute on seasons
    if (asks.SIZE.search(text) or (asks.HOW_BIG.search(text) and not (product.size_chart or q.measures.beside_height_weight()))) and (
            product.size_note or sizes.tables(product)) and not (
            faq and faq[0] >= FAQ_MIN and speaks_to(product.faq[faq[1]], no_figures(q.words))):
        return "size"  # with no chart, the shop's note on the sizes (尺码标准, 脚宽拍大一码) for an agent, unless
        # a FAQ speaks to the question (脚长24.5穿多大 -> the shop's table of foot lengths)
    if note_answers(product, q):
        return "size"  # 一家三口能吃多久 against 三口之家5L大约吃两个月, 送人的苹果买多大的 against 送人选85mm: the shop's
        # note on choosing among the sizes, for an agent to send
    if asks.RECOMMEND.search(text) and (needs := read.needs(text)):
        left = unexplained(q.words, need_words(needs, read.vocab))
        if not (left and faq and faq[0] >= FAQ_MIN and speaks_to(product.faq[faq[1]], left)):
            return "suits"  # 送礼有包装吗: a FAQ on the gift box that says 包装 says more than 适合送礼
    if _remedy(product, q) or excepted(product, text) or _return_on(product, q):
        return "warranty"  # 袜子不合适能退吗 against 拆封后不支持无理由退换, 用了过敏可以退吗 against 过敏可申请退货
    if _bundle_asked(product, text):
        return "bundle"
    for kind, pattern in (("genuine", asks.GENUINE), ("warranty", asks.WARRANTY), ("price", asks.PRICE), ("price", asks.PRICE_GAP)):
        if pattern.search(text):
            return kind
    if found := attributes_asked(product, q.plain, q.words, read.vocab):
        # 领口会松吗: the FAQ says more; 胸垫能拆吗: the shop's own answer to the very question says each word
        left = unexplained(q.words, attribute_words(found, read.vocab))
        said_more = faq and left and not _shut(product.faq[faq[1]], q) and (
            faq[0] >= FAQ_MIN or (faq[0] >= FAQ_SAYS and _says_more(product.faq[faq[1]], q.words, left)))
        if not (said_more or (faq and faq[0] >= FAQ_SURE and says_each(product.faq[faq[1]], q.words))
                or (faq and faq[0] >= FAQ_MIN and _asked_as_entry(product.faq[faq[1]], q.words, read.vocab, found))):
            return "attribute"
    if faq and faq[0] >= FAQ_MIN:
        return "faq"
    if faq_says(product, faq, q.words):
        return "faq"  # 能扔洗衣机吗: the entry that says 洗衣机, though worded too far from it to score high
    if product.warranty and asks.REMEDY.search(text):
        return "warranty"  # 睡塌了给换吗: what the warranty says, though it names the fault otherwise (塌陷)
    if not asks.OPEN_ASK.search(text) and (kind := stated(product, q.words)):
        return kind  # 有3C认证吗 against genuine: 3C认证，品牌正品; not 哪生产的 against 每袋有生产日期 (where, not whether)
    if asks.YES_NO.search(text) and near_values(product, q.words) and not (
            _DOES.search(q.plain) and closest_faq(product, q.plain) is not None):
        return "attribute"  # 是纯棉的吗 against 棉92%: the value, for an agent to send; not 会往下滑吗, what the
        # goods do, against 零下10度 when a FAQ entry shares more of it (不往下掉)
    if (contradicted(product, q.plain, read.vocab) or measures_near(product, q.plain) or units_near(product, q.plain)
            or part_named(product, q.plain)):
        return "attribute"  # 是景德镇的吗 against 产地: 广东潮州, 多厚 against 高度, 多少毫升 against a value in ml:
        # the value, for an agent to send
    if COLOR_WORD.search(text) and product.variants and (_hues_sold(product) or asks_stock(product, q)):
        return "stock"  # not 上面那层白的是啥 of blueberries sold in 4盒装 and 8盒装: how the goods look, not a colour
    if any(_ONLY_ASKS_FOR.fullmatch(text.replace(name, "")) for name in product.lower_names if name in text):
        return "stock"  # 短袖呢 / 有T恤吗 / 还卖保温杯吗: do you have it
    return "unanswered"



def _look_asked(product: Product, text: str) -> bool:
    """Whether a colour is asked (是什么颜色) of an item sold in no colours: how the goods look, not a variant."""
    return bool(asks.COLOURS_ASKED.search(text)) and not product.option_values("color")


def note_answers(product: Product, q: Question) -> bool:
    """Whether the shop's size note says more of what a question asks than any attribute or FAQ entry of the item does
    (中果一斤几个 against 中果一斤7-9个, not 单果重: 中果80-100克): with no chart, the note on choosing among the sizes is
    the answer."""
    return bool(product.size_note) and not product.size_chart and says_most(
        product.size_note, [*(f"{n}{v}" for n, v in product.attributes.items()), *map(said_by, product.faq)], q.plain)


def _variant_explained(product: Product, want: Wanted, text: str) -> bool:
    """Whether a question asks what a variant it names is (混色A是哪几个颜色, 组合B是什么) and an attribute's value says
    that very variant (颜色: 混色A是黑色+肤色+灰色)."""
    said = [v.lower() for v in (want.color, want.size, *(value for _, value in want.options)) if v]
    return any(re.search(re.escape(v) + r"的?(?:是|有|包括|包含)(?:哪|什么|啥)", text) for v in said) and any(
        v in value.lower() for v in said for value in product.attributes.values())


def _fit(read: Reader, product: Product, q: Question) -> bool:
    """Whether a question asks whether the item fits something (能用吗, 适配吗, 15promax能装吗) that its variants
    name or that is written like them (苹果13 of a case made for iPhone15 and 16), or that an attribute names
    (macbook of 适用设备: ... MacBook ...); 有苹果13的膜吗 asks it too."""
    fits = asks.FIT.search(q.text)
    want = read.wanted(product, q.text)
    if fits and (want.size or want.options):
        return True
    if (unknown := read.spellings[product.sku].unknown(q.text)) and (
            fits or asks.STOCK.search(q.text) or _asks_has(q.text.replace(unknown[1], "型号", 1))):
        return True  # 有华为mate60pro的膜吗: the model, however long, is one thing asked for
    return bool(fits and not want and (fits_by.by_figures(product, q.text) or devices_named(product, q.plain)))


def _asks_has(text: str) -> bool:
    return bool(asks.HAS.search(text) or asks.HAVE.search(text))


_EACH = r"(?:一[个件只盒本条套支包瓶袋张块罐])?"  # 多少钱一本, 一本多少: the price of one
_HOW_MUCH_ALONE = re.compile(rf"[\s的是那这个款呢]*{_EACH}多少(?:钱)?{_EACH}[呀啊呢哇]?\s*")  # what a variant named and nothing else asks: its price

_DOES = re.compile(r"会|能")  # a question of what the goods do (会往下滑吗, 能折吗), not of what they are

# 有, 现货, 还卖, 剩几件, 补: what asks for stock in so many words; not the 有 of 都有哪几把 or 有什么, which asks what the
# goods hold (the colours or sizes listed so are `asks.STOCK`'s and `asks.VARIANT_WORD`'s)
# 还有几个 asks how many are left; 5斤有几个 how many pieces a weight holds, no stock
_STOCK_WORD = re.compile(r"货|卖|剩|补|还有|有(?!哪|什么|啥|几[个颗粒只枚]|多少[个颗粒只枚])")

_LEADING_FIGURE = re.compile(r"\d+(?:\.\d+)?(?=[a-z\u4e00-\u9fff])")
_ONLY_ASKS_FOR = re.compile(r"[\s有吗呢没么还卖的嘛不这个款种你们家店里]*")

# whether there is any left, in so many words (还有没, 还有货吗, 什么时候到货): no other kind of answer says it
_STILL_THERE = re.compile(r"还有(?:吗|没|么|木有|货|的|$)|还剩|卖完|没有了|" + asks.STOCK.pattern)

# items none of whose colours names a hue (侧吸, 顶吸 of a range hood) sell no colours, whatever the file calls them
HUE = re.compile(f"[{''.join(HUES)}色]")

# a value a shop writes as a colour that says no colour: a pack (5斤装, 4盒装), a flavour (奶香味), a grade (特级), a gas
# (天然气)
NO_COLOUR = re.compile(r"\d|[味级装气型]$")


def shade_advice(product: Product) -> str:
    """The shop's advice on which shade for which skin: its shade note, or a size note that speaks of shades (色号按肤色选:
    a shop whose shades are its sizes writes it there)."""
    return product.shade_note or (product.size_note if "色" in product.size_note else "")


def _bundle_asked(product: Product, text: str) -> bool:
    """Whether a text asks for a bundle of the item: not when its bundle words only count one of an item sold as a
    set (保暖内衣一套多少钱 of a 保暖内衣套装: its price, which `alone._counted` leaves to an agent), nor when it asks
    which items go with it (有啥推荐一起买的: the related items)."""
    return bool(asks.BUNDLE.search(text)) and not one_of_the_item(product, text) and not asks.GOES_WITH.search(text)


def one_of_the_item(product: Product, text: str) -> bool:
    """Whether every bundle word a text says (一套, 套装, 一对) is a word of the item's own names with its 一 aside:
    the item is itself the set or the pair."""
    said = [m.group(0).removeprefix("一") for m in asks.BUNDLE.finditer(text)]
    names = " ".join((product.title.lower(), *product.lower_names))
    return bool(said) and all(word in names for word in said)


def accessories(catalog: Catalog, product: Product) -> list[Product]:
    """The items the shop relates to an item that are its parts or refills: their title or category says so (耗材配件包,
    替换刷头, 配件); none when no related item does."""
    return [p for s in product.related if (p := catalog.get(s)) is not None and asks.ACCESSORY.search(f"{p.title}{p.category}")]


def _asked_as_entry(entry: Faq, words: list[str], vocab: ProductWords, found: list[tuple[str, str]]) -> bool:
    """Whether a FAQ entry's own questions say the buyers' word that made the question an attribute's (加盐 of 面条加盐没
    against the entry 加盐了吗 beside 添加: 无添加食用盐): the shop's answer to that very question."""
    cues = {c for name, _ in found for c in vocab.attribute_cues(name)}
    asked = "".join(entry.questions).lower()
    return any(len(w) > 1 and w in cues and w not in {name.lower() for name, _ in found} and w in asked for w in words)


def _says_more(entry: Faq, words: list[str], left: list[str]) -> bool:
    """Whether a FAQ entry, though worded too far from the question to score high, says each of its words and one the
    attribute found does not speak to (耳机戴着去游泳行不: 防水 is found by 游泳, the entry on swimming says 戴 too)."""
    said = said_by(entry)
    return speaks_to(entry, words) and any(w in said for w in left if w not in EMPTY_WORDS and w not in asks.ASKING_WORDS
                                           and not asks.ASKING.match(w) and not asks.FIGURE.fullmatch(w))


def _remedy(product: Product, q: Question) -> bool:
    """Whether a question asks what the shop does about something going wrong that its warranty statement
    speaks of (鼓包了给换吗 against 电池鼓包免费换新), in words other than the plain warranty ones (保修, 质保)."""
    remedy = asks.REMEDY.search(q.text)
    return bool(product.warranty and remedy and not asks.WARRANTY.search(q.text)
                and shared(product.warranty, [w for w in q.words if w not in remedy.group(0)]))


def _return_on(product: Product, q: Question) -> bool:
    """Whether a question asks to return the item on a ground its warranty statement names (用了过敏可以退吗 against
    使用后如出现过敏可申请退货): the item's own rule, though a FAQ entry on the same ground (过敏) scores higher."""
    asked = asks.RETURN_ASKED.search(q.text)
    return bool(product.warranty and asked
                and shared(product.warranty, [w for w in q.words if len(w) > 1 and w not in asked.group(0)]))


def excepted(product: Product, text: str) -> bool:
    """Whether a text asks to return an item whose warranty makes it an exception to the shop's return rule."""
    return bool(product.warranty and asks.RETURN_ASKED.search(text) and asks.OWN_TERMS.search(product.warranty))


def stated(product: Product, words: list[str]) -> str | None:
    """genuine or warranty when its statement says every word the question asks about."""
    asked = [w for w in words if len(w) > 1 and w not in asks.ASKING_WORDS and not asks.ASKING.match(w)]
    for kind in ("genuine", "warranty"):
        statement = getattr(product, kind).lower()
        if asked and statement and all(w in statement for w in asked):
            return kind
    return None


def asks_stock(product: Product, q: Question) -> bool:
    """Whether a question read as stock asks for it in words (有货, 还有, 卖完, 什么时候到, 几种颜色) or names only
    the variant and the asking (那黑色呢, M码呢, 墨绿的吗): 麻辣的辣吗 names the flavour 麻辣 but asks how hot it is."""
    return bool(asks.STOCK.search(q.text) or _STOCK_WORD.search(_without_values(product, q.text))
                or asks.VARIANT_WORD.search(q.text)) or only_named(product, q)  # 色号有哪些: the variants themselves


def _without_values(product: Product, text: str) -> str:
    """The text without the item's variant values and their stems: the 补 of 补水 (补水款) asks for no restock."""
    values = {x.lower() for v in product.variants for x in v.values}
    for value in sorted(values | {re.sub(r"[款型色装版]$", "", x) for x in values}, key=len, reverse=True):
        if len(value) > 1:
            text = text.replace(value, " ")
    return text


def _gone_for_good(product: Product, want: Wanted, entry: Faq) -> bool:
    """Whether every variant a buyer names is sold out with no restock date and a FAQ entry names it, as the file
    writes it or spells it (签名版 of 作者亲笔签名版): what the shop says of goods that may never come back."""
    held = [v for v in product.variants if want.holds(v)] if want else []
    said = said_by(entry)
    return bool(held) and all(v.stock <= 0 and v.restock is None for v in held) and any(
        len(name) > 1 and name.lower() in said for v in held for value in v.values
        for name in (value, *product.spellings.get(value, ())))


def asks_left(text: str) -> bool:
    """Whether a question asks in so many words whether any is left (还有没, 有货吗, 什么时候到货)."""
    return bool(_STILL_THERE.search(text))


def _asks_warranty(entry: Faq) -> bool:
    """Whether a FAQ entry's own questions ask what the warranty covers (保修吗): a question that asks so in so many
    words (锅涂层掉了保修吗) is the warranty's to answer when no entry asks it, though an entry on the same defect (会掉涂层吗)
    mentions the warranty in passing."""
    return any(asks.WARRANTY.search(q.lower()) for q in entry.questions)


def _shut(entry: Faq, q: Question) -> bool:
    """Whether a question asks how much or which (能装多少水) of a FAQ entry whose own questions are all yes or no
    (能装开水吗): however alike the words, the entry does not answer it where an attribute (容量) does."""
    return bool(asks.OPEN_ASK.search(q.plain)) and not any(asks.OPEN_ASK.search(x) for x in entry.questions)


def asks_left_of(entry: Faq) -> bool:
    """Whether a FAQ entry's own questions ask whether any is left: the shop's answer on stock (什么时候有货)."""
    return any(asks_left(q.lower()) for q in entry.questions)


def only_named(product: Product, q: Question) -> bool:
    """Whether a question names only the item or its variant and the asking (那黑色呢, 手表呢, 8mm的呢), with no
    word of what it asks: stock when it opens a conversation, what was asked before when it follows one."""
    if asks.STOCK.search(q.text) or _STOCK_WORD.search(q.text):
        return False
    rest = asks.SIZE_WORD.sub(" ", COLOR_WORD.sub(" ", q.plain))
    for label in sorted(dict.fromkeys(x.lower() for v in product.variants for x in v.values), key=len, reverse=True):
        rest = rest.replace(label, " ")
        if figure := _LEADING_FIGURE.match(label):  # 20的呢 of 20cm: a size said by its figure alone
            rest = re.sub(rf"(?<![\d.]){re.escape(figure.group(0))}(?![\d.])", " ", rest)
    return bool(_ONLY_ASKS_FOR.fullmatch(re.sub(r"[那码号色]", "", rest)))


def _hues_sold(product: Product) -> bool:
    """Whether any of the item's colours is one (星空灰, 白色), not a pack, grade, variety or kind the shop writes as a
    colour (4盒装, 特级, 贵妃芒, 侧吸)."""
    return any(HUE.search(c) and not NO_COLOUR.search(c) for c in product.option_values("color"))


def _asks_for_variant(q: Question, want: Wanted) -> bool:
    """Whether a "do you have" question asks for a colour or size, or for the item itself (有没有白色,
    有大码吗, 这个还有吗, 还卖T恤吗), rather than for something about the goods (有没有盖子, 有没有口袋)."""
    if (want or colours_asked(q.text, COLOR_WORD) or asks.SIZE_WORD.search(q.text)
            or asks.VARIANT_WORD.search(q.text)):
        return True
    return bool(_ONLY_ASKS_FOR.fullmatch(q.plain))
