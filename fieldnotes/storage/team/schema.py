"""The team notebook's schema on PostgreSQL: tables, grants, row-level security and triggers.

There is no application server. Every member connects as their own LOGIN role, which is a
member of exactly one of three group roles (capture, coder, lead); the grants, the policies and
the triggers below are the whole of what decides what a connection may write, so a modified
client cannot overstep. All objects belong to a NOLOGIN owner role nobody connects as: the
table owner bypasses row-level security, so no person may be it.

The team's database roles are made and changed by a second NOLOGIN role, `<team>_admin`, the
only one with CREATEROLE, through two SECURITY DEFINER functions a lead may call: `make_login`
(a newcomer's login, from the invitation a lead recorded) and `follow` (a member's database
role put in the group the members list names, or shut out once they are removed). A lead's
own login needs neither CREATEROLE nor ADMIN on any role, on PostgreSQL 15 as on 16+, where a
CREATEROLE role may change only the roles it holds ADMIN on: `<team>_admin` makes the groups
and every member's login, so it holds ADMIN on each of them by being their creator.

Every write takes one transaction-scoped advisory lock before it takes its `seq`, so `seq`
order is commit order and "give me everything after seq N" never skips a row that committed
late. Each statement queues a NOTIFY whose payload is the highest seq it wrote, and nothing
else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from fieldnotes.crypto.team import SIGNATURE_BYTES
from fieldnotes.errors import InvalidInput
from fieldnotes.storage.team.rows import MAX_CLEAR_BYTES, MAX_ROW_ID_BYTES, MAX_SEALED_BYTES

SCHEMA_VERSION = 4
"""The server schema this fieldnotes speaks. 1: as first released; 2: a capture member writes
the link row of a note the server holds as theirs (`my_note`); 3: a lead purges a colleague's
note, and a purge is final; 4: every lead invites, changes roles and removes through the
`<team>_admin` role's functions, without CREATEROLE of their own. `fieldnotes team upgrade`
takes a server up, a step per version (`storage/team/upgrades/`)."""
FORMAT = "fieldnotes-team-1"

CAPTURE_KINDS = ("note", "jotting")
# A framework (its principles with it) is part of the codebook: a joined replica needs the
# team's, and only those who may edit the codebook may change them.
CODER_KINDS = (*CAPTURE_KINDS, "link", "obstacle", "memo", "framework")
LEAD_KINDS = (*CODER_KINDS, "obstacle_decision", "brief_log", "leader")

# Lower case, short enough that "<name>_capture" fits PostgreSQL's 63-byte identifiers.
_NAME = re.compile(r"[a-z][a-z0-9_]{2,40}")

# SQLSTATEs the triggers raise; class "FN" is ours, so none collides with PostgreSQL's own.
NOT_A_MEMBER = "FNMEM"
WRONG_SIGNER = "FNSIG"
STALE_GENERATION = "FNGEN"
WRONG_REVISION = "FNREV"
NOT_YOURS = "FNOWN"
INVITATION_USED = "FNINV"
INVITATION_EXPIRED = "FNEXP"
ROTATION_INCOMPLETE = "FNROT"
PURGED = "FNPRG"
LEADS_ONLY = "FNLDR"
ROLE_KEPT = "FNRKP"

Who = Literal["login", "owner", "admin"]
"""Who runs a statement of the setup or an upgrade: the connected login itself, or one of the
team's NOLOGIN roles, which the login takes for the one transaction."""


@dataclass(frozen=True, slots=True)
class TeamNames:
    """The schema and the cluster-wide role names of one team notebook."""

    schema: str

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.schema):
            raise InvalidInput(
                "a team's server name is 3 to 41 lower-case letters, digits or underscores"
            )

    @property
    def owner(self) -> str:
        return f"{self.schema}_owner"

    @property
    def admin(self) -> str:
        return f"{self.schema}_admin"

    @property
    def member_pattern(self) -> str:
        """What the name of every login `make_login` makes looks like (a POSIX regex)."""
        return f"^{self.schema}_m[0-9a-f]{{10}}$"

    def group(self, role: str) -> str:
        if role not in ("capture", "coder", "lead"):
            raise InvalidInput("a role is one of capture, coder, lead")
        return f"{self.schema}_{role}"

    @property
    def groups(self) -> tuple[str, str, str]:
        return (self.group("capture"), self.group("coder"), self.group("lead"))

    @property
    def channel(self) -> str:
        return self.schema

    @property
    def lock_key(self) -> str:
        return f"fieldnotes team {self.schema}"


