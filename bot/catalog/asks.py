"""What a product question asks, read from its wording: stock, size, a bundle, genuine, warranty, the price, a
recommendation, a purchase, whether it asks at all. The shapes of Chinese pre-sale questions, whatever the shop; the
words shop staff fill in live in the catalogue files, and the readings against an item's own words in the modules
beside this one (`attributes`, `wanted`, `claims`)."""
from __future__ import annotations

import re

import cn2an

from bot.product_words import ProductWords

SIZE = re.compile(
    r"(?:什么|哪个|几|多大|啥|哪)(?:码|号)|码数|尺码|[smlx\d]码(?:合适|可以|行|能穿|够|大|小|偏)|"
    r"穿(?:多大|几码|什么号|哪个号|得下|着合适|上合适|哪个码)|选(?:几|哪个|什么|哪)(?:码|号)|[选挑]码|码怎么[选挑拍]|"
    r"偏大|偏小|正码|合身|太小|太大|大码|小码|拍大|拍小|大一码|小一码|身高|体重|(?:平时|平常|一般|日常)都?穿", re.IGNORECASE)
# 1米8的床被子要多大的: which size, of goods sized by what they go with (a bed, a sofa), the shop's note answers
HOW_BIG = re.compile(r"(?<![有])(?:要|拿|买|选|用|配|铺)多大(?:的|尺寸|规格)?(?:合适|好|呢|啊|$)")
# Stock asked in so many words: 有货吗, 什么时候补货, 有哪些颜色.
STOCK = re.compile(
    r"有货|没货|缺货|断货|现货|库存|补货|到货|(?:什么时候|啥时候|何时)(?:才|能|会|可以)?(?:有|上|到|补)|(?:几号|哪天)(?:才|能|会)?补|"
    r"卖完|售罄|还能买|能拍吗|还剩|剩(?:下)?(?:几|多少)(?![天小分])|还有(?:几|多少)(?=[个件只把台套副张条双盒瓶支袋箱份本顶块根片])|"
    # 有什么码, 有几个色号: what there is; not 选什么码 / 穿什么码, which ask which size fits
    r"(?<![选穿拿戴买拍挑])(?:哪些|几种|几个|多少种|多少个|什么|啥)(?:颜色|色号|尺码|码|款式|图案)|(?:几|多少)[个种]色(?!号)")
# 还剩几个, 库存还有多少, 现货多少套: how many are left, which a stock answer says by the count (the measure word asked,
# if any); not 还有几个颜色, which asks what colours there are
COUNT_LEFT = re.compile(r"(?:还剩下?|剩下?|还有|库存(?:还有|有)?|现货(?:还有|有)?)\s*(?:几|多少)\s*"
                        r"(?:(?P<unit>[个件只把台套副张条双盒瓶支袋箱份本顶块根片])(?![颜色码号款种规])|(?![\u4e00-\u9fff]{0,1}[颜色码号款种规天小分个件只把台套副张条双盒瓶支袋箱份本顶块根片]))")
# "Do you have ...": stock only when what follows is a colour or size, or the item itself (有没有白色, 这个还有吗);
# 有没有盖子 asks about the goods.
HAVE = re.compile(r"还有(?:吗|没|没有|么|木有)|(?<![出])出[^出吗么]{1,6}[色码号款](?:的)?(?:吗|么|没|不)|出不出|没有了|有(?:吗|没|没有|么|木有)$|有没有|有木有|[的色码号款]木有$|[的色码号款]有(?:吗|没|么)|[的色码号款]呢$|"
                  r"有[^有]{1,8}[码号色款的][吗么没]$")  # 有45码的吗: what it has is read by _asks_for_variant
