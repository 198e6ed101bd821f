-- Versioned policy bundles per project (spec 50 §5.1) and the active-policy pointer's FK (§5.2).
CREATE TABLE server.project_policies (
  policy_id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id              uuid NOT NULL REFERENCES server.projects (id) ON DELETE CASCADE,
  version                 int NOT NULL,
  bundle_json             jsonb NOT NULL,
  created_by_workspace_id uuid NULL REFERENCES server.workspaces (workspace_id) ON DELETE SET NULL,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT project_policies_version_unique UNIQUE (project_id, version)
);
CREATE INDEX idx_project_policies_project_version ON server.project_policies (project_id, version DESC);
CREATE INDEX idx_project_policies_created_by ON server.project_policies (created_by_workspace_id)
  WHERE created_by_workspace_id IS NOT NULL;

-- No route updates a version; the trigger keeps manual edits visible in the ETag.
CREATE FUNCTION server.project_policies_update_timestamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
CREATE TRIGGER project_policies_update_timestamp BEFORE UPDATE ON server.project_policies
  FOR EACH ROW EXECUTE FUNCTION server.project_policies_update_timestamp();

ALTER TABLE server.projects
  ADD CONSTRAINT fk_projects_active_policy FOREIGN KEY (active_policy_id)
  REFERENCES server.project_policies (policy_id) ON DELETE SET NULL;
