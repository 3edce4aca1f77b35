import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Bytes of randomness in a key's secret part: 256 bits, beyond guessing. */
const SECRET_BYTES = 32

/** A new secret for the key: 'tsk_<keyId>_<random>'. Shown once; only its hash is stored. */
export function mintApiKeySecret(keyId: string): string {
  return `tsk_${keyId}_${randomBytes(SECRET_BYTES).toString('base64url')}`
}

/**
 * SHA-256 of the secret. A plain (unsalted, fast) hash is enough here, unlike for passwords:
 * the secret is 256 random bits, so there is no dictionary to try, and the lookup by hash must
 * stay cheap because every request is authenticated.
 */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

/** Constant-time comparison of two hex hashes of equal length. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex')
  const right = Buffer.from(b, 'hex')
  return left.length === right.length && timingSafeEqual(left, right)
}
