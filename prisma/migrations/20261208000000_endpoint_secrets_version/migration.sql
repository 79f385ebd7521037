-- Workers cache each endpoint's signing keys (lib/delivery/load-delivery.ts) and read them
-- again only when endpoints.secrets_version has moved past the version they hold: the
-- delivery load no longer reads endpoint_secrets for every row (two subqueries a row, more
-- than half of its Postgres CPU). The trigger moves the version on every write to an
-- endpoint's secrets, whoever makes it (rotation, creation, an operator's SQL), in the
-- writing transaction, so a worker that sees the new version can read the new rows.
ALTER TABLE "endpoints" ADD COLUMN "secrets_version" INTEGER NOT NULL DEFAULT 0;

CREATE FUNCTION hookline_endpoint_secrets_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE endpoints SET secrets_version = secrets_version + 1 WHERE id = OLD.endpoint_id;
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.endpoint_id IS DISTINCT FROM OLD.endpoint_id) THEN
    UPDATE endpoints SET secrets_version = secrets_version + 1 WHERE id = NEW.endpoint_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER endpoint_secrets_changed
  AFTER INSERT OR UPDATE OR DELETE ON "endpoint_secrets"
  FOR EACH ROW EXECUTE FUNCTION hookline_endpoint_secrets_changed();
