/** The demo accounts. Passwords are in the clear on purpose: this is a mock, and the demo page shows them. */

export interface DemoUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly role: 'user' | 'admin';
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'user-demo', email: 'demo@example.com', password: 'demo', role: 'user' },
  { id: 'user-admin', email: 'admin@example.com', password: 'admin', role: 'admin' },
];

/** The user with these credentials, or undefined. Emails compare case-insensitively, as sign-in forms expect. */
export function findUser(email: string, password: string): DemoUser | undefined {
  const wanted = email.trim().toLowerCase();
  return DEMO_USERS.find((user) => user.email === wanted && user.password === password);
}
