/** Demo tokens: one HS256 JWT per demo persona (buyer, approver, admin, analyst) per account. */
import { demoPersonas } from '@portal/reference-erp/seed';
import { signDevToken, type Role } from '@portal/platform/auth';

export interface DemoToken {
  accountId: string;
  role: Role;
  userId: string;
  token: string;
}

export async function demoTokens(secret: string, expiresIn: string | number = '30d'): Promise<DemoToken[]> {
  return Promise.all(
    demoPersonas().map(async (p) => ({
      accountId: p.accountId,
      role: p.role,
      userId: p.id,
      token: await signDevToken({ userId: p.id, accountId: p.accountId, roles: [p.role] }, secret, { expiresIn }),
    })),
  );
}
