"""What a product question asks, read from its wording: stock, size, a bundle, genuine, warranty,
the price, a recommendation, a purchase, an attribute. These are the shapes of Chinese pre-sale
questions (the words shop staff fill in live in the catalogue files: colours, sizes, attributes,
FAQ, the needs an item suits)."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import cn2an

from bot.lookup import automaton
from bot.product_words import ProductWords
from bot.sounds import Sounds

from .model import Product, Variant

SIZE = re.compile(
    r"(?:什么|哪个|几|多大|啥|哪)(?:码|号)|码数|尺码|[smlx\d]码(?:合适|可以|行|能穿|够|大|小|偏)|"
    r"穿(?:多大|几码|什么号|哪个号|得下|着合适|上合适|哪个码)|选(?:几|哪个|什么|哪)(?:码|号)|[选挑]码|码怎么[选挑拍]|"
    r"偏大|偏小|正码|合身|太小|太大|大码|小码|拍大|拍小|大一码|小一码|身高|体重|(?:平时|平常|一般|日常)都?穿", re.IGNORECASE)
# 1米8的床被子要多大的: which size, of goods sized by what they go with (a bed, a sofa), the shop's note answers
HOW_BIG = re.compile(r"(?<![有])(?:要|拿|买|选|用|配|铺)多大(?:的|尺寸|规格)?(?:合适|好|呢|啊|$)")
# Stock asked in so many words: 有货吗, 什么时候补货, 有哪些颜色.
STOCK = re.compile(
    r"有货|没货|缺货|断货|现货|库存|补货|到货|(?:什么时候|啥时候|何时)(?:才|能|会|可以)?(?:有|上|到|补)|"
    r"卖完|售罄|还能买|能拍吗|"
    # 有什么码, 有几个色号: what there is; not 选什么码 / 穿什么码, which ask which size fits
    r"(?<![选穿拿戴买拍挑])(?:哪些|几种|几个|多少种|多少个|什么|啥)(?:颜色|色号|尺码|码|款式|图案)|(?:几|多少)[个种]色(?!号)")
# "Do you have ...": stock only when what follows is a colour or size, or the item itself (有没有白色, 这个还有吗);
# 有没有盖子 asks about the goods.
HAVE = re.compile(r"还有(?:吗|没|没有|么|木有)|(?<![出])出[^出吗么]{1,6}[色码号款](?:的)?(?:吗|么|没|不)|出不出|没有了|有(?:吗|没|没有|么|木有)$|有没有|有木有|[的色码号款]木有$|[的色码号款]有(?:吗|没|么)|[的色码号款]呢$|"
                  r"有[^有]{1,8}[码号色款的][吗么没]$")  # 有45码的吗: what it has is read by _asks_for_variant
HAS = re.compile(r"有[^有]{1,8}[吗么没]$")  # 有小样吗: has it something, a variant when the item has one so called
# the words of HAVE and HAS without what they ask about: 有熊猫图案的吗 asks of 熊猫, which a stock answer never says
HAVE_WORDS = re.compile(r"还有|没有了|有没有|有木有|木有|出[^出吗么]{0,1}[色码号款]|有(?:吗|没|么)|[色码号款]呢$")
VARIANT_WORD = re.compile(r"颜色|花色|色系|色号|尺码|码数|[大小]码|图案")  # 有没有别的颜色: the variants themselves
# 拍两件有优惠没: a deal on a count, a bundle's question of a named item; of none named, the shop's multi-buy rule's
COUNT = r"[两2二三3四4五5][件个只盒套条双袋瓶罐饼支台把包箱片副顶张块根]"  # 两件, 三支, 两饼: a count of goods
COUNTED_DEAL = re.compile(COUNT + r"[^，,。？?！!]{0,5}(?:优惠|便宜|划算)")
BUNDLE = re.compile(r"套装|套餐|组合|[两2二三3]件装|[两2]盒装|一[起块]儿?(?:[买拍要下拿入带]|多少|多钱|怎么算|便宜|优惠|有优惠|划算)|搭配买|搭着买|打包|多买|对杯|一对|一套|优惠装|礼包|"
                    + COUNTED_DEAL.pattern)
# ...and proof that it is what it says (怎么保证是原厂的, 怎么证明是产区的): what the shop's genuine statement says
GENUINE = re.compile(r"正品|正版|真的假的|真假|真伪|防伪|真货|假货|是假的|高仿|仿品|山寨|官方|授权|专柜|验货|原装|旗舰店|真不真|保真|"
                     r"(?:怎么|怎样|如何|咋)(?:保证|证明|确定|知道|辨别|鉴别|分辨)(?:是不是|是)")
WARRANTY = re.compile(r"保修|包修|质保|保换|包换|保固|售后|无理由|(?:坏了|有问题|出问题|有坏的|有烂的)(?:怎么办|能换|包换|管吗|咋办)|联保|换新|"
                      r"[保管](?:多久|几年|多长时间|多长|几个月)")  # 电机保多久, 压缩机管几年
# What went wrong, then what the shop does about it: 鼓包了给换吗, 开胶了管不管, 塌了咋办. A warranty question when
# the shop's warranty statement speaks of it (`shared`); it may also be a report, so an agent sends the answer.
REMEDY = re.compile(r"了(?:的话)?[，,\s]?(?:能|可以|会)?(?:给换|能换|换吗|换不换|包换|管不管|管吗|保吗|保不保|包赔|赔吗|给保|管换|管修|"
                    r"给不给换|给不给修|能不能换|"
                    r"赔不赔|咋办|怎么办|咋整|怎么整|咋弄|怎么弄|能修|修吗|给修|给退|能退|退吗|保修吗)")
OPEN_ASK = re.compile(r"多[久少大长重高宽厚沉深远]|几|什么|啥|哪|怎|如何")  # asks how much or which, not yes or no
# A return asked of an item (能退吗, 不合适能换吗) and a warranty statement that makes the item an exception to the shop's
# return rule (拆封后不支持无理由退换, 定制款不退不换): the item's own rule answers it, not the shop's.
RETURN_ASKED = re.compile(r"[能可给][以不]?[退换]|退[吗么不]|换[吗么不]|退换|退货|换货")
OWN_TERMS = re.compile(r"不支持|不[退换]|不予|除外|不接受|不能[退换]")
# How the goods are used (怎么用, 一次用多少, 多久敷一次; of tea and food 怎么泡, 咋煮): the shop's usage note answers;
# 充一次用多久 is the battery's
USAGE = re.compile(r"怎么用|怎样用|如何用|咋用|怎么使用|如何使用|用法|使用方法|(?:怎么|怎样|如何|咋)[涂抹擦敷喷吃泡冲煮喝]|用量|(?<!充)一次[用涂抹敷按]?多[少久]|"
                   r"每次[用涂抹敷按]多[少久]|多久[用敷涂]一次|一天[用涂抹敷]几次|几天[用敷]一次|什么时候用|早上用还是晚上用|"
                   r"早晚都?(?:能|可以)用|使用顺序|先用还是后用|敷多久|按多久")
# Which 色号 for which skin (黄皮选哪个色号, 哪个色号显白): the shop's shade note answers; 有几个色号 asks the stock
SHADE = re.compile(r"色号(?:怎么|咋)?[选挑]|[选挑](?:哪个|什么|哪|啥)色号|哪个色号|什么色号(?:好|适合|显)|色号.{0,3}适合|"
                   r"适合.{0,4}色号|显白|显黑|[黄白黑]皮|黄黑皮|肤色|皮肤.{0,3}[白黑黄]|试色|[要选拿用挑](?:啥|什么|哪个)色(?!号)")
_PIECE = COUNT[COUNT.index("]") + 1:]  # the measure words of goods: 件个只盒...
# 两支多少, 一条多少, 多少一瓶: a price asked with the count of goods it is for, 钱 left out
PRICE = re.compile(r"多少钱|(?<![很好太许])多钱|价格|什么价|啥价|几块钱|单价|卖多少|怎么卖|价钱|(?:一起|一共|总共)多少$|怎么算(?:钱|价)?$|"
                   rf"(?:一|{COUNT[:COUNT.index(']') + 1]}){_PIECE}多少$|多少钱?一{_PIECE}|"
                   rf"[买拍要来]{COUNT}[^，,。？?！!\s]{{1,8}}多少$")  # 买三个充电宝多少: the count, the item, then 多少
_USE_WHAT = r"用(?:点|个)?(?:什么|啥|哪个|哪款|哪种)(?:比较)?(?:好|合适)"  # 头发毛躁用啥好: which item, for a need
RECOMMEND = re.compile(r"推荐|送(?:给|人|礼)|适合|合适|预算|以内|以下|之内|左右|不超过|买点?什么好|选哪个|哪款好|什么好|买点?啥|送什么|"
                       + _USE_WHAT)
OPEN = re.compile(r"推荐|有什么|有啥|有哪些|买点?什么|买点?啥|送点?什么|送点?啥|选什么|选哪|哪款|哪个好|预算|配点?(?:什么|啥)|"
                  + _USE_WHAT)  # asks for an item, not about one
_NUM = r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万]+)"
BUDGET = re.compile(rf"预算\s*(?:是|在|有)?\s*{_NUM}|{_NUM}\s*(?:块钱|块|元|rmb)?\s*(?:以内|以下|之内|内|左右|上下)|(?:不超过|不到|别超过)\s*{_NUM}")
WHEN = re.compile(r"什么时候|几号|哪天|多久|啥时候|何时")
# 舒缓款几号到, 蓝色哪天有: when a colour or type named comes (its restock), which reads like a parcel's arrival
ARRIVES = re.compile(r"(?:什么时候|几号|哪天|多久|啥时候|何时)(?:才|能|会|可以)?(?:到|有)")
PURCHASE = re.compile(r"[要买拍]了|就要|我要|[要买拍]一[个件只盒条]|怎么[买拍]|下单|拍下|付款了|现在拍|我[买拍](?![的过])|来一[个件只盒条]|"
                      r"[拍来]个(?![照图视])|就[拍买](?![照图视])")
# what goes with the item (有配套的枕头吗, 配什么裤子好, 搭什么, 再配点啥, 一起买点啥): the shop's related items, asked
# before buying too, though it reads like a haggle (送点啥)
GOES_WITH = re.compile(r"配套|(?:搭配|配|搭|一起买|一块买)(?:点|个|些)?(?:什么|啥|哪)")
# a purchase about to be made (那我拍一个吹风机, 行 那我拍个43的, 就要白色的): not 拍个照片, nor what was bought (买了)
BUYS = re.compile(r"[要买拍来]一?[个件只盒条台瓶支双套罐袋](?![照图视说])|就要|就拍|拍下")
# 那我拍两箱: how many the buyer takes, said as a decision (not 买两件能便宜点吗, a haggle)
BUYS_COUNTED = re.compile(r"[拍要来][一两二三几][个件只盒条台瓶支双套罐袋箱份](?![照图视说])")
# what a message that buys says only when something went wrong (我要一个说法, 拍一个视频给你看 坏了)
GONE_WRONG = re.compile(r"退|换|坏|问题|质量|投诉|差评|说法|破|漏|不[能会]用|照片|视频")
# A question, not a report: 会起球吗 / 起不起球 asks about the goods, 起球了 complains about them.
HAPPENED = re.compile(r"了|过(?![期敏滤夜冬年来去])")  # 起球了, 洗过就缩: what happened is a complaint; 会过期吗 asks
# ...but 抹了会油吗, 洗了会不会缩 ask what would happen after doing something: a question about the goods
# ...and 洗了掉不掉色, 穿了起不起球: a use of the goods, then whether it does something
# ...and 要是破了咋整, 万一坏了怎么办: what the shop does if it happens, asked before buying
IF_DONE = re.compile(r"了[^，,。！!？?了]{0,8}(?:会不会|会[^，,。！!？?了]{0,6}[吗么嘛])|(?:要是|如果|万一|假如)[^，,。！!？?]{0,10}了"
                     r"|[洗穿戴用泡晒睡坐]了[^，,。！!？?了]{0,4}([\u4e00-\u9fff])不\1"
                     r"|了[^，,。！!？?了]{0,8}(?:能|可以)[用涂抹擦敷吃戴穿喝][吗么不]"  # 怀孕五个月了能涂吗: a state, then a question
                     r"|(?:是不是|会不会)[就也都]?[^，,。！!？?了]{0,5}了[吗么嘛呀]?$"  # 几天不戴是不是就不走了: what would happen
                     r"|了[^，,。！!？?了]{0,6}是[^，,。！!？?了不]{1,3}了[吗么嘛]$")  # 放久了变白了是坏了吗: whether a change means it
# Whether the goods may be used (油皮可以用精华不, 孕妇能涂吗): a question of the item named, whatever it reads like
MAY_USE = re.compile(r"(?:能|可以|可不可以|能不能)[用涂抹擦敷吃戴穿喝]")
QUESTION = re.compile(r"[吗么嘛？?]|(\w)不\1|有没有|有木有|是不是|会不会|能不能|可不可以|行不行|(?<!好)几(?!乎)|多少|什么|啥|"
                      r"(?<![我还都也就并])没有?$|"  # 加淀粉没, 有赠品没有: asked, not 我没有
                      r"(?<=[\u4e00-\u9fff])(?<![我还都也就并可要])不$|"  # 能机洗不, 是纯棉不: asked, not 我就不
                      r"哪[个些里款年段种号]|多[久长大重高宽厚沉深粗细远]|如何|咋|"
                      r"(?:[能会是]|可以)[\u4e00-\u9fff]{0,4}吧$")  # 能用吧, 是正品吧: asked to be confirmed, not 那就这样吧
# The buyers' everyday words for needs, for what a question asks and for attributes are the trainers'
# (intents/product_words.yaml): the functions below that weigh them are given them as a ProductWords (`vocab`).
# A measure asked that no attribute is named for, and the attributes that may still hold it, for an agent:
# 多厚 of a pillow with only 尺寸 and 高度.
MEASURE_FALLBACK = ((re.compile(r"多[厚薄]|厚不厚|薄不薄|[厚薄]吗|厚度"), re.compile(r"厚"), re.compile(r"尺寸|规格|大小|高度")),)


# A measure asked by its unit, and the unit a value holding it is written in: 多少毫升 is answered by 净含量: 50ml
# whatever the shop calls it, 零下几度能用 by 舒适温度: -5℃, 多少片 by the 100片 of the title.
UNIT_ASKED = tuple((re.compile(q), re.compile(v, re.IGNORECASE)) for q, v in (
    (r"多少毫升|几毫升|多少ml|多少升|几升|容量多大|多大容量|装多少|多大瓶|一瓶多少", r"\d\s*(?:ml|毫升|升|l)(?![a-z])"),
    (r"多重|多沉|多少克|几克|几斤|多少斤|多少公斤|几公斤", r"\d\s*(?:g|kg|克|千克|公斤|斤)(?![a-z])"),
    (r"多少度|几度|零下", r"\d\s*(?:℃|°c|度)"),
    (r"多久|多长时间", r"\d\s*(?:小时|h|分钟|天|个月|月|年)(?![a-z])"),
    (r"几个?小时|多少小时", r"\d\s*(?:小时|h)(?![a-z])"),
    (r"几天|多少天", r"\d\s*天"),
    (r"几个月|多少个月", r"\d\s*个?月"),
    (r"几年|多少年", r"\d\s*年"),
    (r"多少瓦|几瓦", r"\d\s*(?:w|瓦)(?![a-z])"),
    (r"多少毫安|几毫安", r"\d\s*(?:mah|毫安)"),
    (r"多[长宽高大厚]|尺寸|(?:几|多少)(?:毫米|厘米|公分|米|mm|cm)", r"\d\s*(?:cm|mm|厘米|毫米|米)"),
))
COUNT_ASKED = re.compile(r"(?:多少|几)([片支颗粒包袋张块节根双只瓶盒叶档层孔])")


def units_near(product: Product, text: str) -> list[tuple[str, str]]:
    """The attributes whose value is written in the unit a question asks for (多少毫升 -> a value in ml), when no
    attribute is named for it; a count asked (多少片) may be the title's own figure. Only a reading by the unit,
    which an agent confirms."""
    values = list(product.attributes.items())
    for asked, unit in UNIT_ASKED:
        if asked.search(text):
            return [(n, v) for n, v in values if unit.search(v)]
    if count := COUNT_ASKED.search(text):
        said = re.compile(rf"(?:\d+|[一二两三四五六七八九十]+)\s*{count.group(1)}")  # 100片, 三节
        return [(n, v) for n, v in values if said.search(v)] or [
            ("规格", m.group(0)) for m in said.finditer(product.title)][:1]
    return []


def about_goods(text: str, vocab: ProductWords) -> bool:
    """Whether a question asks something of the goods whatever the item (这个椅子承重多少, 有现货吗, 是正品吗, 有XL吗): a
    kind's own words, an everyday word for an attribute, or a size asked for."""
    return bool(QUESTION.search(text)) and (
        any(p.search(text) for p in (SIZE, STOCK, PRICE, GENUINE, WARRANTY, BUNDLE))
        or any(w in text for _, words in vocab.attributes for w in words)
        or bool((HAVE.search(text) or HAS.search(text)) and SIZE_WORD.search(text)))