HAS = re.compile(r"有[^有]{1,8}[吗么没]$")  # 有小样吗: has it something, a variant when the item has one so called
# the words of HAVE and HAS without what they ask about: 有熊猫图案的吗 asks of 熊猫, which a stock answer never says
HAVE_WORDS = re.compile(r"还有|没有了|有没有|有木有|木有|出[^出吗么]{0,1}[色码号款]|有(?:吗|没|么)|[色码号款]呢$")
# the colours asked as such (有什么颜色, 是什么颜色的): of an item whose "colours" say no colour (`kinds.NO_COLOUR`) or
# that has none, a question of colours asks what the goods look like, not the variants
COLOURS_ASKED = re.compile(r"颜色|花色|色系|什么色|啥色")
VARIANT_WORD = re.compile(r"颜色|花色|色系|色号|尺码|码数|[大小]码|图案")  # 有没有别的颜色: the variants themselves
# 拍两件有优惠没: a deal on a count, a bundle's question of a named item; of none named, the shop's multi-buy rule's
COUNT = r"[两2二三3四4五5][件个只盒套条双袋瓶罐饼支台把包箱片副顶张块根]"  # 两件, 三支, 两饼: a count of goods
COUNTED_DEAL = re.compile(COUNT + r"[^，,。？?！!]{0,5}(?:优惠|便宜|划算|活动)")
BUNDLE = re.compile(r"套装|套餐|组合|[两2二三3]件装|[两2]盒装|一[起块]儿?(?:[买拍要下拿入带]|多少|多钱|怎么算|便宜|优惠|有优惠|划算)|搭配买|搭着买|搭配[^，,。？?！!]{0,8}?(?:优惠|便宜|划算)|打包|多买|对杯|一对|一套|优惠装|礼包|"
                    + COUNTED_DEAL.pattern)
# 遥控车加电池多少钱, 铁锅+锅铲, 平衡车配个头盔: two items joined, once their names are out (what stands between them):
# the pair asked; not 吉他配琴包吗, 带琴包吗 (what comes with it). A 加个 typed may have been read as the slip for 价格.
JOINED = re.compile(r"(?:^|\s)(?:加|再?[加配搭]个|[+＋])(?:\s|$)")
# ...and proof that it is what it says (怎么保证是原厂的, 怎么证明是产区的): what the shop's genuine statement says
GENUINE = re.compile(r"正品|正版|盗版|仿的|仿款|原创|正规厂|正规的|真的假的|真假|真伪|防伪|真货|假货|是假的|高仿|仿品|山寨|官方|授权|专柜|验货|原装|旗舰店|真不真|保真|"
                     r"(?:怎么|怎样|如何|咋)(?:保证|证明|确定|知道|辨别|鉴别|分辨)(?:是不是|是)|"
                     # 是真的泰国乳胶吗: whether it truly is what it is sold as (not 是真的好用吗, how well it works)
                     r"是真的(?![好会能可有用很太在])[\u4e00-\u9fff]{2,8}[吗么嘛]")
WARRANTY = re.compile(r"保修|包修|质保|保换|包换|保固|售后|无理由|(?:坏了|有问题|出问题|有坏的|有烂的)(?:怎么办|能换|包换|管吗|咋办)|联保|(?<!以旧)换新|"
                      r"[保管](?:多久|几年|多长时间|多长|几个月)")  # 电机保多久, 压缩机管几年
# What went wrong, then what the shop does about it: 鼓包了给换吗, 开胶了管不管, 塌了咋办. A warranty question when
# the shop's warranty statement speaks of it (`shared`); it may also be a report, so an agent sends the answer.
REMEDY = re.compile(r"了(?:的话)?[，,\s]?(?:能|可以|会)?(?:给换|能换|换吗|换不换|包换|管不管|管吗|保吗|保不保|包赔|赔吗|给保|管换|管修|"
                    r"给不给换|给不给修|能不能换|"
                    r"赔不赔|咋办|怎么办|咋整|怎么整|咋弄|怎么弄|能修|修吗|给修|给退|能退|退吗|保修[吗么不没嘛]|包修)|"
                    r"了[\u4e00-\u9fff]{1,3}?(?:的话)?[，,\s]?(?:咋办|怎么办|咋整|怎么整)")  # 少了零件咋办: what is missing after 了
# what to do about something (硬邦邦的咋办, 结块了怎么处理): the shop's own answer to the buyer's case, not a fact
WHAT_TO_DO = re.compile(r"怎么办|咋办|咋整|怎么整|咋弄|怎么弄|怎么处理|咋处理|如何处理|怎么解决")
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
                   r"适合.{0,4}色号|显白|显黑|[黄白黑]皮|黄黑皮|肤色|皮肤.{0,3}[白黑黄]|试色|[要选拿用挑](?:啥|什么|哪个)色(?!号)|"
                   # 唇色深选哪个: the lips' own colour, as a skin tone; 在两个色中间选哪个: between two shades
                   r"唇色.{0,2}[深重暗黑紫浅淡]|遮唇色|(?:中间|之间)[^，,。？?！!]{0,4}[选挑拿用]")
