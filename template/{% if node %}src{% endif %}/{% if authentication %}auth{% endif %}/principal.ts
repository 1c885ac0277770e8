export const ROLES = ["user", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as every protected route receives it (`request.principal`). */
export interface Principal {
	// The caller's stable identifier; resources record it as their owner.
	readonly subject: string;
	readonly role: Role;
}

export function isAdmin(principal: Principal): boolean {
	return principal.role === "admin";
}

/** Administrators reach every resource; users reach their own. */
export function mayAccess(principal: Principal, ownerId: string): boolean {
	return isAdmin(principal) || ownerId === principal.subject;
}