_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"


def _array(kinds: tuple[str, ...]) -> str:
    return "ARRAY[" + ", ".join(f"'{kind}'" for kind in kinds) + "]::text[]"


def install_sql(names: TeamNames) -> list[tuple[Who, str]]:
    """The setup up to the founder's rows, run by the creating lead's login (CREATEROLE).

    The login makes the owner and admin roles and takes both for the transaction; the groups
    are made by the admin role, so that on PostgreSQL 16+ it is the one holding ADMIN on them.
    """
    return [
        ("login", f'CREATE ROLE "{names.owner}" NOLOGIN'),
        # NOINHERIT: it is a member of nothing, and stays so should anyone grant it a role.
        ("login", f'CREATE ROLE "{names.admin}" NOLOGIN NOINHERIT CREATEROLE'),
        ("login", f'GRANT "{names.owner}" TO CURRENT_USER'),
        ("login", f'GRANT "{names.admin}" TO CURRENT_USER'),
        ("login", f'CREATE SCHEMA "{names.schema}" AUTHORIZATION "{names.owner}"'),
        *(("admin", f'CREATE ROLE "{group}" NOLOGIN') for group in names.groups),
        *(("owner", statement) for statement in objects_sql(names)),
        *(("owner", statement) for statement in admin_grants_sql(names)),
        *(("admin", statement) for statement in member_functions_sql(names)),
    ]


def seat_sql(names: TeamNames) -> list[tuple[Who, str]]:
    """After the founder's rows: the founder joins the lead group, and gives up the owner and
    admin roles (their holder would bypass every policy, or change any member's role)."""
    return [
        ("admin", f'GRANT "{names.group("lead")}" TO SESSION_USER'),
        ("login", f'REVOKE "{names.owner}" FROM CURRENT_USER'),
        ("login", f'REVOKE "{names.admin}" FROM CURRENT_USER'),
    ]


def objects_sql(names: TeamNames) -> list[str]:
    """Run as the owner role: every table, function, trigger, policy and grant."""
    return [
        *_tables(names),
        *_row_functions(names),
        *_team_functions(names),
        *_triggers(names),
        *_policies(names),
        *_grants(names),
    ]


def _tables(names: TeamNames) -> list[str]:
    s = f'"{names.schema}"'
    return [
        f"CREATE SEQUENCE {s}.seq",
        f"""CREATE TABLE {s}.meta (
            singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
            format text NOT NULL,
            notebook_id bytea NOT NULL,
            schema_version integer NOT NULL)""",
        f"""CREATE TABLE {s}.members (
            member_id text PRIMARY KEY,
            label text NOT NULL UNIQUE,
            role text NOT NULL CHECK (role IN ('capture', 'coder', 'lead')),
            db_role text NOT NULL UNIQUE,
            recipient text NOT NULL,
            verify_key bytea NOT NULL CHECK (length(verify_key) = 32),
            key_signature bytea NOT NULL,
            statement bytea NOT NULL,
            signature bytea NOT NULL,
            removed boolean NOT NULL DEFAULT false,
            seq bigint NOT NULL DEFAULT 0)""",
        f"""CREATE TABLE {s}.key_generations (
            generation integer PRIMARY KEY CHECK (generation > 0),
            current boolean NOT NULL,
            statement bytea NOT NULL,
            signature bytea NOT NULL,
            seq bigint NOT NULL DEFAULT 0)""",
        f"CREATE UNIQUE INDEX ON {s}.key_generations (current) WHERE current",
        f"""CREATE TABLE {s}.wrapped_keys (
            member_id text NOT NULL REFERENCES {s}.members,
            generation integer NOT NULL REFERENCES {s}.key_generations,
            wrapped bytea NOT NULL,
            PRIMARY KEY (member_id, generation))""",
        f"""CREATE TABLE {s}.invitations (
            invitation_id bytea PRIMARY KEY,
            db_role text NOT NULL UNIQUE,
            label text NOT NULL,
            role text NOT NULL CHECK (role IN ('capture', 'coder', 'lead')),
            statement bytea NOT NULL,
            signature bytea NOT NULL,
            expires_at timestamptz NOT NULL,
            used boolean NOT NULL DEFAULT false)""",
        f"""CREATE TABLE {s}.rows (
            kind text NOT NULL CHECK (kind = ANY ({_array(LEAD_KINDS)})),
            row_id text NOT NULL CHECK (octet_length(row_id) <= {MAX_ROW_ID_BYTES}),
            revision integer NOT NULL,
            generation integer NOT NULL REFERENCES {s}.key_generations,
            author text NOT NULL REFERENCES {s}.members,
            signed_by text NOT NULL REFERENCES {s}.members,
            sealed bytea NOT NULL CHECK (octet_length(sealed) <= {MAX_SEALED_BYTES}),
            clear jsonb NOT NULL DEFAULT '{{}}'
                CHECK (octet_length(clear::text) <= {MAX_CLEAR_BYTES}),
            signature bytea NOT NULL CHECK (octet_length(signature) = {SIGNATURE_BYTES}),
            seq bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (kind, row_id))""",
        f"CREATE INDEX ON {s}.rows (seq)",
    ]