_PIECE = COUNT[COUNT.index("]") + 1:]  # the measure words of goods: 件个只盒...
# 两支多少, 一条多少, 多少一瓶: a price asked with the count of goods it is for, 钱 left out
PRICE = re.compile(r"多少钱|(?<![很好太许])多钱|价格|什么价|啥价|几块钱|单价|卖多少|怎么卖|价钱|(?:一起|一共|总共)多少$|怎么算(?:钱|价)?$|"
                   rf"(?:一|{COUNT[:COUNT.index(']') + 1]}){_PIECE}多少$|多少钱?一{_PIECE}|"
                   rf"[买拍要来]{COUNT}[^，,。？?！!\s]{{1,8}}多少$")  # 买三个充电宝多少: the count, the item, then 多少
# 大号贵多少: what one variant costs beside another, which its price says only with the other's beside it (for an agent)
PRICE_GAP = re.compile(r"贵多少|贵几块|便宜多少|便宜几块|差多少钱|差价|差几块")
# 头发毛躁用啥好, 当新郎穿啥鞋好: which item, for a need
_USE_WHAT = (r"[用穿戴背](?:点|个)?(?:什么|啥|哪个|哪款|哪种|哪双)[\u4e00-\u9fff]{0,2}(?:比较)?(?:好|合适)|"
             r"[用拿](?:什么|啥)[装放存]")  # 带饭用啥盒子好, 囤菜用啥装: an item asked for, by what it is for
RECOMMEND = re.compile(r"推荐|送(?:给|人|礼)|适合|合适|预算|以内|以下|之内|左右|不超过|买点?什么好|选哪个|哪款好|什么好|买点?啥|送什么|"
                       + _USE_WHAT)
OPEN = re.compile(r"推荐|有什么|有啥|有哪些|便宜一?[点些]的|买[点个]?什么|买[点个]?啥|送[点个]?什么|送[点个]?啥|选什么|选哪|哪款|哪个好|预算|配点?(?:什么|啥)|"
                  + _USE_WHAT)  # asks for an item, not about one
_NUM = r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万]+)"
# 有什么礼品, 送小礼物吗, 有赠品没: whether the shop gives something with the goods, a haggle's question and no need; not
# a gift the buyer means to buy or give (想买个礼品送长辈, 有什么礼品推荐, 送什么礼物好, 想送个礼物 预算两百)
FREEBIE = re.compile(r"(?<![想要准备打算去])(?:有|送|给|赠|带)(?:没有|什么|啥|点|个|些|不送|没)?小?(?:礼品|礼物|赠品)送?(?=[吗么嘛呀啊呢没不吧]|$)")
# 想买个礼品送长辈, 打算给我妈买点东西: goods the buyer means to buy, whom the needs beside it say they are for
MEANS_TO_BUY = re.compile(r"(?:想|打算|准备|要给|想给|打算给|准备给)[^，,。？?！!\s]{0,4}?(?:买|挑|选|入手)")
BUDGET = re.compile(rf"预算\s*(?:是|在|有)?\s*{_NUM}|{_NUM}\s*(?:块钱|块|元|rmb)?\s*(?:以内|以下|之内|内|左右|上下)|(?:不超过|不到|别超过)\s*{_NUM}")
# 五常米发货是新磨的吗, 发货前挑过吗, 发货带电吗: what the goods sent are like, which the shipping times never say (not 发的是
# 顺丰吗, 发货是今天吗: the courier and the day are the shipping reply's)
GOODS_SENT = re.compile(r"(?:发货|发的|发过来的?)(?:都|会|也)?(?:是不是|是)(?![^，,。？?！!]*(?:快递|物流|冷链|顺丰|中通|圆通|韵达|申通|"
                        r"邮政|ems|京东|德邦|极兔|今天|明天|后天|几号|哪天|[从哪]里|哪儿))[^，,。？?！!]{1,8}[吗么嘛不]|"
                        r"发(?:货|之)?前[^，,。？?！!]{0,4}(?:挑|选|检查|检验|筛|验|看)|发货(?:会)?(?:带|有|送)[^，,。？?！!]{1,6}[吗么嘛不没]")
