"""Version 3 to 4: every lead invites, changes roles and removes through the team's admin role.

Up to version 3 a lead made and changed members' database roles with their own login's
CREATEROLE. On PostgreSQL 16+ that reaches only the roles the login holds ADMIN on (the ones
it made), so a lead the team promoted could do none of it even with CREATEROLE from the DBA.
From version 4 a NOLOGIN `<team>_admin` role with CREATEROLE owns the two functions that do it
(`make_login`, `follow`), which every lead may call.

On 16+ the admin role needs ADMIN on the groups and on the logins made so far, and the
memberships made so far must be its own grants (16+ lets a role revoke only the grants it
made). The login running the upgrade (the founding lead's, which made those roles and grants,
or the DBA's) gives it that: the statements below do nothing on 15, where CREATEROLE reaches
every role that is not a superuser.
"""

from __future__ import annotations

from fieldnotes.storage.team import schema
from fieldnotes.storage.team.schema import TeamNames, Who


def _others_grants(names: TeamNames) -> str:
    """The memberships in the team's groups of its members' database roles that a role other
    than the admin role granted, as (grp, who, grantor) rows. ADMIN-only grants (16+ gives
    one to a role's creator) are left: they convey nothing, and only the DBA could take one."""
    s = f'"{names.schema}"'
    groups = ", ".join(f"'{group}'" for group in names.groups)
    return f"""SELECT r.rolname AS grp, m.rolname AS who, g.rolname AS grantor
        FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid
        JOIN pg_roles m ON m.oid = a.member JOIN pg_roles g ON g.oid = a.grantor
        WHERE r.rolname IN ({groups}) AND g.rolname <> '{names.admin}'
            AND (a.inherit_option OR a.set_option)
            AND (m.rolname IN (SELECT db_role FROM {s}.members)
                OR m.rolname IN (SELECT db_role FROM {s}.invitations))"""


_ON_16 = "current_setting('server_version_num')::int >= 160000"


def version_3_to_4(names: TeamNames) -> list[tuple[Who, str]]:
    s = f'"{names.schema}"'
    admin = names.admin
    groups = ", ".join(f"'{group}'" for group in names.groups)
    return [
        ("login", f'CREATE ROLE "{admin}" NOLOGIN NOINHERIT CREATEROLE'),
        *(("owner", statement) for statement in schema.admin_grants_sql(names)),
        # ADMIN as 16+ gives a role's creator: no rights of the role, no SET ROLE to it.
        (
            "login",
            f"""DO $$ DECLARE held record; BEGIN
                IF NOT ({_ON_16}) THEN RETURN; END IF;
                FOR held IN SELECT rolname FROM pg_roles WHERE rolname IN ({groups})
                    OR (rolname ~ '{names.member_pattern}'
                        AND (rolname IN (SELECT db_role FROM {s}.members)
                            OR rolname IN (SELECT db_role FROM {s}.invitations))) LOOP
                    EXECUTE format('GRANT %I TO %I WITH ADMIN OPTION, INHERIT FALSE, '
                        'SET FALSE', held.rolname, '{admin}');
                END LOOP;
            END $$""",
        ),
        *(("admin", statement) for statement in schema.member_functions_sql(names)),
        # Each membership made again as the admin role's own grant, then the old grant let go.
        (
            "admin",
            f"""DO $$ DECLARE held record; BEGIN
                IF NOT ({_ON_16}) THEN RETURN; END IF;
                FOR held IN SELECT DISTINCT grp, who FROM ({_others_grants(names)}) old
                    LOOP
                    EXECUTE format('GRANT %I TO %I', held.grp, held.who);
                END LOOP;
            END $$""",
        ),
        (
            "login",
            f"""DO $$ DECLARE held record; BEGIN
                IF NOT ({_ON_16}) THEN RETURN; END IF;
                FOR held IN {_others_grants(names)} LOOP
                    EXECUTE format('REVOKE %I FROM %I GRANTED BY %I', held.grp, held.who,
                        held.grantor);
                END LOOP;
            END $$""",
        ),
    ]