def measures_near(product: Product, text: str) -> list[tuple[str, str]]:
    """The attributes that may hold a measure asked when none is named for it (多厚 against 尺寸 and 高度)."""
    for asked, named, near in MEASURE_FALLBACK:
        if asked.search(text) and not any(named.search(n) for n in product.attributes):
            return [(n, v) for n, v in product.attributes.items() if near.search(n)]
    return []


_SOUNDS = Sounds()  # toneless pinyin of each character, worked out as characters are met (a sound never changes)


@lru_cache(maxsize=4096)
def _fuzzy_sound(ch: str) -> str:
    """A character's toneless sound with the sounds a Mandarin IME slip mixes up made one (zh/z, ch/c, sh/s,
    -ng/-n): 内纯 for 内存, 成重 for 承重."""
    return re.sub(r"ng$", "n", re.sub(r"^([zcs])h", r"\1", _SOUNDS.of(ch)))


def sounds_like(name: str, text: str) -> bool:
    """Whether the text writes the name with a character of the same sound (成重 for 承重), sharing another."""
    if len(name) < 2 or not _CJK_ONLY.fullmatch(name):
        return False
    key = [_fuzzy_sound(c) for c in name]
    return any(text[i:i + len(name)] != name and set(text[i:i + len(name)]) & set(name)
               and [_fuzzy_sound(c) for c in text[i:i + len(name)]] == key for i in range(len(text) - len(name) + 1))