# 礼盒里会放发票吗, 盒子里面有价签吗: what the goods or their box hold, which the item's file says (a FAQ on the gift box),
# not the shop's invoice rule
PUT_IN = re.compile(r"[里内](?:面|边|头)?(?:会|能|可以|有没有|会不会|能不能)?(?:放|有|带|附|夹|装)|放[^，,。？?！!]{0,3}(?:发票|小票|价签|价格)")
WHEN = re.compile(r"什么时候|几号|哪天|多久|啥时候|何时")
# 舒缓款几号到, 蓝色哪天有: when a colour or type named comes (its restock), which reads like a parcel's arrival
# 酒红色的啥时候能发: when an item ships, which of a variant sold out is when it comes back
DISPATCH_WHEN = re.compile(r"(?:什么时候|几号|哪天|多久|啥时候|何时)(?:才|能|会|可以)?(?:发|寄|出货)")
ARRIVES = re.compile(r"(?:什么时候|几号|哪天|多久|啥时候|何时)(?:才|能|会|可以)?(?:到|有)|等(?:多久|几天|多长时间|到几号|到什么时候)")  # 还要等多久 of a colour sold out
PURCHASE = re.compile(r"[要买拍]了|就要|我要|[要买拍]一[个件只盒条]|怎么[买拍]|下单|拍下|付款了|现在拍|我[买拍](?![的过])|来一[个件只盒条]|"
                      r"[拍来]个(?![照图视])|就[拍买](?![照图视])")
# what goes with the item (有配套的枕头吗, 配什么裤子好, 搭什么, 再配点啥, 一起买点啥): the shop's related items, asked
# before buying too, though it reads like a haggle (送点啥)
# the parts and refills of an item (有配件卖吗, 耗材贵吗, 有替换装吗): the shop's related items that are such
ACCESSORY = re.compile(r"配件|耗材|替换|备用|备件")
GOES_WITH = re.compile(r"配套|(?:搭配|配|搭|一起买|一块买)(?:点|个|些)?(?:什么|啥|哪)|"
                       # 有啥推荐一起买的: which items to buy with it, not what a bundle costs (有啥一起买便宜的)
                       r"(?:什么|啥)[^，,。？?！!\s]{0,4}(?:一起|一块)[买入拿带](?![^，,。？?！!\s]{0,4}(?:优惠|便宜|划算|多少|钱))|"
                       # 有啥搭配的吗: the items that go with it, not 有什么搭配优惠 (a bundle's price)
                       r"(?:什么|啥)(?:可以|能)?(?:搭配|搭)的?(?![^，,。？?！!\s]{0,4}(?:优惠|便宜|划算|多少|钱|套餐))|"
                       # 还需要买点啥, 还要买啥不, 买点啥配: what else to buy with it
                       r"还(?:需要|要|得|用)(?:再)?(?:买|配|添)(?:点|些|个)?(?:什么|啥)|(?:买|要)(?:点|些|个)?(?:什么|啥)[来去]?配(?![送货])|"
                       # 有搭配的东西吗, 有配套的吗: whether anything goes with it
                       r"有(?:没有)?(?:搭配|配套)的(?![^，,。？?！!\s]{0,4}(?:优惠|便宜|划算|多少|钱|套餐))")
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
                     r"|了[^，,。！!？?了]{0,8}(?:能|可以)[用涂抹擦敷吃戴穿喝装][吗么不]"  # 怀孕五个月了能涂吗, 没电了能装电池不: a state, then a question
                     r"|(?:是不是|会不会)[就也都]?[^，,。！!？?了]{0,5}了[吗么嘛呀]?$"  # 几天不戴是不是就不走了: what would happen
                     r"|了[^，,。！!？?了]{0,6}是[^，,。！!？?了不]{1,3}了[吗么嘛]$"  # 放久了变白了是坏了吗: whether a change means it
                     r"|了\s*(?:是不是)?(?:坏|变质|过期)了[吗么嘛]$"  # 冬天变白了 坏了吗: the same, with no 是
                     r"|了[^，,。！!？?了]{0,4}(?:能|可以|能不能)(?:单独|另外|再|重新)?[买配购]")  # 杯盖丢了能单独买吗: buying a part
