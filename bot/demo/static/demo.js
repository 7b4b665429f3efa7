// The buyer's test page: everything shown is built with textContent, never HTML.
"use strict";

const $ = (id) => document.getElementById(id);
let conversation = "";
let shown = new Set();        // delivery ids already on the page
let autoReplies = new Set();  // message ids the bot answered by itself (its deliveries reply to them)
let polling = null;

function newConversation() {
  conversation = `${$("order").value}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  shown = new Set();
  autoReplies = new Set();
  $("messages").replaceChildren();
}

function add(kind, who, text) {
  const li = document.createElement("li");
  li.className = kind === "note" ? "note" : `msg ${kind}`;
  if (who) {
    const label = document.createElement("span");
    label.className = "who";
    label.textContent = who;
    li.append(label);
  }
  li.append(document.createTextNode(text));
  $("messages").append(li);
  li.scrollIntoView({block: "end"});
  return li;
}

async function call(path, options) {
  const response = await fetch(path, {credentials: "same-origin", ...options});
  if (response.status === 401) { location.href = "/agent/login"; throw new Error("请先登录"); }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${response.status}`);
  return body;
}

async function loadOrders() {
  const {orders} = await call("/api/demo/orders");
  for (const o of orders) {
    const option = document.createElement("option");
    option.value = o.order_id;
    option.textContent = `${o.order_id} · ${o.status} · ¥${o.amount} · ${o.items.join("、")}`;
    $("order").append(option);
  }
  const preferred = orders.find((o) => o.order_id === "T1003");
  if (preferred) $("order").value = preferred.order_id;
}

async function poll() {
  if (!conversation) return;
  try {
    const {delivered} = await call(`/api/demo/inbox?conversation_id=${encodeURIComponent(conversation)}`);
    for (const d of delivered) {
      if (shown.has(d.id)) continue;
      shown.add(d.id);
      const byBot = autoReplies.has(d.reply_to);
      const li = add(byBot ? "bot" : "agent", byBot ? "机器人（自动回复）" : "人工客服", d.text);
      li.dataset.delivery = String(d.id);
    }
  } catch (error) {
    $("status").textContent = `读取回复失败：${error.message}`;
  }
}

async function send(event) {
  event.preventDefault();
  const text = $("text").value.trim();
  if (!text) return;
  $("text").value = "";
  $("status").textContent = "";
  add("buyer", "我", text);
  try {
    const answer = await call("/api/demo/say", {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({order_id: $("order").value, conversation_id: conversation, text}),
    });
    if (answer.action === "auto") autoReplies.add(answer.message_id);
    if (answer.handoff) {
      add("note", "", "已转人工客服：机器人先回了一句确认，这条消息在客服工作台等待人工处理。");
    } else if (answer.action !== "auto" && answer.status === "accepted") {
      add("note", "", "已转人工客服：机器人没有自动回复，这条消息在客服工作台等待人工处理。");
    }
    await poll();
  } catch (error) {
    $("status").textContent = `发送失败：${error.message}`;
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  try {
    await loadOrders();
  } catch (error) {
    $("status").textContent = `无法载入演示订单：${error.message}`;
    return;
  }
  newConversation();
  $("order").addEventListener("change", newConversation);
  $("restart").addEventListener("click", newConversation);
  $("composer").addEventListener("submit", send);
  polling = setInterval(poll, 700);
});
