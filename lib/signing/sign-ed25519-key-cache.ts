// Imported Ed25519 private keys, by endpoint_secrets id, for the worker's hot path: each
// key is decrypted (AES-GCM) and imported once per process, not once per attempt. A
// secret row never changes its key (rotation makes a new row), so entries never go stale.
import type { KeyObject } from 'node:crypto';

// 10,000 keys ≈ a few MB; beyond that the least recently used key is imported again.
const MAX_KEYS = 10_000;

export class Ed25519KeyCache {
  private readonly keys = new Map<string, KeyObject>();

  constructor(private readonly maxKeys = MAX_KEYS) {}

  get(secretId: string): KeyObject | undefined {
    const key = this.keys.get(secretId);
    if (key) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.keys.delete(secretId);
      this.keys.set(secretId, key);
    }
    return key;
  }

  set(secretId: string, key: KeyObject): void {
    this.keys.delete(secretId);
    this.keys.set(secretId, key);
    while (this.keys.size > this.maxKeys) this.keys.delete(this.keys.keys().next().value!);
  }

  get size(): number {
    return this.keys.size;
  }
}

export const ed25519KeyCache = new Ed25519KeyCache();
