"""The mutants ``bench/mutation.py`` applies: each a small change a reviewer could miss (a
flipped comparison, a dropped check, a removed write), with the tests that should notice."""

from __future__ import annotations

from dataclasses import dataclass

NUDGE_TESTS = ("tests/unit", "tests/e2e")  # reminders are used by nearly every feature
GROUP_TESTS = (
    "tests/unit/test_groups.py",
    "tests/e2e/test_groups_console.py",
    "tests/contract/test_forget_everywhere.py",
    "tests/contract/test_unit_of_work.py",
)
FORGET_TESTS = ("tests/unit/test_my_data.py", "tests/contract/test_forget_everywhere.py")
TINYDB_TESTS = (
    "tests/contract/test_store_contract.py",
    "tests/contract/test_tinydb_specific.py",
    "tests/contract/test_fault_isolation.py",
    "tests/contract/test_unit_of_work.py",
    "tests/contract/test_forget_everywhere.py",
    "tests/contract/test_tinydb_lazy.py",
    "tests/unit/test_reminders.py",
    "-k",
    "not postgres",
)
POSTGRES_TESTS = (
    "tests/contract/test_store_contract.py",
    "tests/contract/test_unit_of_work.py",
    "tests/contract/test_postgres_store.py",
    "-k",
    "postgres",
)


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    before: str  # must occur exactly once in the file
    after: str
    tests: tuple[str, ...]


