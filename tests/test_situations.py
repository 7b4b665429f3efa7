"""The situations of the shops' own practice (../shared/seeds/), one row each: the buyer's message, the order and
the time, what the best reply must and must not say, and whether the bot may send it by itself.

Each row failed on the code before issue 12: the reply ignored the order's state, answered with a non-answer sent
by itself, or had no case for the situation at all.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import pytest

from test_replies import DELIVERED_LONG_AGO, FORBIDDEN_FOR_REVIEWS, NOW, RULES, Row, assert_clean, order, rule_case, run

DELIVERED = order("delivered", delivered_at="2024-05-01T18:00:00", paid_at="2024-04-29T09:00:00", shipped_at="2024-04-30T10:00:00")
SHIPPED = order("shipped", courier="韵达", tracking_no="YD4300098765", paid_at="2024-05-01T09:00:00", shipped_at="2024-05-01T15:00:00")
SHIPPED_WEEK_AGO = order("shipped", courier="韵达", tracking_no="YD4300011111", paid_at="2024-04-24T09:00:00", shipped_at="2024-04-25T15:00:00")
UNPAID = order("unpaid", paid_at=None)
MUGS = [{"sku": "B2", "title": "手绘陶瓷马克杯", "price": 36, "qty": 2}]
UNPAID_MUGS = order("unpaid", amount=72, paid_at=None, items=MUGS)
JUST_PAID = order("paid", paid_at="2024-05-02T09:55:00")
PAID_LONG_AGO = order("paid", paid_at="2024-04-29T09:00:00")
OUT_OF_STOCK = order("paid", paid_at="2024-05-01T09:00:00", items=[{"sku": "P1", "title": "收纳盒", "price": 120, "out_of_stock": True}])
PRESALE = order("paid", paid_at="2024-05-01T09:00:00",
                items=[{"sku": "S1", "title": "预售新款凉席", "price": 120, "presale": True, "ships_by": "2024-05-10T18:00:00"}])
PRESALE_OVERDUE = order("paid", paid_at="2024-04-20T09:00:00",
                        items=[{"sku": "S1", "title": "预售新款凉席", "price": 120, "presale": True, "ships_by": "2024-04-30T18:00:00"}])
PRESALE_UNPAID = order("unpaid", paid_at=None,
                       items=[{"sku": "S1", "title": "预售新款凉席", "price": 120, "presale": True, "ships_by": "2024-05-10T18:00:00"}])
CUSTOM_PAID = order("paid", paid_at="2024-04-28T09:00:00", items=[{"sku": "C1", "title": "定制刻字杯", "price": 120, "custom": True}])
GAP_FREE = order("delivered", amount=90, shipping_fee=0, delivered_at="2024-05-01T18:00:00")
GAP_PAID_POSTAGE = order("delivered", amount=90, shipping_fee=8, delivered_at="2024-05-01T18:00:00")
CUSTOM_DELIVERED = order("delivered", paid_at="2024-04-25T09:00:00", shipped_at="2024-04-30T10:00:00", delivered_at="2024-05-01T18:00:00",
                         items=[{"sku": "C1", "title": "定制刻字杯", "price": 120, "custom": True}])
TEA_DELIVERED = order("delivered", paid_at="2024-04-29T09:00:00", shipped_at="2024-04-30T10:00:00", delivered_at="2024-05-01T18:00:00",
                      items=[{"sku": "G1", "title": "龙井茶 明前 250g", "price": 120}])
SORRY = "抱歉|对不起"
PRESALE_DUE_TODAY = order("paid", paid_at="2024-04-25T09:00:00",
                          items=[{"sku": "S1", "title": "预售新款凉席", "price": 120, "presale": True, "ships_by": "2024-05-02"}])
CUSTOM_CUP_LATE = order("paid", paid_at="2024-04-22T09:00:00", items=[{"sku": "C9", "title": "定制刻字保温杯", "price": 120, "custom": True}])
CUSTOM_UNPAID = order("unpaid", paid_at=None, items=[{"sku": "C1", "title": "定制刻字杯", "price": 120, "custom": True}])
RECEIVED_WEEK_AGO = order("delivered", paid_at="2024-04-22T09:00:00", shipped_at="2024-04-22T15:00:00", delivered_at="2024-04-24T12:00:00")
SHIPPED_LATE = order("delivered", paid_at="2024-04-25T09:00:00", shipped_at="2024-04-29T15:00:00", delivered_at="2024-05-01T12:00:00")


@dataclass(frozen=True)
class Situation:
    what: str  # the situation, as the seeds name it
    row: Row
    auto: bool | None = None  # whether the answer may go out by itself (None: not the point of the row)


def at(intent: str, case: str, text: str, **kw) -> Row:
    return Row(intent, case, text, **kw)


SITUATIONS = [
    # the order's state and items
    Situation("坏了的宝贝，已签收：道歉、要照片、给办法", at("quality_issue", "report", "收到的杯子碎了一个", order=DELIVERED,
              must=(SORRY, "照片", "补发|换新", "退款"), must_not=("还没给您发货", "拒收")), auto=False),
    # the variant the buyer names is the complaint's detail: the catalogue does not answer it
    Situation("发错货：是店铺的失误，道歉、拍照、换成要的那款、运费我们出", at("quality_issue", "wrong_item", "发错了 我拍的是明前的 寄来的是雨前",
              order=TEA_DELIVERED, must=(SORRY, "拍", "换成您要的", "运费都由我们"), must_not=("没查到", "运费由您")), auto=False),
    Situation("定制商品不想要了：没有无理由，质量问题照样售后", at("return", "custom_excluded", "刻了名字的杯子不要了 给我退了",
              order=CUSTOM_DELIVERED, must=("定制", "质量问题", "售后"), must_not=("余杭", "申请退货退款"), also=("cancel_order",))),
    Situation("已发货还砍价：不再说放心拍", at("bargain", "already_bought", "能便宜点吗", order=SHIPPED,
              must=("价保", "7天"), must_not=("放心拍", "拍下", "申请一下"))),
    Situation("付了款还砍价：婉拒，说价保，不说拍下改价", at("bargain", "already_bought", "便宜点呗", order=JUST_PAID,
              must=("付好款|付款了", "价保", "7天"), must_not=("拍下", "先别付款", "改价", "申请一下", "已经发出"))),
    Situation("付了款第三次报价：也不说拍下先别付款", at("bargain", "already_bought", "115吧 行就拍", order=JUST_PAID,
              bargain_round=2, recent=("bargain", "bargain"), must=("价保",), must_not=("115元给您", "先别付款", "改价"))),
    Situation("付了款问包邮：已经包邮，不说拍下就发", at("bargain", "already_free", "包邮吗", order={**JUST_PAID, "amount": 150},
              must=("包邮",), must_not=("拍下",))),
    Situation("单价不是订单总额", at("bargain", "hold_price", "这个能便宜点吗", order=UNPAID_MUGS, must=("36元",), must_not=("72元",))),
    Situation("商品问题的非答复不自动发", at("product_info", "default", "这款质量怎么样"), auto=False),
    # parcels
    Situation("物流几天不动：联系快递、补发或退款、道歉，不再报单号", at("shipping", "stuck", "物流好几天都没更新了", order=SHIPPED,
              must=(SORRY, "联系快递", "补发", "退款"), must_not=("YD4300098765",)), auto=False),
    Situation("发出一周没到，按时间算卡件", at("shipping", "stuck", "我的快递到哪了", order=SHIPPED_WEEK_AGO,
              must=(SORRY, "补发", "退款"), must_not=("YD4300011111",)), auto=False),
    Situation("包裹不动还说要差评：道歉、查件、补发或退款，不再问哪里不满意", at("shipping", "stuck", "快递好几天不动了 再不到我就差评",
              order=SHIPPED_WEEK_AGO, must=(SORRY, "补发", "退款"), must_not=("哪里不满意",), also=("bad_review",)), auto=False),
    Situation("包裹丢了", at("shipping", "lost", "我的包裹是不是丢了", order=SHIPPED, must=(SORRY, "补发", "退款"),
              must_not=("YD4300098765",)), auto=False),
    Situation("当面验货：破损拒收", at("shipping", "inspect", "送到的时候可以当面验货吗", order=SHIPPED,
              must=("外包装", "拒收", "补发"), must_not=("YD4300098765",))),
    Situation("显示签收但没收到", at("shipping", "signed_not_received", "显示签收了但我没收到", order=DELIVERED,
              must=("快递柜|驿站", "补发", "退款"), must_not=("请耐心等待",)), auto=False),
    Situation("拒签运费：无理由拒签买家出", at("return", "refused_freight", "我要是拒收的话运费谁出", order=SHIPPED,
              must=("您承担", "破损"), must_not=("来回运费都由我们承担",))),
    # 退货运费险: the demo shop gives none; a return for no reason is then paid as the platform's rule says
    Situation("问送不送运费险：说小店没送，自己可以买，没有时谁出运费；不是包邮的回复", at("return", "freight_insurance", "送运费险吗",
              must=("没有赠送运费险", "勾选", "质量问题"), must_not=("满99元就包邮", "已经包邮"))),
    Situation("未付款订单问有没有运费险：这单没有，包邮的各出一程", at("return", "freight_insurance", "有运费险吗", order=UNPAID,
              must=("这单没有运费险", "寄回的运费由您自己承担"), must_not=("包邮的哦",))),
    Situation("不喜欢想退还问运费险：能退，还剩几天，没运费险谁出运费", at("return", "freight_insurance", "不喜欢想退 有运费险吗",
              order=DELIVERED, must=("没有运费险", "寄回的运费由您自己承担", "还剩"), must_not=("包邮", "价保"))),
    Situation("买家付了邮费的订单问退货运费险：来回运费亲出", at("return", "freight_insurance", "退货有运费险吗", order=GAP_PAID_POSTAGE,
              must=("来回运费",))),
    Situation("退货地址和快递", at("return", "return_address", "退货寄到哪个地址", order=DELIVERED,
              must=("余杭", "中通", "订单号"), must_not=("到付,",))),
    Situation("在路上不想要了问拒收：能拒收，无理由拒收来回运费由买家出", at("cancel_order", "shipped", "还在路上 我不想要了 到了直接拒收行吗",
              order=SHIPPED, recent=("cancel_order",), must=("拒收", "来回运费由您承担"), must_not=("运费由我们",), also=("return",))),
    Situation("发货前换颜色：备注修改，不是退款", at("return", "change_before_shipping", "刚拍的 能换成蓝色的吗 还没发吧",
              order=JUST_PAID, must=("蓝色", "备注"), must_not=("已发货", "拦截", "申请退款")), auto=False),
    Situation("发货前尺码拍错要改：备注修改，不取消", at("cancel_order", "change_before_shipping", "还没发货吧 尺码拍错了 改成L",
              order=JUST_PAID, must=("L", "备注"), must_not=("申请退款",), also=("shipping",)), auto=False),
    # refunds and exchanges that wait
    Situation("退货店铺签收了钱还没到：道歉、马上处理，不当成自己的包裹去查", at("return", "refund_pending", "退货你们周四就签收了 钱到现在还没到",
              order=DELIVERED, recent=("return", "return"), must=(SORRY, "处理"), must_not=("快递柜", "再等")), auto=False),
    Situation("退款几天没处理：道歉、马上处理、72小时平台介入", at("return", "refund_pending", "退款申请了好几天了还没处理", order=DELIVERED,
              must=(SORRY, "72小时"), must_not=("申请退货就好",)), auto=False),
    Situation("申请退款几天没人管：同样道歉、马上处理", at("return", "refund_pending", "申请退款三天了都没人管", order=DELIVERED,
              must=(SORRY, "72小时"), must_not=("申请退货就好",)), auto=False),
    Situation("换货寄回很久：马上核实仓库", at("return", "exchange_waiting", "换货寄回去半个月了还没换", order=DELIVERED,
              must=(SORRY, "仓库")), auto=False),
    Situation("退款原因选成缺货：礼貌请改", at("return", "wrong_reason", "退款原因我选了缺货", order=JUST_PAID,
              must=("改成", "处罚"), must_not=("赔付",))),
    Situation("真的缺货时原因没选错", at("return", "not_shipped", "退款原因我选了缺货", order=OUT_OF_STOCK,
              must=("退款",), must_not=("改成",))),
    # the shop's own slips (发错货, 少发漏发) and the parcel at the door: the fourth pair of situations
    Situation("发错颜色，没说发错两个字：也是发错货，换成要的那款", at("quality_issue", "wrong_item", "我拍的是米白色 发来件卡其色的",
              order=DELIVERED, must=(SORRY, "换成您要的", "运费都由我们")), auto=False),
    Situation("发错货还说要投诉：道歉、转人工，同时说核实后换成要的那款", at("human", "complaint", "订的乌龙茶 寄来的是绿茶 不处理我就投诉",
              order=TEA_DELIVERED, must=(SORRY, "人工", "换成您要的"), must_not=("随便", "恶意"), also=("quality_issue",))),
    Situation("少发一件：道歉、补发、走默认快递、运费我们出", at("quality_issue", "missing", "买了两瓶只到了一瓶",
              order=DELIVERED, must=(SORRY, "补发", "中通", "运费我们出"), must_not=("退回的运费",)), auto=False),
    Situation("缺配件，还问补的走什么快递：补发那段说快递，不说已签收", at("quality_issue", "missing", "盒子里只有杯子 吸管呢 补的话发什么快递",
              order=DELIVERED, must=(SORRY, "补发", "中通"), must_not=("快递柜",), also=("shipping", "product_info")), auto=False),
    Situation("照片早发过了还没处理：不再要照片，直接给办法", at("quality_issue", "report", "视频早就发过了 杯子还是漏水 一直没人管",
              order=DELIVERED, recent=("quality_issue",), must=(SORRY, "补发|换新|退款"), must_not=("拍一下", "拍几张", "拍个照片"))),
    Situation("快递员在门口、外箱压扁了：当面验货、破损拒收，不是签收后的售后", at("shipping", "inspect", "快递小哥在楼下 箱子都压扁了 能不能签",
              order=SHIPPED, must=("当面|外包装", "拒收"), must_not=("拍一下", "签了再说"), also=("quality_issue",))),
    Situation("付款前问能不能先拆开验货：能，破损拒收", at("quality_issue", "inspect", "收货的时候能先拆开看看吗 之前买的盘子碎了两个",
              order=UNPAID, must=("当面|外包装", "拒收"), must_not=("不能验货", "拍一下"), also=("shipping",))),
    Situation("问了好几遍什么时候发：先道歉，再说今天发", at("shipping", "paid", "问了好几遍了 到底今天发不发", order=JUST_PAID,
              must=(SORRY, "今天"))),
    Situation("物流不动还催发票：补发或退款放在前两行，发票说确认收货后几天开", at("shipping", "stuck", "物流好几天没更新 发票也还没给我开",
              order=SHIPPED_WEEK_AGO, must=(SORRY, "补发", "退款", "发票"), also=("invoice",)), auto=False),
    # refunds and coupons: a date where the rule gives one, an agent where nothing settles it
    Situation("退货刚签收两天问钱：没超时，说3个工作日和到账日", at("return", "refund_due", "你们30号就签收了退货 钱怎么还没到",
              order=DELIVERED, recent=("return",), must=("3个工作日", "5月3日"), must_not=("超时", "实在对不起")), auto=False),
    Situation("上一单的退款加这单几点发：两件事都答", at("return", "refund_when", "上次退的那件钱什么时候到 这单几点能发",
              order=JUST_PAID, must=("3个工作日", "今天"), also=("shipping",)), auto=False),
    Situation("退货想用顺丰寄：用合作的中通", at("return", "return_courier", "退货可以寄顺丰吗 顺丰方便", order=DELIVERED,
              must=("中通", "余杭"), must_not=("可以寄顺丰",))),
    Situation("付款后说券没用上要退差：不答应退多少，核实等客服", at("bargain", "coupon_missed", "付款的时候那张5元券没用上 能补给我吗",
              order=JUST_PAID, must=("核实",), must_not=("退您5", "补您5")), auto=False),
    Situation("买三件店铺券用不了：券不能和多件优惠叠加，不说改价", at("bargain", "coupon_rules", "买三件 店铺券怎么用不了",
              order=UNPAID_MUGS, must=("叠加",), must_not=("改价",))),
    Situation("付了邮费的订单无理由退：来回运费买家出", at("return", "within_window", "不想要了 想退货 运费谁出 下单时我付过邮费", order=GAP_PAID_POSTAGE,
              must=("无理由", "您承担"), must_not=("运费我们出",), also=("cancel_order",))),
    # off the platform, reviews
    # the refusal never names the app itself: platforms flag a shop's message that says 微信 as leading buyers off it
    Situation("加微信：委婉拒绝", at("off_platform", "refuse", "加个微信聊吧", must=("私人联系方式", "淘宝"), must_not=("可以加", "微信")), auto=True),
    Situation("私下转账：拒绝", at("off_platform", "refuse", "我直接微信转账给你行吗", must=("私下转账", "淘宝"), must_not=("花呗",))),
    Situation("要店铺的电话：平台外联系，委婉拒绝", at("off_platform", "refuse", "留个电话呗 有事好联系", must=("淘宝",))),
    Situation("加QQ发图：委婉拒绝", at("off_platform", "refuse", "加你qq发图给你", must=("淘宝",))),
    Situation("问有没有微信：站外联系，委婉拒绝", at("off_platform", "refuse", "你有微信吗 想加一下", must=("淘宝",))),
    Situation("问有没有QQ：站外联系，委婉拒绝", at("off_platform", "refuse", "有qq没 我加你", must=("淘宝",))),
    # 支付宝 names how the buyer would pay; 直接转你 that it goes round the platform
    Situation("额度不够要支付宝直接转：拒绝", at("off_platform", "refuse", "额度不够 我用支付宝直接转你吧", must=("私下转账", "淘宝"),
              must_not=("花呗",))),
    # 私下转账 is what off_platform describes: the learned matcher sends it there (payment's own off_platform case
    # stays for a payment question that the matcher keeps as payment); the reply refuses the same way.
    Situation("付款时问私下转账：拒绝", at("off_platform", "refuse", "能私下转账吗", must=("私下转账", "淘宝"), must_not=("花呗",))),
    Situation("东西有问题还要差评：道歉，马上处理，给办法", at("bad_review", "goods", "东西坏了没人管 再不处理就差评", order=DELIVERED,
              must=(SORRY, "马上给您处理", "照片", "补发", "退款"), must_not=FORBIDDEN_FOR_REVIEWS, also=("quality_issue",)), auto=False),
    Situation("问好评返现：明确说没有，不道歉", at("bad_review", "cashback", "好评有返现吗", order=DELIVERED,
              must=("不做",), must_not=("抱歉", "对不起", "返现", "红包", "券", "送"))),
    Situation("问题解决后怎么更新评价：只说在哪，什么都不给", at("bad_review", "amend", "问题解决了 我想追评怎么弄", order=DELIVERED,
              must=("追加评价",), must_not=("补发", "退款", "券", "红包", "送您", "运费"))),
    # payment, invoices, coupons
    Situation("未付款订单问货到付款", at("payment", "cod_unpaid", "能货到付款吗", order=UNPAID, must=("10元", "贵"))),
    Situation("发票加税点：从不加钱", at("invoice", "charge", "开发票要另外加税点吗", must=("不加税点",))),
    Situation("发票抬头开错了：作废重开，不收费", at("invoice", "reissue", "发票抬头开成我名字了 要改成公司的 能重开吗",
              order=DELIVERED, must=("重新开具", "税号"), must_not=("税点",))),
    Situation("发票什么时候开", at("invoice", "when", "发票什么时候能开好", must=("3天",))),
    Situation("纸质发票邮费", at("invoice", "paper", "纸质发票寄过来邮费谁出", must=("邮费由我们承担",))),
    Situation("抵价券不抵运费", at("bargain", "coupon_rules", "优惠券能抵运费吗", order=UNPAID, must=("不能抵运费",))),
    Situation("抵价券不叠加", at("bargain", "coupon_rules", "两张券能叠加用吗", must=("只能用一张", "不能和其他优惠叠加"))),
    Situation("刚付款：核对地址、问快递、收货须知", at("payment", "paid", "我付好款了", order=JUST_PAID,
              must=("地址", "中通", "外包装")), auto=True),
    # shipping promises
    Situation("超时未发：按小店的承诺赔", at("shipping", "late", "怎么还不发货", order=PAID_LONG_AGO,
              must=(SORRY, "小店承诺", "36元"), must_not=("平台规则",))),
    Situation("缺货：道歉、30%赔付、等或退", at("shipping", "out_of_stock", "怎么还没发货", order=OUT_OF_STOCK,
              must=(SORRY, "缺货|断货", "36元", "退款")), auto=False),
    Situation("问缺货了吗怎么还不发：是这单的缺货，按承诺赔付，不查目录", at("product_info", "out_of_stock", "缺货了吗 怎么还不发",
              order=OUT_OF_STOCK, must=(SORRY, "缺货|断货", "36元", "退款"), must_not=("没查到",)), auto=False),
    Situation("缺货赔付最多500元", at("shipping", "out_of_stock", "怎么还没发货", order={**OUT_OF_STOCK, "amount": 3000,
              "items": [{"sku": "P1", "title": "红木收纳柜", "price": 3000, "out_of_stock": True}]},
              must=("500元",), must_not=("900",))),
    Situation("预售按约定时间", at("shipping", "paid", "什么时候发货", order=PRESALE, must=("5月10日",), must_not=("赔付", "48小时"))),
    Situation("预售过了约定时间才算晚", at("shipping", "late", "什么时候发货", order=PRESALE_OVERDUE, must=("4月30日", "36元"))),
    Situation("定制按制作天数，不按48小时", at("shipping", "paid", "定制的什么时候发", order=CUSTOM_PAID, must=("定制",), must_not=("赔付",))),
    Situation("定制的过了制作天数还没做好：算晚发，道歉、赔付", at("shipping", "late", "定制的还没做好吗",
              order={**CUSTOM_PAID, "paid_at": "2024-04-20T09:00:00"}, must=(SORRY, "赔付", "36元"), must_not=("没查到",))),
    Situation("定制要做多久：制作天数和日期，不是目录", at("shipping", "paid", "刻字的那个几天能做好", order=CUSTOM_PAID,
              must=("7天", "5月5日"), must_not=("48小时", "没查到"))),
    # price protection
    Situation("付款后降价，说了现在的价：说出差价", at("price_protect", "within", "才买就降到99了 能退差价吗", order=JUST_PAID,
              must=("差价21元",), must_not=("放心拍",)), auto=False),
    Situation("说了现在的活动价和买的价：差价", at("price_protect", "within", "你们现在活动价99 我买的120 能退差价吗", order=JUST_PAID,
              must=("差价21元",), must_not=("放心拍",))),
    Situation("付款后降价，说了降了多少：就是差价", at("price_protect", "within", "昨天拍的今天降了8块 补差价吗", order=JUST_PAID,
              must=("差价8元",))),
    Situation("刚付款就降价还生气：先道歉，说出差价，等人工", at("price_protect", "within", "刚付款就降了15 坑人啊", order=JUST_PAID,
              must=(SORRY + "|理解", "差价15元"), must_not=("收到您的付款",)), auto=False),
    # postage
    Situation("差几块包邮的订单退货：各付一程", at("return", "within_window", "我要退货", order=GAP_FREE,
              must=("寄回的运费由您自己承担", "发过来的运费我们出"))),
    Situation("买家付了邮费的订单退货：来回运费", at("return", "within_window", "我要退货", order=GAP_PAID_POSTAGE, must=("来回运费",))),
    Situation("偏远地区只按页面标明的运费", at("bargain", "remote_postage", "新疆包邮吗", order={**UNPAID, "region": "新疆", "amount": 300},
              must=("15元", "详情页"), must_not=("包邮啦",))),
    # bargaining
    Situation("先委婉拒绝、讲价值", at("bargain", "hold_price", "能便宜点吗", order=UNPAID, must=("用料|做工",), must_not=("114", "申请"))),
    Situation("让步要像争取来的", at("bargain", "gift", "再便宜点嘛", order=UNPAID, bargain_round=1, must=("申请",))),
    Situation("底价说整数，不到分", at("bargain", "floor", "再便宜点嘛", order={**UNPAID, "amount": 95}, bargain_round=2,
              must=("91元",), must_not=("90.25", "90.3"))),
    Situation("第三次给出底价以上的价：接受，像争取来的；条件里的算了不是告别", at("bargain", "meet_price", "115吧 可以就拍 不行就算了",
              order=UNPAID, bargain_round=2, recent=("bargain", "bargain"), must=("115元", "申请|争取"), must_not=("收藏", "光临"))),
    Situation("第三次价低于底价还带包邮：给整数底价，不答成包邮", at("bargain", "floor", "160包邮 行就拍 不行算了",
              order={**UNPAID, "amount": 179}, bargain_round=2, recent=("bargain", "bargain"), must=("171元", "争取|申请"),
              must_not=("160元给您", "包邮的哦"))),
    Situation("第三次出价带条件但没说算了：一样是还价，接受像争取来的", at("bargain", "meet_price", "115行不行 行我就拍",
              order=UNPAID, bargain_round=2, recent=("bargain", "bargain"), must=("115元", "申请|争取"))),
    Situation("第三次只报个价问卖不卖：低于底价给整数底价", at("bargain", "floor", "100卖吗", order=UNPAID, bargain_round=2,
              recent=("bargain", "bargain"), must=("114元",), must_not=("100元给您",))),
    Situation("价格被拒两次后要赠品：申请一份小礼物，不再报底价", at("bargain", "gift", "价格不让就算了 送点啥总行吧", order=UNPAID,
              bargain_round=2, recent=("bargain", "bargain"), must=("申请", "送您"), must_not=("114元",))),
    Situation("老顾客差几块说包了呗：就是包邮", at("bargain", "free_shipping_gap", "老客户了 差9块 包了呗",
              order={**UNPAID, "amount": 90, "repeat_buyer": True}, must=("包邮", "9元"))),
    Situation("偏远地区问满99包不包邮：满额说的是门槛，不是出价", at("bargain", "remote_postage", "海南满99包邮吗",
              order={**UNPAID, "amount": 108, "region": "海南"}, must=("15元", "偏远"))),
    Situation("第五次只报个价：底价以下，婉拒交给店长", at("bargain", "handoff", "80 最后一次 真的最后一次", order=UNPAID, bargain_round=4,
              recent=("bargain",) * 4, must=("做不了主|没办法答应|给不了", "店长"), must_not=("80元给您",))),
    Situation("第三次报价带着付款的条件：是还价，不是付款问题", at("bargain", "meet_price", "116 行的话我马上付款", order=UNPAID,
              bargain_round=2, recent=("bargain", "bargain"), must=("116元", "申请|争取"), must_not=("等待付款",))),
    Situation("最后一轮报价说不行就不要了：不是取消订单，婉拒交给店长", at("bargain", "handoff", "80 最后的价 不行就不要了", order=UNPAID,
              bargain_round=4, recent=("bargain",) * 4, must=("做不了主|没办法答应|给不了",), must_not=("取消",))),
    Situation("第二次不接受买家的价", at("bargain", "gift", "115块行不行", order=UNPAID, bargain_round=1, recent=("bargain",),
              must_not=("115元给您",))),
    Situation("包邮第一次不松口", at("bargain", "free_shipping_hold", "包邮吗", order={**UNPAID, "amount": 90},
              must=("9元",), must_not=("给您包邮",))),
    Situation("老顾客：第一次就给申请包邮", at("bargain", "free_shipping_gap", "包邮吗", order={**UNPAID, "amount": 90, "repeat_buyer": True},
              must=("老顾客", "申请", "包邮"))),
    Situation("赠品只按规则：小单不送", at("bargain", "gift", "再便宜点嘛", order={**UNPAID, "amount": 40}, bargain_round=1,
              must_not=("试吃装", "收纳袋"))),
    Situation("多件价来自规则", at("bargain", "multi_piece", "买两件能便宜点吗", order=UNPAID_MUGS, must=("35元", "97折"))),
    # handoff, goodbye
    Situation("骂骗子说图片跟实物不一样：是商品问题，道歉、要照片、给办法", at("quality_issue", "report", "骗子吧 图片跟实物差太多了",
              order=DELIVERED, must=(SORRY, "照片", "补发|换新|退款"), must_not=("恶意",), also=("human",)), auto=False),
    Situation("转人工：马上回一句，等人工", at("human", "handoff", "转人工", must=("人工",)), auto=True),
    Situation("威胁投诉、12315：先道歉，说马上处理，等人工", at("human", "complaint", "再不给我处理我就打12315", order=DELIVERED,
              recent=("quality_issue",), must=(SORRY, "处理", "人工"), must_not=("恶意", "随便")), auto=True),
    Situation("发出后要换地址：不是退货，联系快递改派", at("address_change", "after_shipping", "已经发出了吗 我想换个地址", order=SHIPPED,
              must=("同事",), must_not=("余杭", "退货"))),
    # the third blind pair's kinds: what the buyer says of the order that its card does not show
    Situation("买家自己买了运费险：无理由退货的运费由保险理赔", at("return", "freight_insurance", "不合适想退 我下单买了运费险的 寄回邮费不用我出吧",
              order=DELIVERED, must=("运费险", "理赔", "不用您出"), must_not=("没有运费险", "自己承担"))),
    Situation("质量问题又没买运费险：道歉，来回运费我们出", at("return", "freight_insurance", "杯子把手断了 要退货 我没买运费险 邮费谁付",
              order=DELIVERED, must=(SORRY, "来回运费都由我们承担", "照片"), must_not=("自己承担", "无理由退换"), also=("quality_issue",))),
    Situation("照片已经发了：不再要照片，等客服看过再发", at("quality_issue", "report", "杯子裂了 照片发你了 怎么处理", order=DELIVERED,
              must=(SORRY, "照片", "补发|换新|退款"), must_not=("麻烦拍", "拍个照片", "拍几张")), auto=False),
    Situation("小瑕疵不想退货要补偿：部分退款，不用寄回", at("quality_issue", "partial_refund", "杯底有点划痕 不影响用 不想退了 给点补偿吧",
              order=DELIVERED, must=(SORRY, "照片", "部分退款"), must_not=("必须退货",), also=("return",)), auto=False),
    Situation("只说不想退、退点钱：读成退货也是部分退款", at("return", "partial_refund", "边上磕了一点 不想退了 退点钱就行",
              order=DELIVERED, must=(SORRY, "照片", "部分退款", "不用寄回")), auto=False),
    Situation("已签收问超时发货的赔偿：道歉，按规则赔30%，等客服付", at("shipping", "late_arrived", "收到了 但是超时发货了 有赔偿吗",
              order=SHIPPED_LATE, must=(SORRY, "赔付您36元"), must_not=("快递柜",)), auto=False),
    Situation("已发货不想要了问拒签运费：无理由拒签来回运费买家出", at("cancel_order", "refused_freight", "不要了 快递来了我不签 运费怎么算",
              order=SHIPPED, must=("来回运费由您承担",), must_not=("全额退",), also=("shipping", "return"))),
    Situation("签收一周还没开发票：道歉，马上开，不说快递", at("invoice", "overdue", "签收一个星期了 发票呢", order=RECEIVED_WEEK_AGO,
              must=(SORRY, "今天", "抬头"), must_not=("快递柜", "不收任何费用之外")), auto=False),
    Situation("超时发货已签收还要差评：道歉，按规则赔30%", at("bad_review", "late_arrived", "说好两天内发 结果拖到第五天才发 不说清楚就差评",
              order=SHIPPED_LATE, must=(SORRY, "赔付您36元"), must_not=("恶意", "具体哪里不满意"), also=("shipping",)), auto=False),
    Situation("付款前问偏远地区能不能发、包不包邮：能发，不包邮，补15元", at("shipping", "remote", "新疆能寄吗 满99包邮不",
              order=UNPAID, must=("15元", "偏远"), must_not=("今天16:00前付款",), also=("bargain",)), auto=False),
    Situation("发货前改到偏远地区：能改，要补15元运费", at("return", "before_shipping", "地址换成青海西宁的 还没发货吧",
              order=JUST_PAID, must=("15元", "偏远"), must_not=("已经发出", "备注修改成"), also=("shipping", "address_change"))),
    # the fourth blind pair's kinds told in other words: each reading reaches the rule of the situation it tells
    Situation("签收后少了一件，读成物流：是少发，道歉、补发、走中通", at("shipping", "missing", "到手就两罐 少一罐 补发用什么快递",
              order=DELIVERED, must=(SORRY, "补发", "中通"), must_not=("送达了", "快递柜")), auto=False),
    Situation("签收后东西碎了，读成物流：是商品问题，道歉、要照片", at("shipping", "report", "快递放门口我就签了 拆开灯罩裂成几块 咋办",
              order=DELIVERED, must=(SORRY, "照片", "补发|换新|退款"), must_not=("送达了", "快递柜")), auto=False),
    Situation("答应的赠品没收到，读成砍价：是少发，补发", at("bargain", "missing", "客服说好送个收纳袋的 我咋没收到",
              order=DELIVERED, must=(SORRY, "补发"), must_not=("价格", "价保")), auto=False),
    Situation("发错颜色要换，读成退货：是店铺的失误，来回运费我们出", at("return", "wrong_item", "我买的是墨绿 到手一看是酒红色的 能换货吗",
              order=DELIVERED, must=(SORRY, "换成您要的", "运费都由我们"), must_not=("运费需要您", "运费由您"))),
    Situation("外箱压坏了问能不能拒签：拒签的运费我们出，先道歉", at("quality_issue", "refused_freight", "外箱压坏了 里面是杯子 能不能拒签",
              order=SHIPPED, must=(SORRY, "拒签", "由我们承担"), must_not=("运费由您", "拍个照片发过来"))),
    Situation("包裹一周不动还要投诉：道歉、查件、补发或退款", at("human", "stuck", "一个礼拜了快递都不动 你们管不管 投诉你们",
              order=SHIPPED_WEEK_AGO, must=(SORRY, "联系快递", "补发", "退款")), auto=False),
    Situation("过了价保期还要投诉：道歉，说清7天，不答应退", at("human", "past", "降价30 十几天前买的 不给退差价就12315",
              order=RECEIVED_WEEK_AGO, must=(SORRY + "|添麻烦", "7天"), must_not=("退您30", "恶意", "随便"), also=("price_protect",)), auto=False),
    Situation("要延长收货：店铺规则没写，转同事，不答应", at("shipping", "extend_receipt", "亲 延长收货能弄吗 下周才到家",
              order=SHIPPED, must=("同事",), must_not=("已帮您延长", "延长好了", "在路上")), auto=False),
    Situation("退货寄出后问几天退款：仓库收到后3个工作日", at("return", "refund_days", "退的货寄出了 到你们那几天能退款",
              order=DELIVERED, must=("3个工作日",), must_not=("还剩",), also=("shipping",))),
    Situation("说了仓库哪天签收的退货、问几时退款：3个工作日，说到哪天", at("return", "refund_due", "你们30号签收的退货 什么时候能退款",
              order=DELIVERED, must=("3个工作日", "5月3日"), must_not=("还剩", "拖了这么久"), also=("shipping",))),
    Situation("收到半个月了偏大想换：过了7天，不是尺码表", at("product_info", "past_window", "半个月前收到的毛衣 偏大 现在还给换不",
              order=DELIVERED_LONG_AGO, must=("7天",), must_not=("没查到",))),
    Situation("说降价25没写元：差价也是25", at("price_protect", "within", "已经点了确认收货 现在降价25 还能退差价吗",
              order=DELIVERED, must=("25",), must_not=("不在价保",))),
    Situation("没买就告别：不假设买了，提醒收藏", at("thanks_bye", "no_purchase", "好的我再看看 拜拜", must=("收藏",),
              must_not=("收到宝贝",))),
    # the sixth blind pair's kinds (situ9): what the sources settle is said, what they do not waits and promises nothing
    Situation("没拒收却被快递退回：核实，补发或退款，运费不要买家出", at("shipping", "sent_back", "物流显示退回了 我没拒收啊",
              order=SHIPPED, must=(SORRY, "核实", "补发", "退款"), must_not=("运费由您", "运费您承担", "YD4300098765")), auto=False),
    Situation("被退回了问退款：是包裹的问题，不是退货", at("return", "sent_back", "快递被退回了 我没拒收 是退款还是补发",
              order=SHIPPED, must=("核实", "补发", "退款"), must_not=("拒收，包裹退回后",)), auto=False),
    Situation("包裹不动了不想要：查件、补发或退款，不是拒收", at("cancel_order", "stuck", "快递好几天不动了 不要了 直接退款吧",
              order=SHIPPED, must=("联系快递", "补发", "退款"), must_not=("可以拒收",)), auto=False),
    Situation("放门口、放驿站：备注转告，放哪是快递的事，不打包票", at("shipping", "leave_at", "快递到了放驿站就行", order=SHIPPED,
              must=("备注", "转告"), must_not=("已通知快递员", "已经跟快递员说好", "一定放")), auto=False),
    Situation("快递员要派送费：运费已付，不用买家出，店铺找快递", at("shipping", "courier_fee", "快递员说要加10块派送费 我要给吗",
              order=SHIPPED, must=("不需要|不用", "联系韵达"), must_not=("您先付", "付给快递员就行")), auto=False),
    Situation("两单合并发货：没有规定，问仓库，不承诺", at("shipping", "merge", "我拍了两单 能合并发货吗", order=JUST_PAID,
              must=("仓库", "备注"), must_not=("已合并", "合并好了", "退您")), auto=False),
    Situation("合并发货再要退运费：不当退货答，不承诺退运费", at("return", "merge", "两单合一个包裹发 第二单运费能退吗",
              order=JUST_PAID, must=("仓库",), must_not=("申请退款就好", "运费退您", "已退运费")), auto=False),
    Situation("没付款问预售什么时候发：详情页的日期", at("shipping", "presale_unpaid", "预售的什么时候发", order=PRESALE_UNPAID,
              must=("预售", "5月10日"), must_not=("明天给您发出", "今天")), auto=True),
    Situation("预售问某天前能不能到：说发货日期，不保证到货日", at("shipping", "presale_unpaid", "预售的15号之前能到吗",
              order=PRESALE_UNPAID, must=("预售", "5月10日", "没法保证"), must_not=("保证能到", "一定能到", "肯定能到")), auto=False),
    Situation("退货单号填错：记下正确的，同事更新，不说改不了", at("return", "tracking_fix", "退货单号填错了 怎么改", order=DELIVERED,
              must=("记录", "同事"), must_not=("改不了", "重新寄一次", "还剩")), auto=False),
    Situation("退货要到付：地址，不支持到付，无理由寄回运费买家出", at("payment", "return_address", "退货地址发一下 到付可以吧",
              order=DELIVERED, must=("余杭", "不支持到付", "您自己承担"), must_not=("到付就行", "到付没问题", "寄回运费我们承担"),
              also=("return",))),
    Situation("过了退换期问保修：道歉，要照片，售后核实，不编保修期", at("quality_issue", "warranty", "买了一个月的吹风机不转了 能修吗",
              order=DELIVERED_LONG_AGO, must=(SORRY, "照片", "售后"), must_not=("保修一年", "终身保修", "过保", "72小时")), auto=False),
    Situation("收到的东西用着出了毛病问还能用吗：是商品问题，不是商品资料", at("product_info", "report", "充了一次电就鼓起来了 还能用吗",
              order=DELIVERED, must=(SORRY, "照片", "退款"), must_not=("没查到",)), auto=False),
    Situation("问能开哪种发票、多久开：两种都说，再说几天", at("invoice", "general", "能开哪种发票 多久能开",
              must=("电子普通发票", "增值税专用发票", "3天"), must_not=("税点", "加收")), auto=True),
    Situation("支付宝直接转账要账号：只在平台交易", at("off_platform", "refuse", "支付宝直接转你行不 给个账号", order=UNPAID,
              must=("淘宝",), must_not=("账号是", "转我就行"))),
    Situation("点名要另一家合作快递，顺带说默认的不送：另一家可以", at("shipping", "courier_ok", "能给我发圆通吗 中通我们这不送",
              order=JUST_PAID, must=("圆通", "不用加钱"), must_not=("只能发中通", "不能指定"))),
    Situation("尺码选错了，还没发：备注改成要的尺码", at("address_change", "change_before_shipping", "刚拍的选成M了 我要L的 帮忙改下",
              order=JUST_PAID, must=("L", "备注"), must_not=("已发货", "拦截", "收货人")), auto=False),
    Situation("快递员不让先验货、箱子压瘪：可以当面验、拒收", at("shipping", "inspect", "快递员说必须先签字才能拆箱 箱子压瘪了",
              order=SHIPPED, must=("当面|当着", "拒收"), must_not=("先签收再说", "签了再说"))),
    Situation("说好送的试吃装没有：道歉补发，运费店铺出", at("bargain", "missing", "客服说送试吃装 拆开也木有", order=DELIVERED,
              must=(SORRY, "补发"), must_not=("没答应", "运费由您", "价保"))),
    Situation("像是别人穿过、退回来的：商品问题，道歉、照片、办法", at("quality_issue", "report", "衣服明显被人穿过 是二手货吧",
              order=DELIVERED, must=(SORRY, "照片", "退款"), must_not=("不可能",)), auto=False),
    Situation("用了过敏：道歉、停用、就医、照片，同事核实，不怪体质也不说算质量问题", at("quality_issue", "allergy", "用了面膜过敏了 脸又红又肿",
              order=DELIVERED, must=(SORRY, "停用", "就医", "照片"), must_not=("体质", "与产品无关", "来回运费都由我们", "72小时")),
              auto=False),
    Situation("过敏了问能不能退：不当成无理由退货答，也不拒绝", at("return", "allergy", "面霜用了两天脸上起红疹 能退吗", order=DELIVERED,
              must=(SORRY, "停用", "照片"), must_not=("用过了不能退", "运费由您", "寄回的运费")), auto=False),
    Situation("照片已发、要换新：是商品问题，不再要照片，运费店铺出", at("return", "report", "照片发你了 杯子有裂纹 换个新的 运费谁出",
              order=DELIVERED, must=(SORRY, "照片", "换新", "运费由我们"), must_not=("麻烦拍", "方便拍", "运费由您")), auto=False),
    Situation("专票普票都问：两种都说，再说几天", at("invoice", "general", "专票普票都能开吗 多久开好",
              must=("电子普通发票", "增值税专用发票", "3天"), must_not=("开户行",)), auto=True),
    Situation("快递说送上门要另付钱：不用付，店铺找快递", at("shipping", "courier_fee", "快递说送上门要我另付六块钱", order=SHIPPED,
              must=("不需要|不用", "韵达"), must_not=("您先付",)), auto=False),
    Situation("第三次报价用中文数字、紧跟卖不卖：就是出价，够底价就答应", at("bargain", "meet_price", "一百一十八卖不卖 行我就拍",
              order=UNPAID, bargain_round=2, recent=("bargain", "bargain"), must=("118",), must_not=("114",))),
    Situation("问周末发不发：周末照常，说现在付款几时发", at("shipping", "general", "周末发货吗", must=("周末照常", "今天就能发出"),
              must_not=("周末不发", "周末休息")), auto=True),
    # situations told in other buyers' words (the situ10 round): the trainers' keywords and the shop's cues
    Situation("扫码付款、不走淘宝：站外交易，婉拒，只在平台交易", at("off_platform", "refuse", "扫你码付款行不 不走淘宝", order=UNPAID,
              must=("淘宝",), must_not=("收款码发您", "扫这个码"))),
    Situation("要私人手机号：婉拒，有事在平台说", at("off_platform", "refuse", "留个手机号 有事打你", must=("淘宝",), must_not=("手机号是",))),
    Situation("先不买了：道别，提醒收藏，不当成已购买", at("thanks_bye", "no_purchase", "我再考虑考虑 先不买了", must=("收藏",),
              must_not=("感谢您的购买",))),
    Situation("快递员要上楼费：不用付，店铺找快递核实", at("shipping", "courier_fee", "快递要我加10块上楼费 这合理吗", order=SHIPPED,
              must=("不需要",), must_not=("您先付",))),
    Situation("偏远地区问包不包：不包邮，补15元", at("bargain", "remote_postage", "海南的 满99了包不包", order={**UNPAID, "region": "海南"},
              must=("15", "偏远"), must_not=("已包邮",))),
    Situation("签收多日才说想退：过了7天无理由，不是没收到", at("return", "past_window", "签收九天了 想退 行吗", order=DELIVERED_LONG_AGO,
              must=("7天", "超过"), must_not=("余杭",))),
    Situation("要手机号好联系：婉拒，有事在平台说", at("off_platform", "refuse", "给个手机号呗 好联系", must=("淘宝",), must_not=("手机号是",))),
    Situation("偏远地区只问包不包：不包邮，补15元", at("bargain", "remote_postage", "青海包不包", order={**UNPAID, "region": "青海"},
              must=("15", "偏远"), must_not=("已包邮",))),
    # the seventh pair's situations (the situ11 round): cues for the same cases, and amounts told in numerals
    Situation("说发货了却一直没揽收：道歉、联系快递查件", at("shipping", "stuck", "说发货两天了 到现在都没揽收 到底发没发", order=SHIPPED,
              must=(SORRY, "联系快递|查件"), must_not=("请耐心等待",)), auto=False),
    Situation("显示签收、人在家没人敲门：核实，补发或退款", at("shipping", "signed_not_received", "物流上写着本人签收 我整天在家 门都没人敲",
              order=DELIVERED, must=("核实|联系", "补发|退款"), must_not=("快递柜或者门卫",)), auto=False),
    Situation("退货寄出了要先退钱：到仓后几个工作日内退，不说已退", at("return", "refund_days", "退货已经寄回了 能先把钱退给我吗",
              order=DELIVERED, recent=("return",), must=("3个工作日", "寄到|到仓库"), must_not=("已退款", "无理由退换期"))),
    Situation("箱子塌了当场拒收：运费店铺出，补发或退款", at("return", "refused_freight", "纸箱子塌了一块 我拒收了 运费谁出",
              order=SHIPPED, must=("我们", "补发|退款"), must_not=("运费由您", "从退款里扣"))),
    Situation("买的A寄来个B：发错货，道歉、换、运费我们出", at("return", "wrong_item", "我买的保温杯 寄来个玻璃水壶 要我寄回去吗",
              order=DELIVERED, must=(SORRY, "换", "运费都由我们"), must_not=("运费由您", "无理由退换期")), auto=False),
    Situation("要工号、说不通、找领导：先道歉再转人工", at("human", "complaint", "你工号报一下 跟你说不通 找你们领导",
              must=(SORRY, "人工"), must_not=("没有领导",))),
    Situation("定制的和想的不一样：不是质量问题，定制不支持无理由", at("return", "custom_excluded", "定制的杯子到了 颜色跟想的不一样 能退吗",
              order=CUSTOM_DELIVERED, must=("定制", "质量问题"), must_not=("来回运费都由我们承担",), also=("quality_issue",))),
    Situation("付款后降价，新价用汉字说：算出差价", at("price_protect", "within", "才买一会儿就降到一百零五了 能补差价不", order=JUST_PAID,
              must=("15", "差价"), must_not=("不在价保",))),
    # the eighth pair's situations (the situ12 round), in our own words
    Situation("第三次还价，汉字出价带“行我就”：按买家的价成交", at("bargain", "meet_price", "一百一十六 行我就拍 问第三回了", order=UNPAID,
              bargain_round=2, recent=("bargain", "bargain"), must=("116",), must_not=("114",))),
    Situation("预售约定的发货日就是今天（只写日期）：还没超时，今天发", at("shipping", "paid", "预售说今天前发 现在还没动静 要延期了吗",
              order=PRESALE_DUE_TODAY, must=("预售", "今天"), must_not=("超时了", "赔付"))),
    Situation("未付款的定制问加急：付款后7天内，不承诺加急", at("shipping", "custom_unpaid", "刻名字的杯子能加急吗 三天发出行不",
              order=CUSTOM_UNPAID, must=("7天", "5月9日"), must_not=("加急没问题", "三天发出没问题")), auto=False),
    Situation("发出后要换顺丰：已经在路上，换不了", at("shipping", "courier_shipped", "已经发货了 还能改成顺丰吗 我补钱",
              order=SHIPPED, must=("韵达", "换不了"), must_not=("改顺丰没问题", "补12元"))),
    Situation("加钱选了顺丰却发了别的快递：道歉，退顺丰的钱", at("shipping", "sf_not_given", "我付了顺丰的钱 怎么发的韵达",
              order=SHIPPED, must=(SORRY, "12", "退回"), must_not=("一样快", "不退")), auto=False),
    Situation("花呗分期、问免息：在支付页面选，免不免息看页面", at("payment", "installments", "花呗能分期吗 有没有免息",
              order=UNPAID, must=("花呗", "支付页面"), must_not=("免息没问题", "都是免息的", "手续费我们出"))),
    Situation("货到付款签收时多收10元：是货到付款手续费，不说多收的退", at("payment", "cod_collected", "货到付款的 快递员比网上多收了我10块",
              order=DELIVERED, must=("货到付款", "10元手续费"), must_not=("退您10", "多收的退")), auto=False),
    Situation("之前的客服说开票要加税点：道歉，开票不收钱", at("invoice", "charge", "客服说开专票要另加3个点 是真的吗",
              order=DELIVERED, must=(SORRY, "不收任何费用"), must_not=("税点由您", "没查到"))),
    Situation("自己拒收的包裹退回了问退款：退回签收后3个工作日，说到账日", at("return", "refund_due", "我拒收的那个包裹 物流显示周二就退回到你们那了 钱啥时候退",
              order=SHIPPED_WEEK_AGO, recent=("cancel_order",), must=("5月3日",), must_not=("补发", "已退款"))),
    Situation("尺码不合适想退、问运费：7天无理由，包邮的寄回运费自己出", at("return", "within_window", "衣服到了 尺码不合适 想退 邮费谁出",
              order=DELIVERED, must=("7天", "自己承担"), must_not=("运费都由我们",))),
    Situation("写的纯棉收到是涤纶：描述不符，道歉，来回运费店铺出", at("return", "fault", "写的纯棉 洗标上是涤纶 我要退 运费你们出吧",
              order=DELIVERED, must=(SORRY, "运费都由我们"), must_not=("运费由您", "自己承担")), auto=False),
    Situation("不要默认快递、问别家能不能发：说店里能发的几家", at("shipping", "courier_unavailable", "极兔能发不 中通到我这要好几天",
              order=UNPAID, must=("极兔", "韵达"), must_not=("极兔没问题", "给您改发极兔"))),
    Situation("定制的付款多天没发、问的是商品名：发货超时，道歉赔付", at("product_info", "late", "刻字的保温杯付了九天了 咋还没发出来",
              order=CUSTOM_CUP_LATE, must=(SORRY, "36"), must_not=("最多10个字",)), auto=False),
    Situation("不想要了、退货想寄到付：退货地址，到付是寄回的运费，不是货到付款", at("return", "return_address", "不想要了 退货寄哪 到付给你们行吧",
              order=DELIVERED, also=("payment", "cancel_order"), must=("余杭",), must_not=("手续费",))),
    Situation("发货前改收件人：新的收件人姓名、电话、地址", at("address_change", "before_shipping", "收件人写错了 帮我改个名字",
              order=JUST_PAID, must=("收件人",), must_not=("已发货",))),
    # the ninth pair's kinds, in our own words
    Situation("拍下没付、说便宜就马上付：价不改，现在付款送小礼物（催付），不给券", at("bargain", "gift_for_paying",
              "拍好了还没付 能少点不 少点我现在就付", order=UNPAID, must=("统一价", "送"), must_not=("元店铺券", "最低"))),
    Situation("要求发票金额写别的数：按实际支付金额如实开", at("invoice", "amount", "发票金额能帮我写成一百五吗 报销用",
              order=DELIVERED, must=("实际支付", "120"), must_not=("150",))),
    Situation("问开票加不加钱、纸质发票邮费：不加钱，邮费我们出，不扯退货", at("invoice", "charge",
              "开票要另收税点吗 我要纸质的 寄来的邮费谁出", order=DELIVERED, must=("不加税点", "邮费由我们承担"),
              must_not=("无理由", "也不用补运费"))),
    Situation("说了毛病又拿差评要钱：先处理毛病，要照片，不给钱", at("bad_review", "goods", "裤子穿一次就脱线了 不赔我钱就给差评",
              order=DELIVERED, also=("quality_issue", "bargain"), must=("照片", "补发|换新|退款"), must_not=("转给您", "红包"))),
    Situation("快递员在门口、箱子压坏了问能不能签：当面验货，破损拒收", at("shipping", "inspect", "快递员在门口 箱子压坏了一角 能签吗",
              order=SHIPPED, also=("quality_issue",), must=("当面|外包装", "拒收"))),
    # the seventh and eighth blind pairs' kinds (situ14), in other words
    Situation("差几块包邮、金额里算了运费：按商品价算差多少", at("bargain", "free_shipping_gap", "就差一点了 包邮吧",
              order={**UNPAID, "amount": 94, "shipping_fee": 8, "items": [{"sku": "T1", "title": "姜茶礼盒", "price": 86, "qty": 1}]},
              bargain_round=1, recent=("bargain",), must=("13元", "包邮"), must_not=("差5元",))),
    Situation("两件问优惠：只说两件的折扣", at("bargain", "multi_piece", "拿两个有优惠没", must=("97折",), must_not=("95折",))),
    Situation("不砍价了要赠品：第一次就说送什么，不给券", at("bargain", "gift", "价就不讲了 送个小礼物吧", order=UNPAID,
              must=("试吃装",), must_not=("店铺券",))),
    Situation("第三次出价带着不付就不买：是砍价，给底价", at("cancel_order", "floor", "100吧 100我就付 再多不要了", order=UNPAID,
              bargain_round=2, recent=("bargain", "bargain"), also=("bargain", "cancel_order"), must=("114",), must_not=("100元给您",))),
    Situation("重复拍了两单：多的那单退款，另一单照发", at("return", "duplicate", "不小心下了两单 都付了 退一单吧",
              order=JUST_PAID, also=("payment",), must=("多拍的那一单", "退款"), must_not=("拒收",)), auto=False),
    Situation("付款后想加一件到订单：另外拍，能否一起发问仓库", at("payment", "add_item", "刚付款 能再加一瓶到这单里吗",
              order=JUST_PAID, must=("另外拍", "仓库"), must_not=("已加上",)), auto=False),
    Situation("送人的别放小票：备注给仓库", at("quality_issue", "packing_note", "是送人的 包裹里别放小票", order=JUST_PAID,
              must=("备注", "小票"), must_not=("核对一下订单里的收货地址",)), auto=False),
    Situation("没说却放了快递柜：联系快递员送上门", at("shipping", "left_elsewhere", "快递给我放丰巢了 我出差拿不了",
              order=DELIVERED, must=("快递员", "送上门"), must_not=("是不是放在快递柜",)), auto=False),
    Situation("拿到了物流还在途：物流更新慢，不影响", at("shipping", "tracking_lag", "包裹都拿到手了 物流怎么还显示运输中",
              order=SHIPPED, must=("物流", "确认收货"), must_not=("YD4300098765",)), auto=False),
    Situation("一单分两个包裹只到一个：分开发、查另一个", at("shipping", "split_parcel", "买了两样东西 怎么分开发的 才到一个",
              order=SHIPPED, must=("两个包裹", "查"), must_not=("YD4300098765",)), auto=False),
    Situation("等半天没人回：先为久等道歉", at("human", "handoff", "等了半天没人回我", must=("久等|等这么久|等了半天",))),
    Situation("快递员要钱才送：运费已付，不用给", at("shipping", "courier_fee", "快递小哥让我给五块钱才送 啥钱啊", order=SHIPPED,
              must=("不用|不需要", "已经支付"), must_not=("您先付",)), auto=False),
    Situation("买的颜色到手是另一个：发错货，来回运费店铺出", at("shipping", "wrong_item", "买的黑色 到手是灰的",
              order=DELIVERED, must=("发错", "来回运费"), must_not=("运费由您",))),
    Situation("退货忘填单号：请买家发单号，记录", at("return", "tracking_fix", "退货寄出了 忘填单号了", order=DELIVERED,
              must=("单号", "发给我"), must_not=("还剩",)), auto=False),
    Situation("收货几天后第一次要专票：说要什么资料、几天，不当成开晚了", at("invoice", "special", "要开增值税专票 要提供什么 多久开好",
              order=DELIVERED_LONG_AGO, must=("开户行", "3天"), must_not=("抱歉让您等",))),
    Situation("付了款改顺丰还问今天发不发：补差价，说今天发", at("shipping", "courier_sf", "改发顺丰要加钱吗 今天发得出吗",
              order=JUST_PAID, must=("12元", "今天"))),
    Situation("付了款问什么时候发：发货时间，不是再核对地址", at("payment", "paid", "付好了哈 啥时候能发",
              order=JUST_PAID, recent=("payment",), also=("shipping",), must=("今天",), must_not=("明天",))),
]


@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda s: s.what)
def test_the_best_reply_does_what_the_shops_do(engine, situation):
    row = situation.row
    for n in range(4):  # every phrasing must carry it
        turn = run(engine, row, conversation=f"s{n}")
        assert row.intent in turn.intents, (turn.intents, [m.to_dict() for m in turn.matches[:3]])
        assert rule_case(row, turn, RULES) == row.case
        assert turn.suggestions[0].text == turn.reply
        assert_clean(turn.reply)
        for fact in row.must:
            assert any(alt in turn.reply for alt in fact.split("|")), f"{fact!r} missing from {turn.reply!r}"
        for word in row.must_not:
            assert word not in turn.reply, f"{word!r} in {turn.reply!r}"
        if situation.auto is not None:
            assert turn.auto is situation.auto, turn.reply


def first_lines(turn) -> list[str]:
    return [s.text.splitlines()[0] for s in turn.suggestions]


@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda s: s.what)
def test_three_suggestions_that_differ(engine, situation):
    turn = run(engine, situation.row)
    texts = [s.text for s in turn.suggestions]
    assert len(texts) == 3 and len(set(texts)) == 3, texts
    assert len(set(first_lines(turn))) == 3, texts  # not variants of one template
    assert "？" in texts[-1] or "?" in texts[-1], texts  # the last one asks what the buyer means


def test_a_handoff_is_acknowledged_once_then_the_bot_only_suggests(engine):
    from bot.domain import ConversationState

    asked = engine.reply("我要人工客服", state=ConversationState("h1"))
    assert asked.handoff and asked.auto and asked.state.handed_off
    again = engine.reply("什么时候发货", state=asked.state)
    assert not again.auto  # until an agent answers


def test_a_non_answer_never_goes_out_alone_even_in_an_auto_intent(engine):
    """shipping is an auto intent: its stuck-parcel reply is a promise an agent must keep, so it waits."""
    turn = run(engine, next(s.row for s in SITUATIONS if s.row.case == "stuck"))
    assert engine.intents["shipping"].auto and turn.score >= engine.auto.cue_score
    assert not turn.auto


@pytest.mark.parametrize(
    "min_amount, text, o, must, must_not",
    [
        (0, "送运费险吗", None, ("小店的订单都送运费险", "运费险赔付"), ("没有赠送",)),
        (0, "不喜欢想退 有运费险吗", DELIVERED, ("这单有小店送的运费险", "运费险赔付", "还剩"), ("寄回的运费由您自己承担", "没有运费险")),
        (150, "有运费险吗", UNPAID, ("这单没有运费险", "满150元", "寄回的运费由您自己承担"), ("没有赠送",)),
        (0, "定制的有运费险吗", CUSTOM_DELIVERED, ("定制商品不送运费险", "不支持7天无理由"), ("满0元",)),
    ],
)
def test_a_shop_that_gives_freight_insurance_says_so(shop_copy, min_amount, text, o, must, must_not):
    """The demo shop gives none; a shop that turns it on in shop.yaml gets the insured answers, in whole lines."""
    from bot.engine import build_engine

    values = shop_copy.policy.read_text(encoding="utf-8")
    shop_copy.policy.write_text(values.replace("    given: false ", "    given: true ").replace(
        "    min_amount: 0 ", f"    min_amount: {min_amount} "), encoding="utf-8")
    turn = run(build_engine(shop_copy), Row("return", "freight_insurance", text, order=o))
    assert "return" in turn.intents
    assert_clean(turn.reply)
    for fact in must:
        assert fact in turn.reply, turn.reply
    for word in must_not:
        assert word not in turn.reply, turn.reply
    assert all(line.startswith("亲") == (n == 0) for n, line in enumerate(turn.reply.splitlines())), turn.reply  # no lines run together