def _row_functions(names: TeamNames) -> list[str]:
    """Who is connected, what their role may write, and the checks on every row written."""
    s = f'"{names.schema}"'
    lock = f"pg_advisory_xact_lock(hashtext('{names.lock_key}'))"
    definer = _DEFINER
    return [
        # Who the connection is. session_user, not current_user: SECURITY DEFINER functions
        # change current_user, and a member can SET ROLE only to their own group.
        f"""CREATE FUNCTION {s}.my_role() RETURNS text LANGUAGE sql STABLE {definer} AS $$
            SELECT role FROM {s}.members WHERE db_role = session_user AND NOT removed $$""",
        f"""CREATE FUNCTION {s}.my_kinds() RETURNS text[] LANGUAGE sql STABLE {definer} AS $$
            SELECT CASE {s}.my_role()
                WHEN 'capture' THEN {_array(CAPTURE_KINDS)}
                WHEN 'coder' THEN {_array(CODER_KINDS)}
                WHEN 'lead' THEN {_array(LEAD_KINDS)} END $$""",
        my_note_sql(names),
        f"""CREATE FUNCTION {s}.lock_writes() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
            BEGIN PERFORM {lock}; RETURN NULL; END $$""",
        check_row_sql(names),
        # One notification per statement, with the highest seq it wrote: a rotation of a
        # hundred thousand rows is one message, not a hundred thousand.
        f"""CREATE FUNCTION {s}.announce() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
            DECLARE
                newest bigint;
            BEGIN
                SELECT max(seq) INTO newest FROM written;
                IF newest IS NOT NULL THEN
                    PERFORM pg_notify('{names.channel}', newest::text);
                END IF;
                RETURN NULL;
            END $$""",
    ]


def my_note_sql(names: TeamNames) -> str:
    """A note's codes (its link row) may be written by a capture member too, for a note the
    server holds as theirs: they code their own notes' principles (version 2)."""
    s = f'"{names.schema}"'
    return f"""CREATE OR REPLACE FUNCTION {s}.my_note(note_id text) RETURNS boolean
            LANGUAGE sql STABLE {_DEFINER} AS $$
            SELECT EXISTS (SELECT 1 FROM {s}.rows r JOIN {s}.members m
                ON m.member_id = r.author
                WHERE r.kind = 'note' AND r.row_id = note_id
                    AND m.db_role = session_user AND NOT m.removed) $$"""