_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Wanted:
    """A variant the buyer names: a colour and/or a size of the item."""

    color: str | None = None
    size: str | None = None
    options: tuple[tuple[str, str], ...] = ()  # named choices beyond colour and size: (("switch", "青轴"),)

    def __bool__(self) -> bool:
        return bool(self.color or self.size or self.options)

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.color, self.size, *(v for _, v in self.options)) if p)

    def holds(self, variant: Variant) -> bool:
        """Whether a variant is one the buyer names: the same colour, size and options where the buyer says them."""
        return ((self.color is None or variant.color == self.color) and (self.size is None or variant.size == self.size)
                and all(variant.option(k) == v for k, v in self.options))


# Whether the item fits something: 能用吗, 适配吗, 15promax能装吗, 支持快充吗, 用哪根
FIT = re.compile(r"能用[吗么不嘛没]|能[用装][^吗么]{0,6}[吗么]|能不能用|可以用[吗么不]|可不可以用|用得了|适配|适用|兼容|能装[吗么不上下]|装得[上下]|能不能装|"
                 r"可以装[吗么]|通用[吗么]|配[吗么]|[拍选买用](?:哪个|哪款|哪根|哪种|什么型号|什么款)|什么型号|哪个型号|"
                 r"支持[^吗么]{0,8}[吗么]|能[充接连插][吗么]|撑得住|撑得起|承受得住|带得动|带得起|夹得[住上下了]|能夹|放得下|够不够|够用[吗么]")
# Attribute names that say what an item fits or works with (适配机型, 适用设备, 兼容系统)
FIT_NAME = re.compile(r"适[用配合]|兼容|支持|机型|型号")
_DEVICE = re.compile(r"[a-z][a-z0-9]{2,}")


def devices_named(product: Product, plain: str) -> list[tuple[str, str]]:
    """The attributes on what the item fits that name a device the question names (macbook of 适用设备: ... MacBook)."""
    said = set(_DEVICE.findall(plain))
    return [(n, v) for n, v in product.attributes.items() if FIT_NAME.search(n) and any(d in v.lower() for d in said)]


HUE = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[是有要的拿买个这那纯浅深淡亮暗偏种款和跟或还码号]))([红橙黄绿青蓝紫黑白灰粉棕咖金银杏米驼卡])(?:色|的|款|系)")  # a hue as buyers name it: 粉的, 蓝色


# A colour by a name of its own (珊瑚色, 香槟色, 牛油果色), asked for: 有珊瑚色吗, 出粉色吗; not 颜色, 什么色, 褪色
COLOUR_NAMED = re.compile(r"(?:有没有|有木有|没有|出不出|有|出|要|想要)(?:那种|这种)?([\u4e00-\u9fff]{1,3}?色)(?:的|款|系)?(?:吗|么|没|不|呢|嘛|$)")
_NO_COLOUR = re.compile(r"[颜别其什啥几哪这那本原褪掉特角脸气货种些个同出变染]")


def colours_asked(text: str, plain_colours: re.Pattern[str]) -> list[str]:
    """The colours a text names: plain ones (`plain_colours`: 白色, 浅蓝的) and ones asked for by a name of
    their own (珊瑚色 of 有珊瑚色吗)."""
    said = [m.group(0) for m in plain_colours.finditer(text)]
    return said + [m.group(1) for m in COLOUR_NAMED.finditer(text)
                   if not _NO_COLOUR.search(m.group(1)) and not any(m.group(1) in s or s in m.group(1) for s in said)]


_FLAVOUR_SAID = re.compile(r"([\u4e00-\u9fff]{1,5})味(?!道)")
_ASKING_LEAD = re.compile(r"^[有没是要的还那这个款种啥什么哪些]+")


def flavour_unlisted(product: Product, text: str) -> str | None:
    """A flavour or variety the text asks for that none of the item's is, when the shop writes its colours or sizes as
    such: a flavour (有羊肉味的吗 of 鸡肉味 and 牛肉味, 五香味 of 原味 and 椒盐: Taobao's 颜色分类 of a food), or a kind
    all of whose names end alike (台农芒 of 贵妃芒 and 金煌芒, 荆条蜜 of 百花蜜 and 槐花蜜, 小果 of 中果 and 大果); the
    item's own names aside, and figures (四十头 may be in 30-40头, which `amount_unlisted` reads)."""
    if KINDS_LISTED.search(text):
        return None  # 有什么口味: which there are, not one missing
    for name in product.lower_names:
        text = text.replace(name, " ")
    for values in (product.option_values("color"), product.option_values("size")):
        values = [v.lower() for v in values]
        ends = {v[-1] for v in values}
        end = ends.pop() if len(values) > 1 and len(ends) == 1 else "味" if any(v.endswith("味") for v in values) else ""
        if not _CJK_ONLY.fullmatch(end) or end in "色装款码号":
            continue
        pattern = _FLAVOUR_SAID if end == "味" else re.compile(f"([\u4e00-\u9fff]{{1,5}}){end}")
        for m in pattern.finditer(text):
            said = _ASKING_LEAD.sub("", m.group(1))
            if said and said != "口" and not re.fullmatch(r"[零一二两三四五六七八九十百]+", said) and not any(
                    said in v or v.removesuffix(end) in said for v in values):
                return f"{said}{end}"
    return None


def hued(product: Product, text: str) -> list[str]:
    """The item's colours that hold a hue the text names (蓝色 -> 深蓝, 浅蓝): a colour asked for that the item
    has in some shade is not missing, though which shade is meant is an agent's call."""
    for name in product.lower_names:
        text = text.replace(name, " ")
    hues = {m.group(1) for m in HUE.finditer(text)}
    return list(dict.fromkeys(v.color for v in product.variants if v.color and hues & set(v.color)))


