-- jwt-auth schema for H2. Apply once; jwt-auth.schema-create=true does it on start.
-- Tables made by a version before key-pair expiry and roles get two nullable columns (with
-- schema-create=true on start; by hand, once):
--   ALTER TABLE jwt_auth_key_pair ADD COLUMN expires_at BIGINT;
--   ALTER TABLE jwt_auth_key_pair ADD COLUMN role_limit VARCHAR(2000);
CREATE TABLE IF NOT EXISTS jwt_auth_key_pair (
  api_key     VARCHAR(64)   NOT NULL PRIMARY KEY,
  user_login  VARCHAR(255)  NOT NULL,
  name        VARCHAR(255)  NOT NULL,
  secret_hash VARCHAR(100)  NOT NULL,
  roles       VARCHAR(2000) NOT NULL,
  created_at  BIGINT        NOT NULL,
  last_used   BIGINT,
  last_ip     VARCHAR(64),
  revoked_at  BIGINT,
  expires_at  BIGINT,
  role_limit  VARCHAR(2000)
);
CREATE INDEX IF NOT EXISTS jwt_auth_key_pair_user ON jwt_auth_key_pair (user_login);
CREATE TABLE IF NOT EXISTS jwt_auth_refresh_token (
  jti        VARCHAR(64) NOT NULL PRIMARY KEY,
  family     VARCHAR(64) NOT NULL,
  api_key    VARCHAR(64) NOT NULL,
  family_issued_at BIGINT NOT NULL,
  issued_at  BIGINT      NOT NULL,
  expires_at BIGINT      NOT NULL,
  spent_at   BIGINT,
  successor  VARCHAR(64),
  revoked_at BIGINT
);
CREATE INDEX IF NOT EXISTS jwt_auth_refresh_token_family ON jwt_auth_refresh_token (family);
CREATE INDEX IF NOT EXISTS jwt_auth_refresh_token_api_key ON jwt_auth_refresh_token (api_key);
CREATE INDEX IF NOT EXISTS jwt_auth_refresh_token_expires ON jwt_auth_refresh_token (expires_at);
