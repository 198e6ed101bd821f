-- Every message and reservation insert checked its project foreign key, which takes a KEY SHARE lock on
-- the one aweb.projects row the whole project shares. Concurrent writers of a project then turn that
-- row's lock into a MultiXact on nearly every insert (SLRU pages, WAL, a global lock), a large part of
-- PostgreSQL's time per send or acquire. Projects are never deleted (deletion sets deleted_at), and each
-- row also references its agents, whose own foreign key keeps them inside an existing project, so the
-- direct reference protects nothing these writes need.
ALTER TABLE aweb.messages DROP CONSTRAINT IF EXISTS messages_project_id_fkey;
ALTER TABLE aweb.reservations DROP CONSTRAINT IF EXISTS reservations_project_id_fkey;