def color_stem(color: str) -> str:
    """What buyers say of a colour: 白 of 白色, 金色 of 金色礼盒; and of a flavour a shop writes as a colour: 鸭肉梨 of
    鸭肉梨味 (not 原 of 原味)."""
    if len(color) > 1 and color.endswith("色") or len(color) > 2 and color.endswith("味"):
        return color[:-1]
    return color[: color.index("色") + 1] if "色" in color[1:] else color


def _coded(colors: list[str], text: str) -> str | None:
    """The colour whose shade number (01 of "#01 正红", n25) or whose name beside it (正红) the text says, alone
    among the item's colours."""
    parts: dict[str, list[str]] = {}
    for c in colors:
        if re.search(r"\d", c):  # a shade written with its number: 色号 as cosmetics shops write them
            for part in re.findall(r"[a-z]*\d+[a-z]*|[\u4e00-\u9fff]{2,}", c.lower()):
                parts.setdefault(part, []).append(c)
    for part, holding in parts.items():
        if len(holding) == 1 and re.search(rf"(?<![a-z0-9]){re.escape(part)}(?![a-z0-9])", text):
            return holding[0]
    return None


def _by_part(colors: list[str], text: str, colour_words: Callable[[str], tuple[str, ...]]) -> str | None:
    """The one colour a part of whose name the text says, when no other colour's name has that part (珍珠 of
    珍珠白, 香芋 of 香芋紫), or a buyers' word for such a part (哑光 for the 雾面 of 雾面黑: `colour_words`)."""
    parts = {c: {c[:end] for end in range(2, len(c)) if _CJK_ONLY.fullmatch(c[:end])} | set(colour_words(c)) for c in colors}
    said = [c for c, own in parts.items()
            if any(p in text and not any(p in parts[o] for o in colors if o != c) for p in own)]
    return said[0] if len(said) == 1 else None


def _no_words(colour: str) -> tuple[str, ...]:
    return ()


def wanted(product: Product, text: str, colour_words: Callable[[str], tuple[str, ...]] = _no_words) -> Wanted:
    """The colour and size of the item the text names (纯白的 -> 白色, l码 -> L). The item's own names are
    no variant: the 白 of 小白鞋 is not the colour 白色. `colour_words`: buyers' words for a part of a colour's
    name (哑光 for 雾面), the trainers' `spellings`."""
    # not 金煌芒, a name of a mango sold as 贵妃芒 and 金煌芒: that variant is asked too; nor the 蜜 of a honey's 枣花蜜
    held = [x for x in {x.lower() for v in product.variants for x in v.values} if any(n in x for n in product.item_names)]
    for name in product.item_names:
        text = _name_out(text, name, held)
    colors = sorted(dict.fromkeys(v.color for v in product.variants if v.color), key=len, reverse=True)  # file order breaks ties
    color = next((c for c in colors if c.lower() in text or color_stem(c).lower() in text), None)
    if color is None:  # 02号 or 豆沙 of "#02 豆沙": a shade's number or its name, when no other colour has it
        color = _coded(colors, text)
    if color is None:  # 粉的 of 兔子粉, 棕色 of 小熊棕: the one colour whose name holds the hue asked
        holding = hued(product, text)
        color = holding[0] if len(holding) == 1 else None
    if color is None:
        color = _by_part(colors, text, colour_words)
    sizes = sorted(dict.fromkeys([*(v.size for v in product.variants if v.size), *(r.size for r in product.size_chart)]), key=len, reverse=True)
    # a size starting with a Chinese character is said after a SKU too (sn06特大号), and 大号 is no part of it
    size = next((s for s in sizes if re.search(rf"{'(?<![a-z0-9])' if s[:1].isascii() else ''}{re.escape(s.lower())}(?![a-z0-9])", text)), None)
    if size is None:  # 小样 of 15g小样: the words of a size written with figures, when no other size has them
        words = {w: [s for s in sizes if w in s] for s in sizes for w in re.findall(r"[\u4e00-\u9fff]{2,}", s)}
        size = next((found[0] for w, found in words.items() if len(found) == 1 and w in text), None)
    if size is None:  # 12包 of 80抽×12包: a part of a size written as a product, when no other size has it
        size = _by_factor(sizes, text)
    if size is None:  # 一米八的床 of 1.8m床: a width in metres as buyers say it
        size = by_metres(sizes, text)
    if size is None:  # 98的呢 of 98L and 118L: the one size of that figure, its unit left out
        size = _by_figure(sizes, text)
    if size is None:  # 38码 of slippers sized 36-37, 38-39: the one size whose span holds it
        size = _by_span(sizes, text)
    return Wanted(color, size, tuple((key, value) for key in product.options if (value := _named(product.option_values(key), text))))


_BARE_FIGURE = re.compile(r"(?<![\d.a-z])(\d+(?:\.\d+)?(?:\s*(?:-|到|至|~)\s*\d+(?:\.\d+)?)?)(?=的|呢|吗|么|$|\s)")


def _by_figure(sizes: list[str], text: str) -> str | None:
    """The one size written as this figure or span and a unit (98L, 13片, 大1匹, 85-90mm) whose figure the text gives
    bare (98的呢, 85到90的)."""
    for said in _BARE_FIGURE.findall(text):
        said = re.sub(r"\s*(?:到|至|~)\s*", "-", said)
        holding = [s for s in sizes if re.fullmatch(rf"[\u4e00-\u9fff]?{re.escape(said)}\s*(?:[a-z]{{1,3}}\+?|[\u4e00-\u9fff]{{1,2}})", s.lower())]
        if len(holding) == 1:
            return holding[0]
    return None


_SPAN_SIZE = re.compile(r"(\d{2})-(\d{2})")
_SHOE_SAID = re.compile(r"(?<![\d.\-])(\d{2})(?:\.5)?(?=码|号)")


def _by_span(sizes: list[str], text: str) -> str | None:
    """The one size written as a span of two sizes (38-39) that holds the size the text gives (38码)."""
    spans = [(s, int(m.group(1)), int(m.group(2))) for s in sizes if (m := _SPAN_SIZE.fullmatch(s))]
    for said in (int(f) for f in _SHOE_SAID.findall(text)) if spans else ():
        holding = [s for s, low, high in spans if low <= said <= high]
        if len(holding) == 1:
            return holding[0]
    return None


def factors(value: str) -> list[str]:
    """The figures with their units a value written as a product is made of (80抽×12包: 80抽, 12包)."""
    if not re.search(r"[×x*＊]", value.lower()):
        return []
    return [f for f in re.split(r"\s*[×x*＊]\s*", value.lower()) if re.fullmatch(r"\d+(?:\.\d+)?[^\d\sx×*＊]+", f)]


def _by_factor(sizes: list[str], text: str) -> str | None:
    """The one size a text names by one of its factors, a figure with its unit (12包 of 80抽×12包, 2瓶 of 500ml×2瓶)."""
    parts = {s: factors(s) for s in sizes if factors(s)}
    found = {s for s, factors in parts.items() for f in factors
             if sum(f in other for other in parts.values()) == 1 and re.search(rf"(?<![\d.]){re.escape(f)}", text)}
    return found.pop() if len(found) == 1 else None


_DIGIT = {c: str(n) for n, c in enumerate("零一二三四五六七八九")} | {"两": "2"}
# 一米八, 1米8, 两米: a length in metres as buyers say a bed's or a window's width
_SPOKEN_METRES = re.compile(r"(?<![\d.零一二两三四五六七八九十百])([\d一二两三])米([\d一二三四五六七八九])?(?![\d零一二三四五六七八九十百千万斤])")
METRES = re.compile(r"(?<![\d.x*×乘])(\d(?:\.\d{1,2})?)\s*(?:米|m(?![a-z]))|(?<![\d.x*×乘])(\d\.\d)(?![\d.]|\s*(?:[a-z]|厘米|公分|毫米|寸|斤|元|块|kg|折))")
_SIZE_METRES = re.compile(r"^(\d(?:\.\d{1,2})?)(?:m|米)?(?:[x*×](?:\d(?:\.\d{1,2})?)m|m|米)")


