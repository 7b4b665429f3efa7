// The agents' chat window. Everything shown is built with createElement/textContent: a buyer's
// message is data, never HTML. Live updates come as server-sent events from /api/agent/events.
"use strict";

const INTENT_LABELS = {
  greeting: "问候", thanks_bye: "感谢/再见", shipping: "发货物流", bargain: "议价", return: "退换货",
  quality_issue: "质量问题", human: "转人工", payment: "付款", invoice: "发票", cancel_order: "取消订单",
  address_change: "改地址", price_protect: "价保", product_info: "商品咨询", bad_review: "差评",
};
const ORDER_STATUS = {
  unpaid: "待付款", paid: "已付款，待发货", shipped: "已发货", delivered: "已签收",
  completed: "已完成", closed: "已关闭",
};
const ROLE = { buyer: "买家", bot: "机器人", agent: "客服" };
const FACT_LABELS = {
  free_shipping_gap: "差多少包邮", bargain_round: "议价轮次", window_open: "7天无理由",
  days_left: "退换剩余", ship_by: "最晚发货",
};
// Facts of the rule that drafted the reply (policy offers); unknown ones show under their key.
const OFFER_LABELS = {
  price: "订单价格", floor: "最低可让到", coupon: "可用优惠券", gift: "可送赠品", threshold: "包邮门槛",
  gap: "差额", courier: "默认快递", couriers: "可选快递", promise_hours: "发货承诺（小时）",
  cutoff: "当日发货截止", ships: "预计发出", sf_surcharge: "顺丰加价", freight_payer: "退货运费",
  refund_days: "退款到账（工作日）", days: "无理由天数", platform_hours: "平台介入（小时）",
  severity: "差评严重程度",
};
const PAYER = { buyer: "买家承担", shop: "店铺承担", each: "各付单程" };
const SEVERITY = { urgent: "紧急", high: "高", medium: "中", low: "低" };  // bot/reviews/severity.py
// A bad-review repair's stages (bot/reviews/flow.py) and the complaints it is about (aspects/).
const REPAIR_STAGE = {
  awaiting_fix: "等待解决", fixed: "已解决，回访待在原平台发送", follow_up_sent: "已解决，回访已发送",
};
const ASPECT_LABELS = {
  quality: "质量", not_as_described: "与描述不符", logistics: "物流", service: "服务", price: "价格",
  wrong_or_missing: "错发漏发", size_fit: "尺码", other: "其他",
};
const TZ = "Asia/Shanghai";
const DELIVERY = { queued: "排队中", retrying: "重试中", delivered: "已送达", failed: "发送失败" };
const ROLE_NAMES = { agent: "客服", supervisor: "主管" };
// Direction controls (RLO and its kin) would let a buyer's text show reversed or reordered:
// each is shown as a visible tag instead.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const BIDI_NAMES = {
  "\u061C": "ALM", "\u200E": "LRM", "\u200F": "RLM", "\u202A": "LRE", "\u202B": "RLE", "\u202C": "PDF",
  "\u202D": "LRO", "\u202E": "RLO", "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
};
const visible = (text) => String(text).replace(BIDI, (c) => `[${BIDI_NAMES[c]}]`);
const setText = (node, text) => { node.textContent = visible(text); };

const state = {
  settings: { quick_phrases: [], wait_alert_s: 120, intents: [] },
  list: [], selected: null, detail: null, chosen: null, offset: 0, me: null, team: null,
};
const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = visible(text);
  return node;
}

function intentLabel(name) {
  return name ? (INTENT_LABELS[name] || name) : "未识别";
}

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, { credentials: "same-origin", ...options });
  if (response.status === 401) {
    window.location.assign("/agent/login");
    throw new Error("请先登录");
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(data.error || response.statusText);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  if (typeof data.now === "number") state.offset = data.now - Date.now() / 1000;
  return data;
}

