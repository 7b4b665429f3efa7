"""Messages the shop sends before the buyer asks, driven by order events: the events' body
(`event.py`), the timers' life from event to delivery (`service.py`); the rules are pure, in
`policy/outreach.py`, their values in `policy/outreach.yaml`."""