def _in_figures(m: re.Match[str]) -> str:
    return f"{_DIGIT.get(m.group(1), m.group(1))}{'.' + _DIGIT.get(m.group(2), m.group(2)) if m.group(2) else ''}米"


# a bed's width and length in centimetres (180x200的床, 床垫是150*200): the width, as the bed's size in metres
_BED_CM = re.compile(r"床[垫是的为有\s]{0,3}(\d{2,3})\s*[x*×乘]\s*\d{3}(?![\d.])|"
                     r"(?<![\d.])(\d{2,3})\s*[x*×乘]\s*\d{3}\s*(?:cm|厘米|公分)?\s*的?床")


def metres_said(text: str) -> list[float]:
    """The lengths in metres a text gives (1.8米, 一米八, 1米8, 两米, 1.5的): a bed's width, a window's; and the width
    of a bed given in centimetres with its length (180x200的床)."""
    beds = [int(m.group(1) or m.group(2)) / 100 for m in _BED_CM.finditer(text)]
    return [*(float(m.group(1) or m.group(2)) for m in METRES.finditer(_SPOKEN_METRES.sub(_in_figures, text))), *beds]


def without_widths(sizes: list[str], text: str) -> str:
    """The text without the widths in metres it gives that one of the sizes has (一米八 of 1.8m床): said as the size."""
    widths = metre_sizes(sizes).values()
    if not widths:
        return text
    text = _SPOKEN_METRES.sub(lambda m: " " if any(abs(w - float(_in_figures(m)[:-1])) < 0.01 for w in widths) else m.group(0), text)
    return METRES.sub(lambda m: " " if any(abs(w - float(m.group(1) or m.group(2))) < 0.01 for w in widths) else m.group(0), text)


def metre_sizes(sizes: list[str]) -> dict[str, float]:
    """The sizes written as a width in metres (1.5m床, 1.8x2.0m), with that width."""
    return {s: float(m.group(1)) for s in sizes if (m := _SIZE_METRES.match(s.lower()))}


def by_metres(sizes: list[str], text: str) -> str | None:
    """The one size whose width in metres the text gives (一米八的床 -> 1.8m床, 1.5的 -> 1.5x2.0m)."""
    widths = metre_sizes(sizes)
    found = {s for said in metres_said(text) for s, width in widths.items() if abs(width - said) < 0.01}
    return found.pop() if len(found) == 1 else None


def metres_unlisted(sizes: list[str], text: str) -> float | None:
    """A width in metres the text gives that none of the sizes has (1米 of a fitted sheet from 1.2 to 2.0 m)."""
    widths = metre_sizes(sizes)
    if not widths:
        return None
    return next((said for said in metres_said(text) if not any(abs(w - said) < 0.01 for w in widths.values())), None)


# a size that is an amount: 2kg, 500ml, 13片, 5斤装, or a span of one (30-40头, 14-16mm); not a count of goods (3个)
_AMOUNT_SIZE = re.compile(r"^(\d+(?:\.\d+)?)(?:\s*[-~到]\s*(\d+(?:\.\d+)?))?\s*([a-z]+(?![a-z\d])|(?![个件只条双套])[\u4e00-\u9fff]装?$)")


def amount_unlisted(sizes: list[str], text: str, spellings: tuple[tuple[str, ...], ...]) -> str | None:
    """A figure in the unit every size is written in (2kg, 10kg; 200ml; 11片, 13片; 30-40头; the 6L of 6L单包 and 6L×4包) that none of them has or
    spans, as the text gives it (5kg of a dog food in 2kg and 10kg bags, 5公斤 too: `spellings`, the trainers' groups,
    say 公斤 is kg; 20头 of a sea cucumber sold as 30-40头 and 60-80头), written in the file's unit (100L, 3斤装)."""
    found = [m for s in sizes if (m := _AMOUNT_SIZE.match(s.lower()))]
    units = {m.group(3) for m in found}
    if not found or len(found) < len(sizes) or len(units) != 1:
        return None
    unit = units.pop()
    bare = unit.removesuffix("装") or unit  # 3斤 of 5斤装 and 10斤装
    words = sorted({unit, bare, *(w for group in spellings if bare in group for w in group)}, key=len, reverse=True)
    said = re.search(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:{'|'.join(map(re.escape, words))})(?![a-z])", text)
    if said is None or any(float(m.group(1)) <= float(said.group(1)) <= float(m.group(2) or m.group(1)) for m in found):
        return None
    written = _AMOUNT_SIZE.match(sizes[0].lower())
    return f"{said.group(1)}{sizes[0][written.start(3):written.end(3)].strip()}"  # the unit as the file writes it: 100L, not 100l


# 有哪几种, 分几款, 都有什么品种: which kinds the item comes in, whatever its file calls them (蜜种, 侧吸/顶吸, 口味)
KINDS_LISTED = re.compile(r"(?:有|分|出)(?:哪几[种款个样]|哪些[种款样]|几[种款样]|什么[品款]种|哪些品种|几个品种|啥品种|什么口味|哪些口味|几种口味|几个口味|啥口味)")


def options_listed(product: Product, text: str) -> bool:
    """Whether the text asks which values an option has (有几种轴, 有哪些接口, 都有什么型号), by the option's name or by
    the one last character all its values share (轴 of 青轴, 红轴); or which kinds an item of several colours or sizes
    comes in (蜂蜜有哪几种, 油烟机有几种)."""
    if (kinds := KINDS_LISTED.search(text)) and any(len(product.option_values(k)) > 1 for k in ("color", "size")) and not any(
            name in text[kinds.start():kinds.end() + len(name) + 1] for name in product.attributes):
        return True  # not 有哪几种口味 of a gift box whose 口味 lists what it holds: the attribute says them
    for key, name in product.options.items():
        values = product.option_values(key)
        words = {name, *({values[0][-1]} if len(values) > 1 and len({v[-1] for v in values}) == 1 and not values[0][-1].isascii() else ())}
        if any(re.search(rf"(?:哪些|哪几种|几种|几个|什么|啥|多少种)(?:的)?{re.escape(w)}", text) for w in words):
            return True
    return False


_CHOOSE = r"(?:选|挑|拍|买|用|要|入)(?:什么|哪个|哪种|哪款|啥|哪)(?:的)?"


def choice_asked(product: Product, text: str) -> bool:
    """Whether the text asks which of the item's sizes or options to choose by the one last character all their
    values share (选什么轴 of 青轴, 红轴, 茶轴): advice among the item's own variants, not among the shop's items."""
    for values in (product.option_values("size"), *(product.option_values(k) for k in product.options)):
        ends = {v[-1] for v in values}
        if len(values) > 1 and len(ends) == 1 and _CJK_ONLY.fullmatch(end := ends.pop()) and re.search(_CHOOSE + end, text):
            return True
    # 干皮选哪种 of a sunscreen made 清爽型 and 滋润型: which of the kinds the item comes in
    return bool(_PICK_ONE.search(text)) and any(len(product.option_values(k)) > 1 for k in ("color", "size", *product.options)) or any(
        _either_said(values, text) for values in (product.option_values("size"), *(product.option_values(k) for k in product.options)))


def _either_said(values: tuple[str, ...], text: str) -> bool:
    """Whether the text sets two of the values against each other around 还是, each by what only it has (选高的还是低的 of
    低枕 and 高枕)."""
    if "还是" not in text or len(values) < 2:
        return False
    before, _, after = text.partition("还是")
    own = {v: {c for c in v if _CJK_ONLY.fullmatch(c) and not any(c in o for o in values if o != v)} for v in values}
    first = {v for v, chars in own.items() if chars & set(before[-4:])}
    second = {v for v, chars in own.items() if chars & set(after[:4])}
    return len(first) == len(second) == 1 and first != second


_PICK_ONE = re.compile(r"(?:选|挑|拿|入)(?:哪种|哪款|哪一种|哪一款|哪个|什么样|什么款|啥款)|(?:哪种|哪款)(?:好|合适|适合)|"
                       r"(?:用|买|要)(?:哪种|哪款|哪个)(?:比较)?(?:好|合适)")