// --- time ---------------------------------------------------------------------------------
const serverNow = () => Date.now() / 1000 + state.offset;
const clock = new Intl.DateTimeFormat("zh-CN", { timeZone: TZ, hour: "2-digit", minute: "2-digit", hour12: false });
const dayClock = new Intl.DateTimeFormat("zh-CN", {
  timeZone: TZ, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false,
});
const fmtClock = (epoch) => clock.format(new Date(epoch * 1000));
function fmtIso(iso) {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : dayClock.format(date);
}
function fmtWait(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}秒`;
  if (s < 3600) return `${Math.floor(s / 60)}分${String(s % 60).padStart(2, "0")}秒`;
  return `${Math.floor(s / 3600)}小时${Math.floor((s % 3600) / 60)}分`;
}

// --- the conversation list ----------------------------------------------------------------
function renderList() {
  const ul = $("conversations");
  ul.replaceChildren();
  let waiting = 0;
  for (const c of state.list) {
    const li = el("li", "conv");
    li.dataset.id = c.conversation_id;
    li.dataset.waitingSince = c.waiting_since || "";
    if (c.waiting) { li.classList.add("waiting"); waiting += 1; }
    if (c.handoff || c.angry) li.classList.add("urgent");
    if (c.conversation_id === state.selected) li.classList.add("selected");
    const top = el("div", "row");
    top.append(el("span", "buyer", c.buyer_id || c.conversation_id), el("span", "wait"));
    const badges = el("div", "badges");
    if (c.closed) { li.classList.add("closed"); badges.append(el("span", "badge closed", "已结束")); }
    if (c.owner && state.me && c.owner === state.me.name) badges.append(el("span", "badge mine", "我的"));
    else if (c.owner) badges.append(el("span", "badge owner", `${c.owner} 接待中`));
    if (c.handoff) badges.append(el("span", "badge handoff", "转人工"));
    if (c.angry) badges.append(el("span", "badge angry", "情绪激动"));
    if (c.waiting && c.unanswered) badges.append(el("span", "badge new", `${c.unanswered}条新消息`));
    const intent = c.intents && c.intents[0];
    if (intent && !(c.handoff && intent === "human")) badges.append(el("span", "badge intent", intentLabel(intent)));
    const preview = el("div", "preview", `${ROLE[c.last.role] || ""}：${c.last.text}`);
    li.append(top, badges, preview);
    li.addEventListener("click", () => select(c.conversation_id));
    ul.append(li);
  }
  setText($("waiting-count"), waiting ? String(waiting) : "");
  $("no-conversations").hidden = state.list.length > 0;
  tick();
}

function tick() {
  const now = serverNow();
  for (const li of document.querySelectorAll("#conversations .conv")) {
    const since = parseFloat(li.dataset.waitingSince);
    const wait = li.querySelector(".wait");
    if (Number.isNaN(since)) {
      const item = state.list.find((c) => c.conversation_id === li.dataset.id);
      wait.textContent = item ? fmtClock(item.last.at) : "";
      li.classList.remove("overdue");
      continue;
    }
    wait.textContent = `等待 ${fmtWait(now - since)}`;
    li.classList.toggle("overdue", now - since > state.settings.wait_alert_s);
  }
}

// Answers can come back out of order (two requests in flight, or two worker processes): only the
// latest request's answer is drawn, so an older list never hides a newer message.
let listTimer = null;
let listAsked = 0;
function refreshList() {
  clearTimeout(listTimer);
  listTimer = setTimeout(async () => {
    const asked = ++listAsked;
    try {
      const list = (await api("/api/agent/conversations")).conversations;
      if (asked !== listAsked) return;
      state.list = list;
      renderList();
      if (!state.selected && state.list.length) select(state.list[0].conversation_id);
    } catch (err) { console.warn(err); }
  }, 50);
}

// --- the selected conversation ------------------------------------------------------------
async function select(id) {
  if (state.selected !== id) {
    state.selected = id;
    state.chosen = null;
    $("reply").value = "";
    setText($("send-status"), "");
    setText($("wrong-status"), "");
    setText($("repair-status"), "");
  }
  for (const li of document.querySelectorAll("#conversations .conv")) {
    li.classList.toggle("selected", li.dataset.id === id);
  }
  await loadConversation();
}

let detailAsked = 0;
async function loadConversation() {
  const id = state.selected;
  if (!id) return;
  const asked = ++detailAsked;
  try {
    const detail = await api(`/api/agent/conversations/${encodeURIComponent(id)}`);
    if (state.selected !== id || asked !== detailAsked) return;
    state.detail = detail;
    renderChat();
    renderCard();
  } catch (err) { setText($("send-status"), `加载失败：${err.message}`); }
}

function renderChat() {
  const d = state.detail;
  $("chat").hidden = false;
  $("no-chat").hidden = true;
  setText($("chat-buyer"), d.buyer_id || d.conversation_id);
  setText($("chat-channel"), `渠道 ${d.channel} · 会话 ${d.conversation_id}`);
  const card = d.card;
  const flags = $("chat-flags");
  flags.replaceChildren();
  const urgent = d.waiting && card && (card.handoff || card.angry);
  if (d.waiting && card && card.handoff) flags.append(el("span", "badge handoff", "转人工：请立即接待"));
  if (d.waiting && card && card.angry) flags.append(el("span", "badge angry", "买家情绪激动"));
  document.querySelector(".chat-head").classList.toggle("urgent", Boolean(urgent));

  const list = $("messages");
  list.replaceChildren();
  for (const m of d.messages) {
    const li = el("li", `msg ${m.role}`);
    li.append(el("div", "bubble", m.text));
    const who = m.role === "agent" && m.agent ? `客服 ${m.agent}` : (ROLE[m.role] || m.role);
    const meta = el("div", "meta", `${who} · ${fmtClock(m.at)}`);
    if (m.role === "buyer") {
      meta.append(" · ", el("span", "badge intent", (m.intents || []).map(intentLabel).join("、") || "未识别"));
    }
    if (m.delivery) meta.append(deliveryTag(m.delivery));
    li.append(meta);
    list.append(li);
  }
  list.scrollTop = list.scrollHeight;
  renderRepair();
  renderHolding();
  renderSuggestions();
  $("send").disabled = !d.can_send;
  if (!d.channel_sends) setText($("send-status"), "该渠道未配置发送地址，请在原平台回复");
  else if (!d.can_send) setText($("send-status"), `${d.owner} 正在接待此会话：请对方释放，或由主管转交`);
  const current = card && card.intents && card.intents[0];
  if (current) $("wrong-intent").value = current;
}

function deliveryTag(delivery) {
  const tag = el("span", `delivery ${delivery.status}`, DELIVERY[delivery.status] || delivery.status);
  tag.dataset.delivery = String(delivery.id);
  if (delivery.error && delivery.status !== "delivered") tag.title = delivery.error;
  if (delivery.status === "failed" || delivery.status === "retrying") {
    tag.append(visible(`：${delivery.error || ""}`));
  }
  if (delivery.status === "failed") {
    const again = el("button", "resend", "重发");
    again.type = "button";
    again.addEventListener("click", () => resend(delivery.id));
    tag.append(again);
  }
  return tag;
}

async function resend(id) {
  try {
    await api(`/api/agent/deliveries/${id}/resend`, {});
    setText($("send-status"), "已重新放入发送队列");
    await loadConversation();
  } catch (err) { setText($("send-status"), `重发失败：${err.message}`); }
}

// --- who holds the conversation ----------------------------------------------------------------
function renderHolding() {
  const d = state.detail;
  const me = state.me ? state.me.name : null;
  const supervisor = Boolean(state.me && state.me.role === "supervisor");
  const mine = d.owner && d.owner === me;
  setText($("holding"), (d.closed ? "已结束 · " : "")
    + (!d.owner ? "暂无人接待" : mine ? "我在接待" : `${d.owner} 正在接待`));
  $("take").hidden = Boolean(mine) || (Boolean(d.owner) && !supervisor);
  setText($("take"), d.owner && !mine ? "改由我接待" : "接手");
  $("release").hidden = !mine && !(supervisor && d.owner);
  $("close-conv").hidden = d.closed || (Boolean(d.owner) && !mine && !supervisor);
  $("reassign").hidden = !supervisor;
  $("reassign-to").hidden = !supervisor;
}

async function changeHolding(verb, body = {}) {
  const d = state.detail;
  if (!d) return;
  try {
    const result = await api(`/api/conversations/${encodeURIComponent(d.conversation_id)}/${verb}`, body);
    setText($("holding-status"), verb === "close" ? "会话已结束" : verb === "release" ? "已释放"
      : result.owner === (state.me && state.me.name) ? "已接手" : `已转交给 ${result.owner}`);
    await loadConversation();
    refreshList();
  } catch (err) {
    setText($("holding-status"), err.status === 409 ? `${err.data.owner} 正在接待，无法操作` : `操作失败：${err.message}`);
  }
}

function renderRepair() {
  const repair = state.detail && state.detail.repair;
  $("repair").hidden = !repair;
  if (!repair) return;
  const aspects = (repair.aspects || []).map((a) => ASPECT_LABELS[a] || a).join("、");
  setText($("repair-info"), `差评修复 · 评价 ${repair.review_id}${aspects ? ` · ${aspects}` : ""}`
    + ` · ${REPAIR_STAGE[repair.stage] || repair.stage}`);
  $("repair-fixed").hidden = repair.stage !== "awaiting_fix";
}

// The problem behind the review is fixed: the follow-up goes to the buyer once (a second click gets 409).
// When the buyer was never contacted about the review, the server asks for a confirmation first.
async function markFixed(confirmed = false) {
  const repair = state.detail && state.detail.repair;
  if (!repair || repair.stage !== "awaiting_fix") return;
  const button = $("repair-fixed");
  button.disabled = true;
  $("repair-confirm").hidden = true;
  setText($("repair-status"), "发送中…");
  try {
    const result = await api(`/api/reviews/${encodeURIComponent(repair.review_id)}/fixed`, { confirm: confirmed });
    setText($("repair-status"), result.action === "sent" ? "回访已发送"
      : "回访已放入待办队列，请在原平台发送");
    await loadConversation();
    refreshList();
  } catch (err) {
    if (err.status === 409 && err.data.confirm === "outreach_not_sent") {
      $("repair-confirm").hidden = false;
      setText($("repair-status"), "请确认");
    } else setText($("repair-status"), `回访未发送：${err.message}`);
  } finally {
    button.disabled = false;
  }
}

function renderSuggestions() {
  const d = state.detail;
  const ol = $("suggestions");
  ol.replaceChildren();
  const suggestions = d && d.waiting && d.card ? d.card.suggestions.slice(0, 3) : [];
  suggestions.forEach((s, i) => {
    const li = el("li", "suggestion");
    li.dataset.key = String(i + 1);
    const head = el("div");
    head.append(el("span", "key", i + 1), el("span", "badge intent", intentLabel(s.intent)));
    li.append(head, el("div", "text", s.text));
    li.title = s.text;
    li.addEventListener("click", () => useSuggestion(i));
    ol.append(li);
  });
}

function useSuggestion(i) {
  const d = state.detail;
  const s = d && d.waiting && d.card && d.card.suggestions[i];
  if (!s) return;
  const box = $("reply");
  box.value = s.text;
  state.chosen = s.text;
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
}

function insertPhrase(text) {
  const box = $("reply");
  const start = box.selectionStart ?? box.value.length;
  const end = box.selectionEnd ?? box.value.length;
  box.value = box.value.slice(0, start) + text + box.value.slice(end);
  box.focus();
  box.setSelectionRange(start + text.length, start + text.length);
}

async function send() {
  const d = state.detail;
  const box = $("reply");
  const text = box.value;
  if (!d || !text.trim() || !d.can_send) return;
  $("send").disabled = true;
  setText($("send-status"), "发送中…");
  try {
    const result = await api("/api/send", {
      conversation_id: d.conversation_id, text, suggestion: state.chosen,
    });
    if (box.value === text) box.value = "";
    state.chosen = null;
    setText($("send-status"), result.action === "sent" ? "已发送（原样采用建议）"
      : result.action === "edited" ? "已发送（修改了建议）" : "已发送");
    await loadConversation();
    refreshList();
  } catch (err) {
    setText($("send-status"), err.status === 409 && err.data.owner
      ? `未发送：${err.data.owner} 正在接待此会话` : `发送失败：${err.message}`);
    if (err.status === 409) await loadConversation();
  } finally {
    $("send").disabled = !(state.detail && state.detail.can_send);
  }
}

async function reportWrongIntent() {
  const d = state.detail;
  if (!d) return;
  const lastBuyer = [...d.messages].reverse().find((m) => m.role === "buyer");
  const intent = $("wrong-intent").value;
  try {
    await api("/api/agent/wrong-intent", {
      conversation_id: d.conversation_id,
      message_id: (lastBuyer && lastBuyer.message_id) || null,
      intent,
    });
    setText($("wrong-status"), `已记入训练师收件箱：${intentLabel(intent)}`);
  } catch (err) { setText($("wrong-status"), `提交失败：${err.message}`); }
}

// --- the order card -----------------------------------------------------------------------
function row(dl, label, value, className) {
  dl.append(el("dt", null, label), el("dd", className || null, value));
}

function renderCard() {
  const card = state.detail && state.detail.card;
  $("card").hidden = false;
  const order = card && card.order;
  const facts = (card && card.facts) || {};
  const dl = $("order");
  dl.replaceChildren();
  $("no-order").hidden = Boolean(order);
  if (order) {
    row(dl, "订单号", order.order_id);
    row(dl, "状态", ORDER_STATUS[order.status] || order.status);
    row(dl, "金额", `¥${Number(order.amount).toFixed(2)}`);
    for (const item of order.items || []) {
      row(dl, item.custom ? "商品（定制）" : "商品", `${item.title} ×${item.qty}`);
    }
    if (order.region) row(dl, "收货地区", order.region);
    row(dl, "付款时间", fmtIso(order.paid_at));
    row(dl, "发货时间", fmtIso(order.shipped_at));
    if (order.delivered_at) row(dl, "签收时间", fmtIso(order.delivered_at));
    row(dl, "快递", order.courier ? `${order.courier} ${order.tracking_no || ""}`.trim() : "—");
    if (facts.window_open === true) row(dl, "退换窗口", `可无理由退换，还剩 ${facts.days_left} 天`, "open");
    else if (facts.window_open === false) row(dl, "退换窗口", "已过 7 天无理由期", "closed");
    else if (!order.delivered_at) row(dl, "退换窗口", "未签收，签收次日起算 7 天");
    else row(dl, "退换窗口", "本轮回复未用到订单，请按签收时间核对");
  }
  renderItem(facts.item);
  const fl = $("facts");
  fl.replaceChildren();
  if (!card) { row(fl, "—", "暂无"); return; }
  if ("free_shipping_gap" in facts) {
    const gap = facts.free_shipping_gap;
    row(fl, FACT_LABELS.free_shipping_gap, gap === null ? "偏远地区不包邮" : gap > 0 ? `还差 ¥${gap}` : "已包邮");
  }
  if (facts.round) row(fl, FACT_LABELS.bargain_round, `本轮是第 ${facts.round} 轮`);
  else if ("bargain_round" in facts) row(fl, FACT_LABELS.bargain_round, `已议价 ${facts.bargain_round} 轮`);
  if (facts.ship_by) row(fl, FACT_LABELS.ship_by, facts.ship_by);
  const shown = new Set([...Object.keys(FACT_LABELS), "round"]);
  for (const [key, value] of Object.entries(facts)) {
    if (shown.has(key) || value === null || typeof value === "object") continue;
    const text = key === "freight_payer" ? (PAYER[value] || value) : key === "severity" ? (SEVERITY[value] || value)
      : ["price", "floor", "coupon", "threshold", "gap", "sf_surcharge"].includes(key) ? `¥${value}` : String(value);
    row(fl, OFFER_LABELS[key] || key, text);
  }
  row(fl, "识别意图", (card.intents || []).map(intentLabel).join("、") || "未识别");
}

// --- the team view (supervisors) ---------------------------------------------------------
function fmtSeconds(s) {
  return s === null || s === undefined ? "—" : fmtWait(s);
}

function pct(share) {
  return share === null || share === undefined ? "—" : `${Math.round(share * 100)}%`;
}

let teamTimer = null;
function refreshTeam() {
  if ($("team").hidden) return;
  clearTimeout(teamTimer);
  teamTimer = setTimeout(async () => {
    try {
      state.team = await api("/api/agent/team");
      renderTeam();
    } catch (err) { setText($("team-updated"), `加载失败：${err.message}`); }
  }, 100);
}

function renderTeam() {
  const t = state.team;
  const online = t.agents.filter((a) => a.online).length;
  const figures = $("team-figures");
  figures.replaceChildren();
  const first = t.first_response_today;
  const s = t.suggestions_today;
  for (const [label, value] of [
    ["在线客服", `${online} / ${t.agents.filter((a) => a.active).length}`],
    ["首次响应中位数", fmtSeconds(first.median_s)],
    ["首次响应 P90", fmtSeconds(first.p90_s)],
    ["建议原样发送", pct(s.shares.sent)],
    ["建议修改后发送", pct(s.shares.edited)],
    ["未用建议", pct(s.shares.rejected)],
  ]) {
    const box = el("div");
    box.append(el("dt", null, label), el("dd", null, value));
    figures.append(box);
  }
  setText($("team-updated"), `今天 ${first.count} 次人工首次响应 · ${s.total} 次发送 · 无人接待 ${t.unassigned} 个会话`);
  const body = document.querySelector("#team-agents tbody");
  body.replaceChildren();
  for (const a of t.agents) {
    const tr = el("tr");
    const status = !a.active ? el("span", "offline", "已停用") : a.online ? el("span", "online", "在线") : el("span", "offline", "离线");
    const cells = [el("td", null, a.name), el("td", null, ROLE_NAMES[a.role] || a.role), el("td"), el("td", null, a.open), el("td")];
    cells[2].append(status);
    if (a.active && !(state.me && a.name === state.me.name)) {
      const off = el("button", null, "停用");
      off.type = "button";
      off.addEventListener("click", () => disableAccount(a.name));
      cells[4].append(off);
    }
    tr.append(...cells);
    body.append(tr);
  }
  const waiting = $("team-waiting");
  waiting.replaceChildren();
  const now = serverNow();
  for (const w of t.longest_waiting) {
    const li = el("li", null, `${w.buyer_id || w.conversation_id} · 等待 ${fmtWait(now - w.waiting_since)} · ${w.owner ? `${w.owner} 接待` : "无人接待"}`);
    li.addEventListener("click", () => select(w.conversation_id));
    waiting.append(li);
  }
  if (!t.longest_waiting.length) waiting.append(el("li", "muted", "没有等待中的买家"));
  renderReassign();
}

function renderReassign() {
  const select = $("reassign-to");
  const current = select.value;
  select.replaceChildren();
  for (const a of (state.team ? state.team.agents : []).filter((x) => x.active)) {
    const option = el("option", null, a.name);
    option.value = a.name;
    select.append(option);
  }
  if (current) select.value = current;
}

async function loadTeamOnce() {
  state.team = await api("/api/agent/team");
  renderReassign();
}

async function disableAccount(name) {
  try {
    await api(`/api/agent/accounts/${encodeURIComponent(name)}/disable`, {});
    setText($("account-status"), `已停用 ${name}`);
    refreshTeam();
  } catch (err) { setText($("account-status"), `停用失败：${err.message}`); }
}

async function addAccount(event) {
  event.preventDefault();
  const name = $("account-name").value.trim();
  try {
    await api("/api/agent/accounts", { name, password: $("account-password").value, role: $("account-role").value });
    setText($("account-status"), `已添加 ${name}`);
    $("account-form").reset();
    refreshTeam();
  } catch (err) { setText($("account-status"), `添加失败：${err.message}`); }
}

// The catalogue item the buyer asks about (facts.item): price, each variant's stock (and its own price), the size
// chart by whichever measures it goes by, and the shop's shade and usage notes.
const MEASURES = [["height", "", "cm"], ["weight", "", "斤"], ["foot", "脚长 ", "mm"], ["head", "头围 ", "cm"]];

function spanText([low, high]) {
  return low === high ? `${low}` : `${low}-${high}`;
}

function renderItem(item) {
  $("item-card").hidden = !item;
  const dl = $("item");
  dl.replaceChildren();
  if (!item) return;
  row(dl, "商品", `${item.title}（${item.sku}）`);
  row(dl, "价格", `¥${item.price}`);
  for (const v of item.variants || []) {
    const label = [v.color, v.size, ...Object.values(v.options || {})].filter(Boolean).join(" ") || "默认";
    const stock = v.stock > 0 ? `库存 ${v.stock}` : v.restock ? `缺货，${v.restock} 补货` : "缺货";
    const price = v.price != null ? `¥${v.price}，` : "";
    row(dl, label, price + stock, v.stock > 0 ? "open" : "closed");
  }
  for (const r of item.size_chart || []) {
    const parts = MEASURES.filter(([m]) => r[m]).map(([m, name, unit]) => `${name}${spanText(r[m])}${unit}`);
    row(dl, `${r.size} 码`, parts.join(" / "));
  }
  if (item.shade_note) row(dl, "色号", item.shade_note);
  if (item.usage) row(dl, "用法", item.usage);
}

// --- settings, keys, live updates ---------------------------------------------------------
// the last hot reload of the shop's files: a rejected one stays on screen until a reload succeeds
function showReload(result) {
  const banner = $("reload-banner");
  if (!result || result.ok) {
    banner.hidden = true;
    banner.textContent = "";
    return;
  }
  const lines = result.problems.map((p) => `${p.file}${p.line ? ":" + p.line : ""}  ${p.message}`);
  banner.textContent = `文件修改未生效，机器人仍按上一版文件答复。请修改后保存：\n${lines.join("\n")}`;
  banner.hidden = false;
}

function renderSettings() {
  showReload(state.settings.reload);
  const quick = $("quick");
  quick.replaceChildren();
  for (const phrase of state.settings.quick_phrases) {
    const b = el("button", null, phrase);
    b.type = "button";
    b.addEventListener("click", () => insertPhrase(phrase));
    quick.append(b);
  }
  const select = $("wrong-intent");
  select.replaceChildren();
  for (const intent of state.settings.intents) {
    const option = el("option", null, `${intentLabel(intent.name)}（${intent.name}）`);
    option.value = intent.name;
    option.title = intent.description;
    select.append(option);
  }
}

function onKey(event) {
  const typing = event.target instanceof HTMLElement && event.target.matches("textarea, input, select");
  if (["1", "2", "3"].includes(event.key) && (!typing || event.altKey) && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    useSuggestion(Number(event.key) - 1);
  }
}

function onReplyKey(event) {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault();
    send();
  }
}

function connect() {
  const live = $("live");
  const source = new EventSource("/api/agent/events");
  source.addEventListener("ready", () => {
    live.textContent = "实时";
    live.classList.remove("off");
    refreshList();
    loadConversation();
  });
  const changed = (event) => {
    const data = JSON.parse(event.data);
    refreshList();
    if (data.conversation_id === state.selected) loadConversation();
  };
  source.addEventListener("message", changed);
  source.addEventListener("feedback", changed);
  source.addEventListener("owner", changed);  // taken, released, reassigned or closed
  source.addEventListener("delivery", changed);  // a reply was delivered, failed, or is retried
  // a repair moved on: the review's conversation and any other of the same buyer that shows it
  source.addEventListener("repair", (event) => {
    const data = JSON.parse(event.data);
    const shown = state.detail && state.detail.repair;
    refreshList();
    if (data.conversation_id === state.selected || (shown && shown.review_id === data.review_id)) loadConversation();
  });
  // another worker process handled something: which conversation is not known, so reload both
  source.addEventListener("changed", () => { refreshList(); if (state.selected) loadConversation(); });
  // A safety net under the events: a notice missed or a list request that failed (a worker restarting,
  // a dropped connection) leaves the list stale until the next event, so it is fetched again every 10 s.
  setInterval(() => { if (!document.hidden) refreshList(); }, 10000);
  for (const kind of ["message", "feedback", "owner", "delivery", "changed"]) source.addEventListener(kind, refreshTeam);
  source.addEventListener("reload", (event) => showReload(JSON.parse(event.data)));
  source.onerror = () => {
    live.textContent = "已断开，重连中…";
    live.classList.add("off");
  };
}

async function start() {
  document.addEventListener("keydown", onKey);
  $("reply").addEventListener("keydown", onReplyKey);
  $("reply").addEventListener("input", () => { if (!$("reply").value) state.chosen = null; });
  $("send").addEventListener("click", send);
  $("wrong-send").addEventListener("click", reportWrongIntent);
  $("repair-fixed").addEventListener("click", () => markFixed(false));
  $("repair-confirm-yes").addEventListener("click", () => markFixed(true));
  $("repair-confirm-no").addEventListener("click", () => {
    $("repair-confirm").hidden = true;
    setText($("repair-status"), "请先用建议 1 联系买家");
  });
  $("take").addEventListener("click", () => changeHolding("take"));
  $("release").addEventListener("click", () => changeHolding("release"));
  $("close-conv").addEventListener("click", () => changeHolding("close"));
  $("reassign").addEventListener("click", () => changeHolding("take", { to: $("reassign-to").value }));
  $("team-toggle").addEventListener("click", () => {
    $("team").hidden = !$("team").hidden;
    $("team-toggle").classList.toggle("primary", !$("team").hidden);
    refreshTeam();
  });
  $("account-form").addEventListener("submit", addAccount);
  state.settings = await api("/api/agent/settings");
  state.me = state.settings.me;
  if (state.me) {
    setText($("me"), `${state.me.name} · ${ROLE_NAMES[state.me.role] || state.me.role}`);
    $("team-toggle").hidden = state.me.role !== "supervisor";
    if (state.me.role === "supervisor") loadTeamOnce().catch((err) => console.warn(err));
  }
  renderSettings();
  refreshList();
  connect();
  setInterval(tick, 1000);
}

document.addEventListener("DOMContentLoaded", start);
