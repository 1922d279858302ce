/**
 * Accounts made through the FDI sign-up (EmailPassword), their email verification, and the claim values
 * each session carries in its access-token payload (`st-ev`, `st-role`). In memory, one set per engine
 * (`ctx.accounts`); Web Crypto only, so it runs wherever the engine does.
 */
import type { SessionRecord } from '../sessions.js';

export interface Account {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly timeJoined: number;
  verified: boolean;
  roles: string[];
}

/** A claim entry of the access-token payload, as SuperTokens writes it: value and fetch time (ms). */
export interface ClaimEntry<T> {
  v: T;
  t: number;
}

export class Accounts {
  readonly #byEmail = new Map<string, Account>();
  readonly #verificationTokens = new Map<string, string>();
  /** The claim values in each session's payload: set when the session starts, changed when a claim is fetched. */
  readonly #claims = new WeakMap<SessionRecord, Record<string, ClaimEntry<unknown>>>();

  find(email: string): Account | undefined {
    return this.#byEmail.get(email.trim().toLowerCase());
  }

  byId(id: string): Account | undefined {
    for (const account of this.#byEmail.values()) if (account.id === id) return account;
    return undefined;
  }

  create(email: string, password: string, now: number): Account {
    const account: Account = { id: crypto.randomUUID(), email: email.trim().toLowerCase(), password, timeJoined: now, verified: false, roles: ['user'] };
    this.#byEmail.set(account.email, account);
    return account;
  }

  newVerificationToken(account: Account): string {
    const token = crypto.randomUUID();
    this.#verificationTokens.set(token, account.id);
    return token;
  }

  /** The latest verification token issued for this email (test control), if any. */
  lastVerificationToken(email: string): string | undefined {
    const account = this.find(email);
    return [...this.#verificationTokens].reverse().find(([, id]) => id === account?.id)?.[0];
  }

  consumeVerificationToken(token: string): Account | undefined {
    const id = this.#verificationTokens.get(token);
    if (id === undefined) return undefined;
    this.#verificationTokens.delete(token);
    return this.byId(id);
  }

  /** Fetches the session's claim values from the account now (`t` = now), as `fetchAndSetClaim` does. */
  fetchClaims(session: SessionRecord, now: number): void {
    const account = this.byId(session.userId);
    this.#claims.set(session, {
      'st-ev': { v: account?.verified ?? true, t: now },
      'st-role': { v: account?.roles ?? [session.role], t: now },
    });
  }

  /** The claim entries of a session's payload ({} for a session that never fetched them). */
  claimsOf(session: SessionRecord): Record<string, ClaimEntry<unknown>> {
    return this.#claims.get(session) ?? {};
  }

  /** The FDI user object (FDI 3+/4: emails, loginMethods). */
  userJson(account: Account): Record<string, unknown> {
    const { id, email, timeJoined, verified } = account;
    return {
      id,
      isPrimaryUser: false,
      tenantIds: ['public'],
      emails: [email],
      phoneNumbers: [],
      thirdParty: [],
      webauthn: { credentialIds: [] },
      timeJoined,
      loginMethods: [{ tenantIds: ['public'], recipeUserId: id, verified, timeJoined, recipeId: 'emailpassword', email }],
    };
  }
}