def _name_out(text: str, name: str, values: list[str]) -> str:
    """The text without an item's name, except where it is part of a variant's value said (the 蜜 of 枣花蜜)."""
    if not values:
        return text.replace(name, " ")
    inside = [(m.start(), m.end()) for v in values for m in re.finditer(re.escape(v), text)]
    return re.sub(re.escape(name), lambda m: m.group(0) if any(s <= m.start() and m.end() <= e for s, e in inside) else " ", text)


def _named(values: tuple[str, ...], text: str) -> str | None:
    """The longest of an option's values (青轴, iphone15pro) the text says as a whole; a value ending in a Chinese
    character ends where it is said (2段800克 says 2段)."""
    return next((v for v in sorted(values, key=len, reverse=True)
                 if re.search(rf"(?<![a-z0-9]){re.escape(v.lower())}{_whole_end(v)}", text)), None)


def _whole_end(value: str) -> str:
    """What may not follow a value said as a whole: a Latin letter or digit after one ending in either (iphone15 is not
    iphone15pro, nor 15 the 150), nothing after one ending in a Chinese character."""
    if not re.search(r"[a-z0-9]$", value.lower()):
        return ""
    return f"(?![a-z0-9]){_LONGER if value[-1].isdigit() else ''}"


_LONGER = r"(?![\s\-_]?[a-z])"  # iphone15 plus is no iPhone15: a model ending in a figure, then a word of a longer one


def budget(text: str) -> tuple[float, bool] | None:
    """(the most a buyer will spend, whether it is only 左右/上下) of 预算100以内, 两百块左右, 不超过150."""
    m = BUDGET.search(text)
    if not m:
        return None
    figure = next(g for g in m.groups() if g)
    try:
        value = float(figure) if figure[0].isdigit() else float(cn2an.cn2an(figure, "smart"))
    except (ValueError, KeyError):
        return None
    return value, bool(re.search(r"左右|上下", m.group(0)))