def check_row_sql(names: TeamNames) -> str:
    """The checks on every row written: membership, signer, generation, revision, and who may
    rewrite a note (version 3: a lead purges one)."""
    s = f'"{names.schema}"'
    lock = f"pg_advisory_xact_lock(hashtext('{names.lock_key}'))"
    definer = _DEFINER
    return f"""CREATE OR REPLACE FUNCTION {s}.check_row() RETURNS trigger LANGUAGE plpgsql
            {definer} AS $$
            DECLARE
                me {s}.members;
                cur integer;
            BEGIN
                PERFORM {lock};
                SELECT * INTO me FROM {s}.members WHERE db_role = session_user AND NOT removed;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'not a member of this notebook'
                        USING ERRCODE = '{NOT_A_MEMBER}';
                END IF;
                IF NEW.signed_by <> me.member_id THEN
                    RAISE EXCEPTION 'a row must be signed by the member writing it'
                        USING ERRCODE = '{WRONG_SIGNER}';
                END IF;
                SELECT generation INTO cur FROM {s}.key_generations WHERE current;
                IF NEW.generation IS DISTINCT FROM cur THEN
                    RAISE EXCEPTION 'sealed under key generation %, the current one is %',
                        NEW.generation, cur USING ERRCODE = '{STALE_GENERATION}';
                END IF;
                IF TG_OP = 'INSERT' THEN
                    IF NEW.revision <> 1 THEN
                        RAISE EXCEPTION 'a new row starts at revision 1'
                            USING ERRCODE = '{WRONG_REVISION}';
                    END IF;
                    IF NEW.author <> me.member_id THEN
                        RAISE EXCEPTION 'a new row''s author is the member writing it'
                            USING ERRCODE = '{WRONG_SIGNER}';
                    END IF;
                ELSE
                    IF NEW.kind <> OLD.kind OR NEW.row_id <> OLD.row_id
                            OR NEW.author <> OLD.author THEN
                        RAISE EXCEPTION 'a row''s kind, id and author never change'
                            USING ERRCODE = '{NOT_YOURS}';
                    END IF;
                    IF NEW.revision <> OLD.revision + 1 THEN
                        RAISE EXCEPTION 'an update is the next revision'
                            USING ERRCODE = '{WRONG_REVISION}';
                    END IF;
                    -- A purge is final: what follows it is a re-sealing of the purge.
                    -- (IS [NOT] DISTINCT FROM throughout: a missing key is NULL, and a NULL
                    -- in a condition would let the row through.)
                    IF (OLD.clear->>'purged') IS NOT DISTINCT FROM 'true'
                            AND (NEW.clear->>'purged') IS DISTINCT FROM 'true' THEN
                        RAISE EXCEPTION '% % was purged: it is not written again',
                            OLD.kind, OLD.row_id USING ERRCODE = '{PURGED}';
                    END IF;
                    -- Someone else's note is rewritten only by a lead: re-sealed under a new
                    -- generation (the rotation has to reach every row), or purged (the
                    -- records policy reaches every note).
                    IF OLD.kind = ANY ({_array(CAPTURE_KINDS)}) AND OLD.author <> me.member_id
                            AND NOT (me.role = 'lead' AND (NEW.generation > OLD.generation
                                OR ((NEW.clear->>'purged') IS NOT DISTINCT FROM 'true'
                                    AND (OLD.clear->>'purged') IS DISTINCT FROM 'true'))) THEN
                        RAISE EXCEPTION 'only its author may change a note (a lead may purge it)'
                            USING ERRCODE = '{NOT_YOURS}';
                    END IF;
                END IF;
                -- Codes written for a note that was purged meanwhile (by someone who had not
                -- pulled the purge yet) are not kept: the writer's push meets a conflict, and
                -- their pull brings the purge.
                IF NEW.kind = 'link' AND (NEW.clear->>'purged') IS DISTINCT FROM 'true'
                        AND EXISTS (SELECT 1 FROM {s}.rows p WHERE p.kind = 'note'
                            AND p.row_id = NEW.row_id
                            AND (p.clear->>'purged') IS NOT DISTINCT FROM 'true') THEN
                    RETURN NULL;
                END IF;
                NEW.seq := nextval('{s}.seq');
                RETURN NEW;
            END $$"""