M = Mutation
MUTATIONS: tuple[Mutation, ...] = (
    # -- nudges and their delivery --------------------------------------------------------------
    M(
        "nudges: quiet hours wrap past midnight the wrong way",
        "bot/nudges.py",
        "return (start <= clock or clock < end) if start > end else (start <= clock < end)",
        "return (start <= clock and clock < end) if start > end else (start <= clock < end)",
        NUDGE_TESTS,
    ),
    M(
        "nudges: a pause is ignored",
        "bot/nudges.py",
        "        if profile.paused_until and due < profile.paused_until:\n            due = ",
        "        if False:\n            due = ",
        NUDGE_TESTS,
    ),
    M(
        "nudges: the second follow-up comes a business day late",
        "bot/nudges.py",
        "add_business_days(contact.asked_at, 7, tz",
        "add_business_days(contact.asked_at, 8, tz",
        NUDGE_TESTS,
    ),
    M(
        "nudges: the thank-you reminder is kept after thanking",
        "bot/nudges.py",
        "and meeting and contact.thanked_at is None:",
        "and meeting:",
        NUDGE_TESTS,
    ),
    M(
        "nudges: nudges no longer wanted are not cancelled",
        "bot/nudges.py",
        "        if base not in want_ids:\n            store.save_nudge(",
        "        if False:\n            store.save_nudge(",
        NUDGE_TESTS,
    ),
    M(
        "nudges: a nudge is planned in the past",
        "bot/nudges.py",
        "        if ideal <= now and nid not in existing:\n            continue",
        "        if False:\n            continue",
        NUDGE_TESTS,
    ),
    M(
        "nudges: a meeting reminder may come after the meeting",
        "bot/nudges.py",
        "    if limit is None or at < limit:",
        "    if True:",
        NUDGE_TESTS,
    ),
    M(
        "delivery: reminders are sent while reminders are off",
        "bot/delivery.py",
        "        if not profile.nudges_on or family in muted:",
        "        if family in muted:",
        NUDGE_TESTS,
    ),
    M(
        "delivery: nudges no longer useful are sent anyway",
        "bot/delivery.py",
        "        elif not nudge_kinds.useful(claimed, contact, now):",
        "        elif False:",
        NUDGE_TESTS,
    ),
    M(
        "delivery: a delivered nudge is not marked sent",
        "bot/delivery.py",
        "replace(nudge, state=NudgeState.SENT, sent_at=now)",
        "replace(nudge, sent_at=now)",
        NUDGE_TESTS,
    ),
    M(
        "delivery: a permanent failure is retried like a passing one",
        "bot/delivery.py",
        "        if event.permanent or attempts >= MAX_ATTEMPTS:",
        "        if attempts >= MAX_ATTEMPTS:",
        NUDGE_TESTS,
    ),
    M(
        "delivery: a failure is retried at once (no backoff)",
        "bot/delivery.py",
        "                due_at=now + backoff,",
        "                due_at=now,",
        NUDGE_TESTS,
    ),
    # -- introductions ------------------------------------------------------------------------
    M(
        "intros: the asker may offer on their own request",
        "bot/handlers/intros.py",
        "if request.asker == ctx.actor.user:  # whatever its state",
        "if False:  # whatever its state",
        GROUP_TESTS,
    ),
    M(
        "intros: anyone may accept an introduction",
        "bot/handlers/intros.py",
        'if request.asker != ctx.actor.user:\n        raise Problem("Only the person',
        'if False:\n        raise Problem("Only the person',
        GROUP_TESTS,
    ),
    M(
        "intros: requests never expire",
        "bot/handlers/intros.py",
        "request.expires_at <= ctx.now()",
        "request.expires_at <= ctx.now() - EXPIRES * 100",
        GROUP_TESTS,
    ),
    M(
        "intros: only members may ask (check dropped)",
        "bot/handlers/intros.py",
        "or ctx.actor.user not in group.members:",
        ":",
        GROUP_TESTS,
    ),
    M(
        "intros: accepting does not mark the request accepted",
        "bot/handlers/intros.py",
        'ctx.store.save_intro(key, replace(request, state="accepted"))',
        "pass",
        GROUP_TESTS,
    ),
    M(
        "intros: the helper gets no reminder",
        "bot/handlers/intros.py",
        "    ctx.store.save_nudge(\n        helper,",
        "    (lambda *a: None)(\n        helper,",
        GROUP_TESTS,
    ),
    # -- groups -------------------------------------------------------------------------------
    M(
        "groups: a member who leaves stays in the digest",
        "bot/models.py",
        "return replace(self, members={u: m for u, m in self.members.items() if u != user})",
        "return self",
        GROUP_TESTS,
    ),
    M(
        "groups: joining forgets the 'named' choice",
        "bot/models.py",
        "member = replace(before, name=name, named=named, missed=0)",
        "member = replace(before, name=name, missed=0)",
        GROUP_TESTS,
    ),
    M(
        "groups: pair history is not kept",
        "bot/models.py",
        "return replace(self, members=members, pair_history=tuple(history))",
        "return replace(self, members=members)",
        GROUP_TESTS,
    ),
    M(
        "groups: a missed round is not counted",
        "bot/models.py",
        "missed = m.missed + 1 if m.paired and not m.met else m.missed",
        "missed = m.missed",
        GROUP_TESTS,
    ),
    M(
        "groups: anyone may change the settings",
        "bot/handlers/groups.py",
        "return ctx.actor.is_admin or group.started_by == ctx.actor.user",
        "return True",
        GROUP_TESTS,
    ),
    M(
        "groups: digest counts people who never joined (named shown regardless)",
        "bot/groups.py",
        "if member.named and interviews:",
        "if interviews:",
        GROUP_TESTS,
    ),
    M(
        "groups: a digest counts as posted before its post is reported",
        "bot/groups.py",
        "if claimed.kind != DIGEST or not made:",
        "if True:",
        GROUP_TESTS,
    ),
    M(
        "groups: a failed post is not retried",
        "bot/groups.py",
        "                due_at=again,\n",
        "                due_at=again + timedelta(days=365),\n",
        GROUP_TESTS,
    ),
    M(
        "groups: the starter is not told about a failed post",
        "bot/groups.py",
        "if attempts == 1 and group.started_by:",
        "if False:",
        GROUP_TESTS,
    ),
    M(
        "groups: biweekly pairs run weekly",
        "bot/groups.py",
        'CADENCE = {"weekly": timedelta(days=7), "biweekly": timedelta(days=14)}',
        'CADENCE = {"weekly": timedelta(days=7), "biweekly": timedelta(days=7)}',
        GROUP_TESTS,
    ),
    M(
        "groups: pairing ignores how often a pair met",
        "bot/groups.py",
        "cost + used[frozenset((first, partner))])",
        "cost)",
        GROUP_TESTS,
    ),
    # -- forget me ----------------------------------------------------------------------------
    M(
        "forget: pair history keeps the user",
        "bot/models.py",
        'pair_history=tuple(h for h in self.pair_history if user not in h.split("|")),',
        "pair_history=self.pair_history,",
        FORGET_TESTS,
    ),
    M(
        "forget: the group keeps its starter's id",
        "bot/models.py",
        'started_by="" if self.started_by == user else self.started_by,',
        "started_by=self.started_by,",
        FORGET_TESTS,
    ),
    M(
        "forget: the user's requests stay",
        "bot/handlers/my_data.py",
        "                ctx.store.delete_intro(key, request.id)\n",
        "",
        FORGET_TESTS,
    ),
    M(
        "forget: offers made by the user stay",
        "bot/handlers/my_data.py",
        'offers = tuple(o for o in request.offers if o.get("by") != me)',
        "offers = request.offers",
        FORGET_TESTS,
    ),
    M(
        "forget: the helper's reminder keeps naming the user",
        "bot/handlers/my_data.py",
        "                _drop_helper_reminders(ctx, key, request)\n",
        "",
        FORGET_TESTS,
    ),
    # -- the TinyDB store -----------------------------------------------------------------------
    M(
        "tinydb: other keys written in a failed transaction are kept",
        "storage/tinydb_files.py",
        "                    self._rollback_all()",
        "                    self._commit_all()",
        TINYDB_TESTS,
    ),
    M(
        "tinydb: a failed savepoint undoes nothing",
        "storage/tinydb_files.py",
        "                    self._undo_to(marks)  # a savepoint",
        "                    pass  # a savepoint",
        TINYDB_TESTS,
    ),
    M(
        "tinydb: a file enlisted inside a savepoint is not undone",
        "storage/tinydb_files.py",
        "file.undo_to(marks.get(key, 0))",
        "file.undo_to(marks.get(key, len(file.undo)))",
        TINYDB_TESTS,
    ),
    M(
        "tinydb: a unit's journal line carries only its first file",
        "storage/tinydb_files.py",
        'line = journal.append({"files": [part for _k, _f, part in changed]})',
        'line = journal.append({"files": [part for _k, _f, part in changed][:1]})',
        TINYDB_TESTS,
    ),
    M(
        "tinydb: an unreadable file is not set aside (an error instead of the clear refusal)",
        "storage/tinydb_files.py",
        "            self.folder.set_aside(path, err)",
        "            raise StoreError(str(err)) from err",
        TINYDB_TESTS,
    ),
    M(
        "tinydb: the set-aside user is served a fresh, empty record set",
        "storage/tinydb_files.py",
        "        found = self.folder.refused(user) if self.folder.aside else None",
        "        found = None",
        TINYDB_TESTS,
    ),
    M(
        "tinydb: set-aside files of an earlier run are forgotten",
        "storage/tinydb_files.py",
        "        self.folder.find_kept_aside()\n",
        "",
        TINYDB_TESTS,
    ),
    M(
        "tinydb: files holding unwritten changes are let go",
        "storage/tinydb_files.py",
        "            self._clean.pop(key, None)  # held until written\n",
        "",
        TINYDB_TESTS,
    ),
    M(
        "tinydb: the due index is not saved (every start reads every file)",
        "storage/tinydb_files.py",
        "self._due.save(os.path.join(self.root, INDEX), index)",
        "None",
        TINYDB_TESTS,
    ),
    M(
        "tinydb: the due scan stops at the limit, missing earlier nudges of later users",
        "storage/tinydb_store.py",
        "                    if (at, user.as_tuple()) > found[-1][:2]:",
        "                    if True:",
        TINYDB_TESTS,
    ),
    M(
        "tinydb: forget keeps the file",
        "storage/atomic.py",
        "                os.unlink(path)\n",
        "                pass\n",
        TINYDB_TESTS,
    ),
    M(
        "tinydb: a claim is not undone with its transaction",
        "storage/tinydb_file.py",
        '        self._note("nudges", nudge_id)\n',
        "",
        TINYDB_TESTS,
    ),
    M(
        "tinydb: writes are not atomic (no temp + rename)",
        "storage/atomic.py",
        "    publish(stage(path, text), path)",
        "    open(path, 'w').write(text)",
        TINYDB_TESTS,
    ),
    # -- the PostgreSQL store -------------------------------------------------------------------
    M(
        "postgres: a nested transaction is no savepoint",
        "storage/postgres_store.py",
        "                with tx.conn.transaction():\n"
        "                    self._lock(tx, user)\n"
        "                    yield\n"
        "            except",
        "                self._lock(tx, user)\n                yield\n            except",
        POSTGRES_TESTS,
    ),
    M(
        "postgres: forget deletes only some tables",
        "storage/postgres_store.py",
        "            for kind, table in TABLES.items():\n                gone",
        "            for kind, table in list(TABLES.items())[:3]:\n                gone",
        POSTGRES_TESTS,
    ),
)
