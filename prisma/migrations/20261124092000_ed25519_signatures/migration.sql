-- Optional Ed25519 signatures (Standard Webhooks `v1a,`). An endpoint picks its scheme at
-- creation; each secret row says which kind of key it holds. For Ed25519 the ciphertext
-- is the encrypted whsk_ private key and public_key the whpk_ key, kept in clear.

-- CreateEnum
CREATE TYPE "SignatureScheme" AS ENUM ('hmac_sha256', 'ed25519');

-- AlterTable
ALTER TABLE "endpoints" ADD COLUMN "signature_scheme" "SignatureScheme" NOT NULL DEFAULT 'hmac_sha256';

-- AlterTable
ALTER TABLE "endpoint_secrets" ADD COLUMN "scheme" "SignatureScheme" NOT NULL DEFAULT 'hmac_sha256',
ADD COLUMN "public_key" TEXT;
