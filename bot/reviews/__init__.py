"""Bad-review repair: from a posted review to aspects, flags, remedies and a compliant outreach message."""
