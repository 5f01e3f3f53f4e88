"""Things that happened which people may follow, sent as Django signals so that the apps that
tell people (notifications) need not import the apps where they happen (conversations, delivery
of winning projects, petitions), which sit above them in the layers (pyproject.toml).

Each signal is sent once the transaction that made the change has committed
(``transaction.on_commit(lambda: signal.send(...))``), with keyword arguments only.
"""

from __future__ import annotations

from django.dispatch import Signal

# A comment or a reply was published. Arguments: ``comment`` (the row), ``target`` (the
# proposal or project it is about), ``author`` (the user), ``official`` (an official's answer).
comment_posted = Signal()

# A winning project's delivery changed. Arguments: ``project``, ``kind`` ("status" or
# "milestone"), ``text`` (a short summary in French), ``actor`` (the official).
delivery_changed = Signal()
