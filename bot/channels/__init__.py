"""Channel adapters: one module per IM platform behind the `Channel` contract of `base.py`
(`generic`, `wecom_kf`, `demo`, listed in `registry.py`), and the sender that delivers replies from
the durable queue through them. Kept import-light (the config imports the registry); import the
modules themselves."""