# Whether the goods may be used (油皮可以用精华不, 孕妇能涂吗): a question of the item named, whatever it reads like
MAY_USE = re.compile(r"(?:能|可以|可不可以|能不能)[用涂抹擦敷吃戴穿喝]")
QUESTION = re.compile(r"[吗么嘛？?]|(\w)不\1|有没有|有木有|是不是|会不会|能不能|可不可以|行不行|(?<!好)几(?!乎)|多少|什么|啥|"
                      r"(?<![我还都也就并])没有?$|"  # 加淀粉没, 有赠品没有: asked, not 我没有
                      r"(?<=[\u4e00-\u9fff])(?<![我还都也就并可要])不$|"  # 能机洗不, 是纯棉不: asked, not 我就不
                      r"哪[个些里款年段种号]|多[久长大重高宽厚沉深粗细远]|如何|咋|"
                      r"(?:[能会是]|可以)[\u4e00-\u9fff]{0,4}吧$")  # 能用吧, 是正品吧: asked to be confirmed, not 那就这样吧
# Whether the item fits something: 能用吗, 适配吗, 15promax能装吗, ip16能用那个膜不, 支持快充吗, 用哪根
FIT = re.compile(r"能用[吗么不嘛没]|能[用装][^吗么]{0,6}[吗么]|能[用装][^吗么，,。？?\s]{0,6}不(?=[\s?？]|$)|能不能用|可以用[吗么不]|可不可以用|用得了|适配|适用|兼容|能装[吗么不上下]|装得[上下]|能不能装|"
                 r"可以装[吗么]|通用[吗么]|配[吗么]|[拍选买用](?:哪个|哪款|哪根|哪种|什么型号|什么款)|什么型号|哪个型号|"
                 r"支持[^吗么]{0,8}[吗么]|能[充接连插][吗么]|撑得住|撑得起|(?:能|可以)[玩骑](?:[^吗么多几，,。？?]{0,4}[吗么嘛]|不|$)|能不能[玩骑]|[玩骑]得了|承受得住|带得动|带得起|夹得[住上下了]|能夹|放得下|够不够|够(?:用)?[吗么不]")
# a size as buyers write it: s, xl, 2xl, l码; or a shoe's 38码, 39.5码 (a bare 38 may be anything); a child's 160码, 160的吗
SIZE_WORD = re.compile(r"(?<![a-z0-9.])([2-6]?x{0,4}[sml]|\d{1,2}(?:\.5)?(?=码|号)|\d{3}(?=码|号|的[吗么呢没]))(?:码|号)?(?![a-z0-9])")
# 多大, 几袋, 什么: the asking, and 这件, 那款: the pointing at the item; neither is what is asked about
ASKING = re.compile(r"^(?:几|多|什么|啥|哪|怎|是否|有无|可以|能|这|那)")
# Words that only ask, whatever is asked: 还有 M 吗, 有没有白色, 是不是正品, 会不会紧.
ASKING_WORDS = ("还有", "有没有", "是不是", "会不会", "不会", "要不要", "不要", "行不行", "可不可以", "可以", "行", "能", "码", "号", "款",
                "现在", "别的", "其他", "其它", "一下", "请问", "亲", "呢", "吧")
FIGURE = re.compile(r"[\d.零一二两三四五六七八九十百千]+(?:点[零一二两三四五六七八九]*)?(?:[个件只盒条套斤袋米块元]|cm|kg|mm|毫米|厘米|公分)?")  # a measure or count
YES_NO = re.compile(r"[吗么嘛]|是不是|(\w)不\1|(?<=[是的])[不没]$")  # 是纯棉的不, 是实木的没: asked at the end
PLAIN_CHARS = frozenset("不的是有一了会能可吗呢")  # shared by too many words to tie a question to a value
CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")  # a word of Chinese characters alone


def about_goods(text: str, vocab: ProductWords) -> bool:
    """Whether a question asks something of the goods whatever the item (这个椅子承重多少, 有现货吗, 是正品吗, 有XL吗): a
    kind's own words, an everyday word for an attribute, or a size asked for."""
    return bool(QUESTION.search(text)) and (
        any(p.search(text) for p in (SIZE, STOCK, PRICE, GENUINE, WARRANTY, BUNDLE))
        or any(w in text for _, words in vocab.attributes for w in words)
        or bool((HAVE.search(text) or HAS.search(text)) and SIZE_WORD.search(text)))


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
