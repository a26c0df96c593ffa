import { randomBytes } from 'node:crypto';

export interface IssuedToken {
  clientId: string;
  scopes: ReadonlySet<string>;
  expiresAt: number;
}

/** Opaque bearer tokens the sandbox has issued, with their client, scopes and expiry. */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(clientId: string, scopes: string[], ttlSeconds: number): string {
    const value = randomBytes(24).toString('base64url');
    this.tokens.set(value, { clientId, scopes: new Set(scopes), expiresAt: this.now() + ttlSeconds * 1000 });
    return value;
  }

  /** The token behind a bearer value, with whether it has expired; undefined when unknown. */
  lookup(value: string): (IssuedToken & { expired: boolean }) | undefined {
    const token = this.tokens.get(value);
    return token && { ...token, expired: this.now() >= token.expiresAt };
  }
}
