-- The tables of the service's SQLite file as they were when migrations began. IF NOT EXISTS: a data
-- folder an older version made has some of them already (its missing columns: LEGACY_COLUMNS).
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at REAL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_expiry ON kv (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS orders (order_id TEXT PRIMARY KEY, data TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, channel TEXT NOT NULL, buyer_id TEXT, started_at REAL NOT NULL,
    updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL,
    message_id TEXT, intents TEXT NOT NULL DEFAULT '[]', matches TEXT NOT NULL DEFAULT '[]',
    at REAL NOT NULL, agent TEXT, delivery_id INTEGER);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation_id, id);
CREATE TABLE IF NOT EXISTS inbox (
    id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL, message_id TEXT, text TEXT NOT NULL,
    reason TEXT NOT NULL, matches TEXT NOT NULL DEFAULT '[]', at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL, message_id TEXT, action TEXT NOT NULL,
    suggestion TEXT, text TEXT, intent TEXT, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS agent_queue (
    id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL, channel TEXT NOT NULL, buyer_id TEXT,
    message_id TEXT, text TEXT NOT NULL, reason TEXT NOT NULL, suggestions TEXT NOT NULL,
    at REAL NOT NULL, done_at REAL);
CREATE INDEX IF NOT EXISTS agent_queue_waiting ON agent_queue (id) WHERE done_at IS NULL;

CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY, channel TEXT NOT NULL, conversation_id TEXT NOT NULL, buyer_id TEXT,
    reply_to TEXT, text TEXT NOT NULL, created_at REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    next_at REAL NOT NULL, last_error TEXT, delivered_at REAL, failed_at REAL);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (next_at) WHERE delivered_at IS NULL;

CREATE TABLE IF NOT EXISTS agents (
    name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL, created_at REAL NOT NULL,
    disabled_at REAL, last_seen_at REAL);

CREATE TABLE IF NOT EXISTS owners (
    conversation_id TEXT PRIMARY KEY, owner TEXT, taken_at REAL, closed_at REAL, closed_by TEXT);
CREATE INDEX IF NOT EXISTS owners_by_owner ON owners (owner) WHERE closed_at IS NULL;

CREATE TABLE IF NOT EXISTS order_events (
    channel TEXT NOT NULL, event_id TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (channel, event_id));
CREATE TABLE IF NOT EXISTS outreach_timers (
    id INTEGER PRIMARY KEY, channel TEXT NOT NULL, order_id TEXT NOT NULL, rule TEXT NOT NULL,
    buyer_id TEXT NOT NULL, conversation_id TEXT NOT NULL, due_at REAL NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending', reason TEXT, lease_until REAL NOT NULL DEFAULT 0, lease TEXT,
    created_at REAL NOT NULL, done_at REAL, UNIQUE (channel, order_id, rule));
CREATE INDEX IF NOT EXISTS outreach_due ON outreach_timers (due_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS outreach_by_buyer ON outreach_timers (channel, buyer_id, done_at) WHERE state = 'sent';
CREATE TABLE IF NOT EXISTS outreach_opt_outs (
    channel TEXT NOT NULL, order_id TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (channel, order_id));

CREATE TABLE IF NOT EXISTS agent_cards (
    conversation_id TEXT PRIMARY KEY, message_id TEXT, order_json TEXT, facts TEXT NOT NULL,
    intents TEXT NOT NULL, matches TEXT NOT NULL, suggestions TEXT NOT NULL, handoff INTEGER NOT NULL,
    angry INTEGER NOT NULL, action TEXT NOT NULL, at REAL NOT NULL);