def _team_functions(names: TeamNames) -> list[str]:
    """The members list and key generations: stamping, the rotation check, joining."""
    s = f'"{names.schema}"'
    lock = f"pg_advisory_xact_lock(hashtext('{names.lock_key}'))"
    definer = _DEFINER
    return [
        f"""CREATE FUNCTION {s}.stamp() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
            BEGIN
                PERFORM {lock};
                IF TG_TABLE_NAME = 'members' AND TG_OP = 'UPDATE' THEN
                    -- A removal is final, and its seq marks the end of what they signed.
                    IF OLD.removed THEN
                        RAISE EXCEPTION 'a removed member stays removed: invite them again'
                            USING ERRCODE = '{NOT_YOURS}';
                    END IF;
                    IF NEW.member_id <> OLD.member_id OR NEW.db_role <> OLD.db_role
                            OR NEW.verify_key <> OLD.verify_key
                            OR NEW.recipient <> OLD.recipient THEN
                        RAISE EXCEPTION 'a member''s identity and keys never change'
                            USING ERRCODE = '{NOT_YOURS}';
                    END IF;
                END IF;
                NEW.seq := nextval('{s}.seq');
                PERFORM pg_notify('{names.channel}', NEW.seq::text);
                RETURN NEW;
            END $$""",
        # Checked at commit: a new generation is in force only if every row is sealed under
        # it and every member still in the team has the new key. Otherwise the whole
        # rotation rolls back and the old generation stays in force.
        f"""CREATE FUNCTION {s}.check_rotation() RETURNS trigger LANGUAGE plpgsql {definer}
            AS $$
            BEGIN
                IF NOT NEW.current THEN RETURN NULL; END IF;
                IF EXISTS (SELECT 1 FROM {s}.rows WHERE generation <> NEW.generation)
                        OR EXISTS (SELECT 1 FROM {s}.members m WHERE NOT m.removed
                            AND NOT EXISTS (SELECT 1 FROM {s}.wrapped_keys w
                                WHERE w.member_id = m.member_id
                                AND w.generation = NEW.generation)) THEN
                    RAISE EXCEPTION 'key generation % does not cover every row and member',
                        NEW.generation USING ERRCODE = '{ROTATION_INCOMPLETE}';
                END IF;
                RETURN NULL;
            END $$""",
        f"""CREATE FUNCTION {s}.redeem(
                p_invitation bytea, p_member_id text, p_recipient text, p_verify_key bytea,
                p_key_signature bytea, p_wrapped bytea)
            RETURNS void LANGUAGE plpgsql {definer} AS $$
            DECLARE
                invitation {s}.invitations;
                cur integer;
            BEGIN
                PERFORM {lock};
                SELECT * INTO invitation FROM {s}.invitations
                    WHERE invitation_id = p_invitation AND db_role = session_user FOR UPDATE;
                IF NOT FOUND OR invitation.used THEN
                    RAISE EXCEPTION 'this invitation has already been used'
                        USING ERRCODE = '{INVITATION_USED}';
                END IF;
                IF now() >= invitation.expires_at THEN
                    RAISE EXCEPTION 'this invitation has expired'
                        USING ERRCODE = '{INVITATION_EXPIRED}';
                END IF;
                UPDATE {s}.invitations SET used = true WHERE invitation_id = p_invitation;
                -- The role and label come from the lead's invitation, never from the newcomer.
                INSERT INTO {s}.members (member_id, label, role, db_role, recipient, verify_key,
                        key_signature, statement, signature)
                    VALUES (p_member_id, invitation.label, invitation.role, session_user,
                        p_recipient, p_verify_key, p_key_signature, invitation.statement,
                        invitation.signature);
                SELECT generation INTO cur FROM {s}.key_generations WHERE current;
                INSERT INTO {s}.wrapped_keys VALUES (p_member_id, cur, p_wrapped);
            END $$""",
    ]


def _triggers(names: TeamNames) -> list[str]:
    s = f'"{names.schema}"'
    return [
        f"""CREATE TRIGGER lock_writes BEFORE INSERT OR UPDATE ON {s}.rows
            FOR EACH STATEMENT EXECUTE FUNCTION {s}.lock_writes()""",
        f"""CREATE TRIGGER check_row BEFORE INSERT OR UPDATE ON {s}.rows
            FOR EACH ROW EXECUTE FUNCTION {s}.check_row()""",
        f"""CREATE TRIGGER announce_new AFTER INSERT ON {s}.rows
            REFERENCING NEW TABLE AS written
            FOR EACH STATEMENT EXECUTE FUNCTION {s}.announce()""",
        f"""CREATE TRIGGER announce_next AFTER UPDATE ON {s}.rows
            REFERENCING NEW TABLE AS written
            FOR EACH STATEMENT EXECUTE FUNCTION {s}.announce()""",
        f"""CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON {s}.members
            FOR EACH ROW EXECUTE FUNCTION {s}.stamp()""",
        f"""CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON {s}.key_generations
            FOR EACH ROW EXECUTE FUNCTION {s}.stamp()""",
        f"""CREATE CONSTRAINT TRIGGER check_rotation
            AFTER INSERT OR UPDATE ON {s}.key_generations
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {s}.check_rotation()""",
    ]


