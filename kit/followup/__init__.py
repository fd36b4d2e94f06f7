"""Follow-up that changes behaviour: dated commitments from each module's "Try this week"
and the leadership plan, a calendar file of reminders, and a review at 30 and 90 days."""