def needs(text: str, vocab: ProductWords, tags: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The needs a text states, as the cores shops tag items with (老人, 送礼...), and the shop's own tags it
    says in so many words (满月礼, 户外: `tags`, the catalogue's)."""
    cores = vocab.needs_said(text)
    index = _tag_index(tags)
    said = {n for _, positions in index.iter(text) for n in positions} if len(index) else ()
    return cores + tuple(t for n, t in enumerate(tags) if n in said
                         and not any(t.removeprefix("送") in vocab.words_of_need(c) for c in cores)) if said else cores


@lru_cache(maxsize=8)
def _tag_index(tags: tuple[str, ...]) -> ahocorasick.Automaton:
    """Each tag's words (送 aside, two characters or more) -> the positions of the tags they are: one pass over a text
    finds the tags it says."""
    of: dict[str, list[int]] = {}
    for n, tag in enumerate(tags):
        if len(core := tag.removeprefix("送")) > 1:
            of.setdefault(core, []).append(n)
    return automaton(of)


AGE = re.compile(r"(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:周岁|岁)(?!以[上下])")  # 6岁男孩, 三岁
AGE_SPAN = re.compile(r"(\d{1,2})\s*[-~到至]\s*(\d{1,2})\s*岁|(\d{1,2})\s*岁(?:以上|及以上|\+)|(\d{1,2})\s*岁(?:以下|以内)")


def age_asked(text: str) -> int | None:
    """The child's age a text gives (6岁男孩, 三岁的孩子)."""
    if not (m := AGE.search(text)):
        return None
    figure = m.group(1)
    try:
        return int(figure) if figure.isdigit() else int(cn2an.cn2an(figure, "smart"))
    except (ValueError, KeyError):
        return None


def age_spans(product: Product) -> list[tuple[str, int, int]]:
    """The ages an item is for, as its attributes or tags write them: (the words, from, to) of 3-8岁, 6岁以上."""
    said = [v for n, v in product.attributes.items() if "岁" in v or "年龄" in n] + list(product.suits)
    spans = []
    for words in said:
        for m in AGE_SPAN.finditer(words):
            low, high, above, below = m.groups()
            span = (int(low), int(high)) if low else (int(above), 99) if above else (0, int(below))
            spans.append((m.group(0), *span))
    return spans


def fits_age(product: Product, age: int | None) -> bool | None:
    """Whether an item is for a child of this age; None when the text gives no age or the item no ages."""
    spans = age_spans(product)
    if age is None or not spans:
        return None
    return any(low <= age <= high for _, low, high in spans)


DEGREE = re.compile(r"(\w)不\1")  # 大不大, 厚不厚: asks how much of a quality
# a size as buyers write it: s, xl, 2xl, l码; or a shoe's 38码, 39.5码 (a bare 38 may be anything); a child's 160码, 160的吗
SIZE_WORD = re.compile(r"(?<![a-z0-9.])([2-6]?x{0,4}[sml]|\d{1,2}(?:\.5)?(?=码|号)|\d{3}(?=码|号|的[吗么呢没]))(?:码|号)?(?![a-z0-9])")


def answers_degree(text: str, name: str, value: str, vocab: ProductWords) -> bool:
    """Whether an attribute speaks to the quality a 大不大 question asks about: 厚不厚 is answered by
    厚度: 适中, 领口大不大 is not by 领口: 圆领."""
    m = DEGREE.search(text)
    if not m:
        return True
    said = (name, value, *vocab.attribute_cues(name))
    return any(m.group(1) in s or m.group(0) in s for s in said)


# 多大, 几袋, 什么: the asking, and 这件, 那款: the pointing at the item; neither is what is asked about
ASKING = re.compile(r"^(?:几|多|什么|啥|哪|怎|是否|有无|可以|能|这|那)")


SUITS_WORDS = ("适合", "合适", "送", "礼物", "推荐", "买给", "给", "用", "吃", "穿")  # asking whether an item suits a need


# What buyers say went wrong (in a word of theirs: 摔碎) -> the words shops' warranty statements use for it (碎了包赔吗 against 运输破损包赔).
DEFECT_WORDS = {"碎": ("破损", "破碎"), "裂": ("破损", "开裂"), "摔": ("破损",), "破": ("破损",),
                "坏": ("损坏", "故障"), "掉": ("脱落",), "褪色": ("掉色",), "掉色": ("褪色",), "不亮": ("故障",)}


def shared(statement: str, words: list[str]) -> list[str]:
    """The words of a question a statement says, the asking aside: 鼓包 of 充电宝鼓包了给换吗 in 电池鼓包免费换新."""
    statement = statement.lower()
    return [w for w in words if w not in ASKING_WORDS and not ASKING.match(w) and not set(w) <= _PLAIN_CHARS
            and any(s in statement for s in (w.lower(), *(d for k, ds in DEFECT_WORDS.items() if k in w for d in ds)))]


def remedy_offered(statement: str, remedy: str) -> bool:
    """Whether a warranty statement offers the very remedy asked (管修 of 一年内开线免费维修, 给换 of 30天包换)."""
    return any(act in remedy and act in statement for act in _REMEDY_ACTS)


_REMEDY_ACTS = "修换赔退"  # what the shop does about goods gone wrong, as a remedy and a warranty both say it


def unexplained(words: list[str], said: list[str]) -> list[str]:
    """The words of a question an answer does not speak to: 刻字收费吗 asks about 收费, which 刻字: 最多10个字
    does not answer; 送礼有包装吗 asks about 包装, which 适合送礼 does not."""
    said = [s.lower() for s in said]
    return [w for n, w in enumerate(words) if not ASKING.match(w) and not any(w in s or s in w for s in said)
            and not (n and words[n - 1] == "多" and w in _HOW_MUCH)]


_HOW_MUCH = frozenset("大长重高宽厚久远深粗细")  # the 大 of 功率多大, cut from its 多: the asking, not a word asked


# Words that only ask, whatever is asked: 还有 M 吗, 有没有白色, 是不是正品, 会不会紧.
ASKING_WORDS = ("还有", "有没有", "是不是", "会不会", "不会", "要不要", "不要", "行不行", "可不可以", "可以", "行", "能", "码", "号", "款",
                "现在", "别的", "其他", "其它", "一下", "请问", "亲", "呢", "吧")
FIGURE = re.compile(r"[\d.零一二两三四五六七八九十百千]+(?:点[零一二两三四五六七八九]*)?(?:[个件只盒条套斤袋米块元]|cm|kg|mm|毫米|厘米|公分)?")  # a measure or count
# What each kind of answer with no reading of its own asks in so many words: the words a question of
# that kind may use and still be wholly answered by it (the variants, the figures and ASKING_WORDS aside).
_SIZE_TALK = re.compile(r"身高|体重|穿|选|拿|买|要|还是|斤|米|紧|松|大|小|合适|合身|够|脚长?|头围?|戴|码|平时|平常|一般|"
                        r"手指|指围|手腕|腕围|手掌|掌围|手围|一圈|周长|毫米|厘米|公分|圈口|圈号|几号|长度|多长|"  # a hand's measures
                        r"宝宝|娃|孩子|新生儿|刚出生|[\d一二两三四五六七八九十半]*个?多?(?:个月|岁半?)|几段|段|阶段?|号|用|喝|吃|拍")  # a child's age
# a figure's unit (1.2米的, 502升, 两罐装): part of the size asked, which the answer says in the item's own writing
FIGURE_UNIT = re.compile(r"\d(?:\.\d+)?\s*(?:公斤|千克|毫升|毫米|厘米|公分|[a-z]{1,2}|[\u4e00-\u9fff])|"
                         r"[一二两三四五六七八九十半]\s*(?:公斤|千克|毫升|毫米|厘米|公分|[米升斤克寸匹段号码罐包盒支条片套只件个瓶袋箱])",
                         re.IGNORECASE)
KIND_CUES: dict[str, tuple[re.Pattern[str], ...]] = {
    "stock": (STOCK, HAVE_WORDS, VARIANT_WORD, WHEN, FIGURE_UNIT, re.compile(r"有|货|卖|装|颜色|补上|[几多]条|[几多]个|几件|剩")),
    "size": (SIZE, _SIZE_TALK),
    "fit": (FIT, STOCK, HAVE_WORDS, FIGURE_UNIT, re.compile(r"有|货|款|能|用|装|的|我|是|手机|型号|机型")),
    "price": (PRICE, re.compile(r"钱|买|一个|单买|单个|一件|一只")),
    "bundle": (BUNDLE, PRICE, re.compile(r"钱|买|卖|优惠|便宜|和|加|一起")),
    "genuine": (GENUINE,),
    "warranty": (WARRANTY, WHEN, re.compile(r"坏|破|出问题|质量|给|管")),
    "recommend": (RECOMMEND, OPEN, BUDGET,  # and the words of the needs (kind_cues)
                  re.compile(r"买点|买|卖|东西|礼物|送|给|用|好|个|点|挑|选|块|元|钱|想|找|和|哪个")),
    "related": (PURCHASE, re.compile(r"好|那|就|拍|买|要|个|件|了")),
    "usage": (USAGE, re.compile(r"用|涂|抹|敷|擦|使用|次|天|早上|晚上|先|后|多少|多久")),
    # the skin tone asked (黄皮, 黑皮) is not among these: the shade note must say it for the answer to go alone
    "shade": (re.compile(r"色号|颜色|适合|[选挑]|好看|显白|涂|用|肤色|皮肤"),),
}


def kind_cues(kind: str, vocab: ProductWords) -> tuple[re.Pattern[str], ...] | None:
    """The words a question of this kind of answer may use (KIND_CUES); a recommendation's, the needs' words too."""
    cues = KIND_CUES.get(kind)
    return (*cues, vocab.need_cue) if cues is not None and kind == "recommend" else cues


def attribute_words(asked: list[tuple[str, str]], vocab: ProductWords) -> list[str]:
    """What attributes speak to: their names, values and the other words for the names."""
    return [s for name, value in asked for s in (name, value, *vocab.attribute_cues(name))]


def need_words(needs_: tuple[str, ...], vocab: ProductWords) -> list[str]:
    """What an answer on whether an item suits these needs speaks to."""
    return [*SUITS_WORDS, *needs_, *(w for n in needs_ for w in vocab.words_of_need(n))]


def bare(word: str) -> str:
    """A word without the 不 of an X不X question (配不配 -> 不配 -> 配), a noun's 子 (袋子 -> 袋) or a verb's
    完 (洗完 -> 洗): what a FAQ entry must say for the word to be answered."""
    stripped = re.sub(r"[子完]$", "", word.removeprefix("不"))
    return stripped or word


YES_NO = re.compile(r"[吗么嘛]|是不是|(\w)不\1")
_PLAIN_CHARS = frozenset("不的是有一了会能可吗呢")  # shared by too many words to tie a question to a value


def near_values(product: Product, words: list[str]) -> list[tuple[str, str]]:
    """The attributes whose value shares a character with a word of a yes/no question but is not named by it:
    纯棉吗 against 材质: 棉92% 氨纶8%, 骨瓷吗 against 高温陶瓷. The value is what an agent answers with;
    the question is not answered by it in so many words, so it never goes out alone."""
    asked = {c for w in words if len(w) > 1 and w not in ASKING_WORDS for c in w if "\u4e00" <= c <= "\u9fff"}
    asked -= _PLAIN_CHARS
    return [(name, value) for name, value in product.attributes.items() if asked & set(value)]


def _own_cues(name: str) -> tuple[str, ...]:
    """How a buyer asks for an attribute by the shop's own name for it: the name, for a degree (高度, 甜度) 多高,
    高不高, and for a count (节数, 层数) 几节, 多少节."""
    stem = name[:-1] if len(name) == 2 and name[-1] in "度数" else ""
    if stem and name.endswith("数"):
        return (name, f"几{stem}", f"多少{stem}")
    return (name, f"多{stem}", f"{stem}不{stem}", f"{stem}吗") if stem else (name,)


def runs(text: str, words: list[str]) -> list[str]:
    """The words a cut left in single characters, joined as the text writes them: 安卓 and 充绒 of a trade's words the
    segmenter does not know (安 卓, 充 绒), which a value or a name may still say whole; a negation (无 of 无添) only
    as a claim says it (`claim_of`)."""
    out, run = [], ""
    for w in words:
        if len(w) == 1 and _CJK_ONLY.fullmatch(w) and w not in _PLAIN_CHARS and not NEGATION.match(w):  # 无添: a claim's
            run = run + w if run and run + w in text else w
            if len(run) > 1:
                out.append(run)
        else:
            run = ""
    return list(dict.fromkeys(out))


# 什么底, 啥面的, 几个孔: a part of the goods named by one character, the end of an attribute's name (鞋底, 鞋面, 通风孔)
PART = re.compile(r"(?:什么|啥|哪种|几个|多少个)([\u4e00-\u9fff])(?![^的呀啊呢吗么？?，,。!！~\s])")


def attributes_asked(product: Product, text: str, words: list[str], vocab: ProductWords) -> list[tuple[str, str]]:
    """The item's attributes a text asks about: by the shop's name for it or a word of that name (蓝牙 of
    蓝牙版本, 肤质 of 适用肤质), by another word for the name, or by a value it checks (是316不锈钢吗). Where
    the shop's own name is asked, a common word for another attribute that the same words say is not
    (枕头有多高 asks 高度: 10-12cm, not 尺寸 60x40cm, though buyers ask 尺寸 with 多高 too)."""
    words = [*words, *runs(text, words)]
    asking = [w for w in words if len(w) >= 2 and w not in ASKING_WORDS and not ASKING.match(w)]
    claim = claim_of(text) or ""  # 是无香的吗: the claim 无香 in 无香精, though jieba cuts it into 无 and 香
    own, common = [], []
    for name, value in product.attributes.items():
        lname = name.lower()
        # 蛋白质 of 粗蛋白, 含量 of 净含量: the name but for a first character that qualifies the rest
        if (any(c in text for c in _own_cues(lname)) or any(w in lname or (len(lname) == 3 and w.startswith(lname[1:]))
                                                         for w in asking) or sounds_like(lname, text)
                or any(len(w) >= 2 and w in value.lower() for w in words) or (len(claim) > 1 and claim in value.lower())):
            own.append((name, value))
        elif hits := [w for w in vocab.attribute_cues(name) if w in text]:
            common.append((name, value, hits))
    if not own and not common and (part := PART.search(text)):  # 什么底: 鞋底, when no other name ends so
        ends = [(name, value) for name, value in product.attributes.items() if len(name) > 1 and name.endswith(part.group(1))]
        own = ends if len(ends) == 1 else []
    # a common word inside a longer one another attribute's words say is that one's: 多大个 asks the 果径, not 规格's 多大
    common = [(name, value, hits) for name, value, hits in common
              if not all(any(h != h2 and h in h2 for _, _, other in common for h2 in other) for h in hits)]
    claimed = [c for name, _ in own for c in _own_cues(name.lower())]
    # nor one of the same part as an attribute named (鞋底是啥做的 asks the sole's make, not 鞋面材质's: both of the 鞋)
    parts = {c for name, _ in own for c in name}
    out = own + [(name, value) for name, value, hits in common
                 if not all(h in claimed for h in hits) and not (parts & set(name) and own)]
    order = list(product.attributes)
    return sorted(out, key=lambda item: order.index(item[0]))


_ASKING_CHARS = frozenset("多少几什么啥哪怎样吗呢不")


def rivals(product: Product, text: str, words: list[str], vocab: ProductWords) -> list[str]:
    """The item's attributes not asked by a text whose names end in what a buyers' common word for an asked one says,
    its asking aside, and that the trainers' words place nowhere (连衣裙有多长: 多长 is a word for 袖长, and 裙长 is a 长
    as well): which of them is meant is a guess. One the words place elsewhere is not (承重 has words of its own: 多重 asks
    the 重量). The shop's own name asked (袖长多少) leaves none."""
    asked = {name for name, _ in attributes_asked(product, text, words, vocab)}
    said = {"".join(c for c in cue if c not in _ASKING_CHARS) for name in asked for cue in vocab.attribute_cues(name)
            if cue in text}
    return [name for name in product.attributes if name not in asked and not vocab.attribute_cues(name)
            and any(s and name.endswith(s) for s in said)]


def part_named(product: Product, text: str) -> list[tuple[str, str]]:
    """The one attribute whose short name starts or ends with a part of the goods the text names in one character
    (刀是几叶的 -> 刀片, 线多长 -> 电源线, 带子多长 -> 表带), else the one whose value says it (有窗吗 -> 门: 双门双窗):
    a noun or a place word of jieba's, its 子 aside. A reading by one character, which an agent confirms."""
    said = {bare(w) for w, flag in _tags(text) if flag in ("n", "ng", "f")} - _PLAIN_CHARS  # not 连/nr of 可以连手机吗
    for part in (p for p in said if len(p) == 1 and _CJK_ONLY.fullmatch(p)):
        holding = [(n, v) for n, v in product.attributes.items() if 1 < len(n) <= 3 and (n.startswith(part) or n.endswith(part))]
        holding = holding or [(n, v) for n, v in product.attributes.items() if part in v]  # 有窗吗 of 门: 双门双窗
        if len(holding) == 1:
            return holding
    return []


# 是景德镇的吗, 是50ml的吗, 是日本产的吗: the value a yes/no question claims for the item
CLAIM = re.compile(r"(?:是不是|是)\s*(?P<claim>[^，,。！？?\s是]{1,10}?)\s*(?:产|生产|出产|做)?的?(?:吗|么|嘛|呀)?[？?]?$")
QUANTITY = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?\s*([a-z]+|毫升|毫安|千克|公斤|克|斤|升|厘米|毫米|米|瓦|小时|寸)?")
PLACE_TAGS = frozenset({"ns", "nr", "nrt", "nz"})  # jieba tags 景德镇 nr, 若羌 nrt, 和田 nz: names of places among them
NEGATION = re.compile(r"[无不没非否]")
# what a material is made of, in the characters its names share (真皮, 纯棉, 羊毛, 不锈钢, 实木): a claim of one asks the material
MATERIAL = re.compile(r"[皮革棉麻丝毛绒纤塑钢铁铝铜木竹瓷陶硅]|玻璃|合金|尼龙|涤纶|帆布")  # 无香精 says no to 香精: never a yes


@dataclass(frozen=True)
class Amount:
    figure: float
    unit: str


def _amounts(text: str) -> list[Amount]:
    return [Amount(float(m.group(1)) * (10000 if m.group(2) else 1), m.group(3) or "")
            for m in QUANTITY.finditer(text.lower())]


@lru_cache(maxsize=256)
def _tags(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's part-of-speech cut of a short text (loaded on first use: only a claimed value needs it)."""
    import jieba  # noqa: PLC0415 - its dictionary loads on first use; most messages never come here
    import jieba.posseg  # noqa: PLC0415
    jieba.setLogLevel(logging.WARNING)
    return tuple((p.word, p.flag) for p in jieba.posseg.lcut(text))


def _is_place(text: str, tags: frozenset[str]) -> bool:
    cut = [(w, f) for w, f in _tags(text) if w.strip()]
    return bool(cut) and all(f in tags for _, f in cut)


def claim_of(text: str) -> str | None:
    """The value a yes/no question claims: 无香 of 是无香的吗, 景德镇 of 是景德镇产的吗."""
    m = CLAIM.search(text.lower())
    return m.group("claim") if m and YES_NO.search(text) else None


def contradicted(product: Product, text: str, vocab: ProductWords) -> list[tuple[str, str]]:
    """The attributes a yes/no question's claimed value can only be about, when no value says it: 是50ml的吗
    against 净含量: 50g (the same figure or unit), 是景德镇的吗 against 产地: 广东潮州 (a place against the
    values that start with one). The real value is for an agent to send: the claim may be right in words the
    catalogue does not use, or about something else."""
    if not (claim := claim_of(text)):
        return []
    values = {name: value.lower() for name, value in product.attributes.items()}
    if any(claim in v for v in values.values()) or any(claim in n for n in product.lower_names):
        return []
    if said := _amounts(claim):
        fits = [name for name, v in values.items()
                if any(a.unit == s.unit and a.unit or a.figure == s.figure for a in _amounts(v) for s in said)]
    elif re.fullmatch(r"[\u4e00-\u9fff]{2,6}", claim) and _is_place(claim, PLACE_TAGS):
        fits = [name for name, v in values.items() if _tags(v) and _tags(v)[0][1] == "ns"]  # 广东潮州, 上海
    elif MATERIAL.search(claim):  # 是真皮的吗 against 鞋面材质: 飞织网面: the item's material, whatever it is
        part = set(MATERIAL.sub("", claim)) - _PLAIN_CHARS  # 玻璃屏: the 屏幕's, not any value of glass or silicone
        fits = ([name for name in values if part & set(name)] or [name for name in values if vocab.material.search(name)]
                or [name for name, v in values.items() if MATERIAL.search(v)])  # 鞋面: 网面+合成革
    else:
        fits = []
    return [(name, product.attributes[name]) for name in fits]


def confirms(text: str, words: list[str], found: list[tuple[str, str]]) -> bool:
    """Whether attributes say yes to a yes/no question: each one's value holds a word asked (骨瓷的吗 against
    材质: 骨瓷), says no to nothing (有香精吗 against 无香精 is a no) and gives no other figure in the unit of one the
    question claims (10斤的是净重吗 against 10斤装净重约9斤: the 净重 is another weight)."""
    asked = [w.lower() for w in words if len(w) > 1 and w not in ASKING_WORDS and not ASKING.match(w)]
    return bool(YES_NO.search(text) and found and asked) and all(
        any(w in value.lower() for w in asked) and not NEGATION.search(value) and not _another_figure(text, value.lower())
        for _, value in found)


_MEASURED = re.compile(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)\s*(斤|公斤|千克|kg|克|g|毫升|ml|升|l|毫米|mm|厘米|cm|米|m)(?![a-z])")


def _another_figure(text: str, value: str) -> bool:
    """Whether a value gives a figure in the unit of a figure the text names other than that one (4.5斤 beside 5斤)."""
    said = {(m.group(1), m.group(2)) for m in _MEASURED.finditer(text)}
    return any(m.group(2) == unit and m.group(1) != figure for figure, unit in said for m in _MEASURED.finditer(value))