def _policies(names: TeamNames) -> list[str]:
    s = f'"{names.schema}"'
    return [
        # Row-level security: what each role may write. There is no DELETE policy and no
        # DELETE grant anywhere: a deletion is a tombstone revision, so every pull sees it.
        f"ALTER TABLE {s}.rows ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY read ON {s}.rows FOR SELECT USING (true)",
        *write_policies_sql(names),
        f"ALTER TABLE {s}.members ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY read ON {s}.members FOR SELECT USING (true)",
        f"""CREATE POLICY leads ON {s}.members FOR UPDATE USING (true)
            WITH CHECK ({s}.my_role() = 'lead')""",
        f"ALTER TABLE {s}.key_generations ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY read ON {s}.key_generations FOR SELECT USING (true)",
        f"""CREATE POLICY leads_new ON {s}.key_generations FOR INSERT
            WITH CHECK ({s}.my_role() = 'lead')""",
        f"""CREATE POLICY leads ON {s}.key_generations FOR UPDATE USING (true)
            WITH CHECK ({s}.my_role() = 'lead')""",
        f"ALTER TABLE {s}.wrapped_keys ENABLE ROW LEVEL SECURITY",
        f"""CREATE POLICY own ON {s}.wrapped_keys FOR SELECT USING (member_id =
            (SELECT member_id FROM {s}.members WHERE db_role = session_user AND NOT removed))""",
        f"""CREATE POLICY leads_new ON {s}.wrapped_keys FOR INSERT
            WITH CHECK ({s}.my_role() = 'lead')""",
        f"ALTER TABLE {s}.invitations ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY leads ON {s}.invitations FOR ALL USING ({s}.my_role() = 'lead')",
    ]


def write_policies_sql(names: TeamNames) -> list[str]:
    """What each role may write to the rows table (version 2: a capture member's own note's
    codes too). Dropped first, so a step can put them in again."""
    s = f'"{names.schema}"'
    allowed = f"kind = ANY ({s}.my_kinds()) OR (kind = 'link' AND {s}.my_note(row_id))"
    return [
        f"DROP POLICY IF EXISTS write_new ON {s}.rows",
        f"CREATE POLICY write_new ON {s}.rows FOR INSERT WITH CHECK ({allowed})",
        f"DROP POLICY IF EXISTS write_next ON {s}.rows",
        f"CREATE POLICY write_next ON {s}.rows FOR UPDATE USING (true) WITH CHECK ({allowed})",
    ]


def _grants(names: TeamNames) -> list[str]:
    s = f'"{names.schema}"'
    capture, coder, lead = (f'"{group}"' for group in names.groups)
    everyone = f"{capture}, {coder}, {lead}"
    return [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM PUBLIC",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {s} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {s} TO {everyone}",
        f"GRANT SELECT ON {s}.meta, {s}.members, {s}.key_generations, {s}.wrapped_keys TO "
        f"{everyone}",
        f"GRANT SELECT, INSERT, UPDATE ON {s}.rows TO {everyone}",
        f"GRANT EXECUTE ON FUNCTION {s}.my_role(), {s}.my_kinds(), {s}.my_note(text) TO {everyone}",
        f"""GRANT EXECUTE ON FUNCTION {s}.redeem(bytea, text, text, bytea, bytea, bytea)
            TO {everyone}""",
        f"GRANT UPDATE ON {s}.members TO {lead}",
        f"GRANT INSERT, UPDATE ON {s}.key_generations TO {lead}",
        f"GRANT INSERT ON {s}.wrapped_keys TO {lead}",
        f"GRANT SELECT, INSERT ON {s}.invitations TO {lead}",
    ]


def admin_grants_sql(names: TeamNames) -> list[str]:
    """Run as the owner: what the admin role's functions read (version 4)."""
    s = f'"{names.schema}"'
    admin = f'"{names.admin}"'
    return [
        f"GRANT USAGE, CREATE ON SCHEMA {s} TO {admin}",
        f"GRANT SELECT ON {s}.members, {s}.invitations TO {admin}",
        f"GRANT EXECUTE ON FUNCTION {s}.my_role() TO {admin}",
    ]


def _group_of(names: TeamNames, role: str) -> str:
    return (
        f"CASE {role} WHEN 'capture' THEN '{names.group('capture')}' "
        f"WHEN 'coder' THEN '{names.group('coder')}' WHEN 'lead' THEN '{names.group('lead')}' END"
    )


def _conveyed(names: TeamNames, db_role: str) -> str:
    """The team's groups whose rights `db_role` has, or may take with SET ROLE. An ADMIN-only
    grant (PostgreSQL 16+ gives one to a role's creator) is left out: it conveys nothing by
    itself. PostgreSQL 15 has no inherit or set options: every membership there conveys."""
    groups = ", ".join(f"'{group}'" for group in names.groups)
    return f"""SELECT DISTINCT r.rolname::text FROM pg_auth_members a
                JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
                WHERE m.rolname = {db_role} AND r.rolname IN ({groups})
                    AND (coalesce((to_jsonb(a) ->> 'inherit_option')::boolean, true)
                        OR coalesce((to_jsonb(a) ->> 'set_option')::boolean, true))"""


