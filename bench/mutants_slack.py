"""Mutants of Slack's HTTP front, inbox and worker (``bench/mutation.py`` applies them with
the others in ``bench/mutants.py``): each would lose or repeat an acknowledged request, or
answer where Slack no longer listens."""

from __future__ import annotations

from bench.mutants import Mutation

M = Mutation
FRONT_TESTS = (
    "tests/adapters/test_slack_inbox.py",
    "tests/adapters/test_slack_handoff.py",
    "tests/adapters/test_slack_http.py",
    "tests/adapters/test_doctor.py",
)
SLACK_MUTATIONS: tuple[Mutation, ...] = (
    M(
        "slack inbox: reopening forgets which requests were done",
        "adapters/slack/inbox.py",
        '                    kept.pop(line["done"], None)\n',
        "                    pass\n",
        FRONT_TESTS,
    ),
    M(
        "slack inbox: a later log is deleted while an earlier one still waits",
        "adapters/slack/inbox.py",
        "            if number == self._journal.number or self._left[number] > 0:\n"
        "                return",
        "            if number == self._journal.number or self._left[number] > 0:\n"
        "                continue",
        FRONT_TESTS,
    ),
    M(
        "slack front: the inbox forgets a request as soon as it is handed over",
        "adapters/slack/handoff.py",
        "        request = self.inbox.put(body, headers)\n",
        "        request = self.inbox.put(body, headers)\n        self.inbox.done(request.id)\n",
        FRONT_TESTS,
    ),
    M(
        "slack front: a restarted worker is not given what its predecessor left",
        "adapters/slack/handoff.py",
        "            self._hand_over_waiting(suspected)\n            return",
        "            return",
        FRONT_TESTS,
    ),
    M(
        "slack front: requests suspected of killing a worker are not handled alone",
        "adapters/slack/handoff.py",
        "            self._hand_over_waiting(suspected)\n            return",
        "            self._hand_over_waiting()\n            return",
        FRONT_TESTS,
    ),
    M(
        "slack worker: a request acknowledged by the front still answers in the ack",
        "adapters/slack/app.py",
        "    inline = inline and not acked and not s.pool.busy(key)",
        "    inline = inline and not s.pool.busy(key)",
        FRONT_TESTS,
    ),
)
