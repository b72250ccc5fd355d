/** Demo tokens: one HS256 JWT per demo persona (buyer, approver, admin, analyst) per account, and the seller's credit controller. */
import { demoPersonas } from '@portal/reference-erp/seed';
import { signDevToken, type Role } from '@portal/platform/auth';

export interface DemoToken {
  accountId: string;
  role: Role;
  userId: string;
  token: string;
}

/**
 * The seller's own staff: a credit controller, who reads every customer account and releases
 * credit holds. Seller staff belong to no customer account; their token names the seller.
 */
export const SELLER_PERSONAS: { id: string; accountId: string; role: Role }[] = [
  { id: 'seller-credit-control', accountId: 'SELLER', role: 'credit_controller' },
];

export async function demoTokens(secret: string, expiresIn: string | number = '30d'): Promise<DemoToken[]> {
  return Promise.all(
    [...demoPersonas(), ...SELLER_PERSONAS].map(async (p) => ({
      accountId: p.accountId,
      role: p.role,
      userId: p.id,
      token: await signDevToken({ userId: p.id, accountId: p.accountId, roles: [p.role] }, secret, { expiresIn }),
    })),
  );
}