def member_functions_sql(names: TeamNames) -> list[str]:
    """Run as the admin role, which owns them: how a lead makes and changes the team's database
    roles without CREATEROLE of their own (version 4).

    Neither takes a role name a lead chose freely: `make_login` makes only the login an open
    invitation names (the name `make_login` expects, the group the invitation's role is),
    and `follow` changes only a member's database role, to what the members list (which only
    leads write, under their signatures) says.
    """
    s = f'"{names.schema}"'
    lead = f'"{names.group("lead")}"'
    definer = _DEFINER
    return [
        f"""CREATE OR REPLACE FUNCTION {s}.make_login(p_db_role text, p_verifier text)
            RETURNS void LANGUAGE plpgsql {definer} AS $$
            DECLARE
                invited {s}.invitations;
            BEGIN
                IF {s}.my_role() IS DISTINCT FROM 'lead' THEN
                    RAISE EXCEPTION 'only a lead invites' USING ERRCODE = '{LEADS_ONLY}';
                END IF;
                SELECT * INTO invited FROM {s}.invitations
                    WHERE db_role = p_db_role AND NOT used;
                IF NOT FOUND OR p_db_role !~ '{names.member_pattern}'
                        OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_db_role) THEN
                    RAISE EXCEPTION 'no open invitation names a new login %', p_db_role
                        USING ERRCODE = '{NOT_YOURS}';
                END IF;
                -- A verifier only: the password itself never reaches the server's log.
                IF p_verifier !~ '^SCRAM-SHA-256\\$' THEN
                    RAISE EXCEPTION 'a newcomer''s password is sent as its SCRAM verifier'
                        USING ERRCODE = '{NOT_YOURS}';
                END IF;
                EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_db_role, p_verifier);
                EXECUTE format('GRANT %I TO %I', {_group_of(names, "invited.role")}, p_db_role);
            END $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.follow(p_member_id text) RETURNS boolean
            LANGUAGE plpgsql {definer} AS $$
            DECLARE
                entry {s}.members;
                wanted text;
                held text;
                logs_in boolean;
            BEGIN
                SELECT * INTO entry FROM {s}.members WHERE member_id = p_member_id;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'no member %', p_member_id USING ERRCODE = '{NOT_YOURS}';
                END IF;
                wanted := CASE WHEN entry.removed THEN NULL
                    ELSE {_group_of(names, "entry.role")} END;
                IF wanted IS NOT NULL AND wanted NOT IN ({_conveyed(names, "entry.db_role")})
                        THEN
                    EXECUTE format('GRANT %I TO %I', wanted, entry.db_role);
                END IF;
                FOR held IN {_conveyed(names, "entry.db_role")} LOOP
                    IF held IS DISTINCT FROM wanted THEN
                        EXECUTE format('REVOKE %I FROM %I', held, entry.db_role);
                    END IF;
                END LOOP;
                -- PostgreSQL 16+ revokes only the grants this role made, and only warns about
                -- another's: a grant left in place must not pass for a change made.
                FOR held IN {_conveyed(names, "entry.db_role")} LOOP
                    IF held IS DISTINCT FROM wanted THEN
                        RAISE EXCEPTION 'database role % keeps %, granted by another role',
                            entry.db_role, held
                            USING ERRCODE = '{ROLE_KEPT}';
                    END IF;
                END LOOP;
                IF entry.removed THEN
                    BEGIN
                        EXECUTE format('ALTER ROLE %I NOLOGIN', entry.db_role);
                    EXCEPTION WHEN insufficient_privilege THEN
                        -- A login the team did not make (the founding lead's, which the DBA
                        -- made) may be beyond it, on 16+: the caller is told it still logs in.
                        NULL;
                    END;
                END IF;
                SELECT rolcanlogin INTO logs_in FROM pg_roles WHERE rolname = entry.db_role;
                RETURN coalesce(logs_in, false);
            END $$""",
        f"REVOKE ALL ON FUNCTION {s}.make_login(text, text), {s}.follow(text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {s}.make_login(text, text), {s}.follow(text) TO {lead}",
    ]
