"""The trainers' loop: hot reload of the shop's files, the inbox of missed messages, `teach`,
the leave-one-out overlap check, the HTML eval report and the comparison with an earlier version."""
