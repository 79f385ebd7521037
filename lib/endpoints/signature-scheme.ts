// The signature scheme as the API spells it ('hmac-sha256', Standard Webhooks' name) and
// as the database enum does (hmac_sha256: Prisma enum values can't hold a hyphen).
import type { SignatureScheme } from '../generated/prisma/client.ts';

export type ApiSignatureScheme = 'hmac-sha256' | 'ed25519';

export const toDbScheme = (scheme: ApiSignatureScheme): SignatureScheme => (scheme === 'ed25519' ? 'ed25519' : 'hmac_sha256');
export const toApiScheme = (scheme: SignatureScheme): ApiSignatureScheme => (scheme === 'ed25519' ? 'ed25519' : 'hmac-sha256');
