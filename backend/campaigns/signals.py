"""What campaigns announce to the apps built on them (which campaigns does not import): the
results app tallies a campaign when its voting closes."""

from django.dispatch import Signal

# Sent by ``campaign_phase_apply`` inside its transaction when the applied phase changes, with
# ``campaign``, ``before`` and ``after`` (phase values) and ``now``. Receivers queue work with
# ``transaction.on_commit``; they hold no rule of their own.
phase_changed = Signal()
