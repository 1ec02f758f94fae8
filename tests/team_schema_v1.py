"""The team server's schema as fieldnotes installed it at version 1, frozen for the upgrade tests.

A copy of `fieldnotes/storage/team/schema.py`'s statements from before `my_note()` (a capture
member could not yet write the link row of their own note), and of how the database roles were
made up to version 3: by the lead's own login, with its CREATEROLE (`install_sql`, `seat_sql`,
`make_login`). Never edit it to follow the current schema: it is what servers in the field
were set up with.
"""

from __future__ import annotations

from psycopg import Cursor, sql
from psycopg.rows import TupleRow

from fieldnotes.storage.team.schema import TeamNames, Who

SCHEMA_VERSION = 1
SIGNATURE_BYTES = 64
MAX_SEALED_BYTES = 4 << 20
MAX_CLEAR_BYTES = 4096
MAX_ROW_ID_BYTES = 200

CAPTURE_KINDS = ("note", "jotting")
CODER_KINDS = (*CAPTURE_KINDS, "link", "obstacle", "memo", "framework")
LEAD_KINDS = (*CODER_KINDS, "obstacle_decision", "brief_log", "leader")

NOT_A_MEMBER = "FNMEM"
WRONG_SIGNER = "FNSIG"
STALE_GENERATION = "FNGEN"
WRONG_REVISION = "FNREV"
NOT_YOURS = "FNOWN"
INVITATION_USED = "FNINV"
INVITATION_EXPIRED = "FNEXP"
ROTATION_INCOMPLETE = "FNROT"


_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"


def _array(kinds: tuple[str, ...]) -> str:
    return "ARRAY[" + ", ".join(f"'{kind}'" for kind in kinds) + "]::text[]"


def install_sql(names: TeamNames) -> list[tuple[Who, str]]:
    """The lead's login made every role, and took the owner role for the transaction."""
    return [
        ("login", f'CREATE ROLE "{names.owner}" NOLOGIN'),
        *(("login", f'CREATE ROLE "{group}" NOLOGIN') for group in names.groups),
        ("login", f'GRANT "{names.owner}" TO CURRENT_USER'),
        ("login", f'CREATE SCHEMA "{names.schema}" AUTHORIZATION "{names.owner}"'),
        *(("owner", statement) for statement in objects_sql(names)),
    ]


def seat_sql(names: TeamNames) -> list[tuple[Who, str]]:
    return [
        ("login", f'GRANT "{names.group("lead")}" TO CURRENT_USER'),
        ("login", f'REVOKE "{names.owner}" FROM CURRENT_USER'),
    ]


def make_login(cur: Cursor[TupleRow], names: TeamNames, db_role: str, verifier: str) -> None:
    """The inviting lead's login made the newcomer's, with its own CREATEROLE."""
    cur.execute(
        sql.SQL("SELECT role FROM {}.invitations WHERE db_role = %s").format(
            sql.Identifier(names.schema)
        ),
        [db_role],
    )
    found = cur.fetchone()
    assert found is not None
    cur.execute(
        sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(db_role), sql.Literal(verifier)
        )
    )
    cur.execute(
        sql.SQL("GRANT {} TO {}").format(
            sql.Identifier(names.group(str(found[0]))), sql.Identifier(db_role)
        )
    )


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
        f"""CREATE FUNCTION {s}.lock_writes() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
            BEGIN PERFORM {lock}; RETURN NULL; END $$""",
        f"""CREATE FUNCTION {s}.check_row() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
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
                    -- A lead re-sealing under a new generation is the one way to rewrite
                    -- someone else's note: the rotation has to reach every row.
                    IF OLD.kind = ANY ({_array(CAPTURE_KINDS)}) AND OLD.author <> me.member_id
                            AND NOT (me.role = 'lead' AND NEW.generation > OLD.generation) THEN
                        RAISE EXCEPTION 'only its author may change a note'
                            USING ERRCODE = '{NOT_YOURS}';
                    END IF;
                END IF;
                NEW.seq := nextval('{s}.seq');
                RETURN NEW;
            END $$""",
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
        f"""CREATE POLICY write_new ON {s}.rows FOR INSERT
            WITH CHECK (kind = ANY ({s}.my_kinds()))""",
        f"""CREATE POLICY write_next ON {s}.rows FOR UPDATE USING (true)
            WITH CHECK (kind = ANY ({s}.my_kinds()))""",
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
        f"GRANT EXECUTE ON FUNCTION {s}.my_role(), {s}.my_kinds() TO {everyone}",
        f"""GRANT EXECUTE ON FUNCTION {s}.redeem(bytea, text, text, bytea, bytea, bytea)
            TO {everyone}""",
        f"GRANT UPDATE ON {s}.members TO {lead}",
        f"GRANT INSERT, UPDATE ON {s}.key_generations TO {lead}",
        f"GRANT INSERT ON {s}.wrapped_keys TO {lead}",
        f"GRANT SELECT, INSERT ON {s}.invitations TO {lead}",
    ]
