import type { Context } from 'koa';
import type { Actor } from '../../../shared/contracts/runs';

export interface ActorInfo {
  /** stored form: the admin user id as text, or `system` */
  id: string;
  name: string | null;
}

export const SYSTEM: ActorInfo = { id: 'system', name: 'System' };

/** The admin user behind a request. */
export function actorOf(ctx: Context): ActorInfo {
  const user = (ctx.state as { user?: { id: number; firstname?: string | null; lastname?: string | null; email?: string } }).user;
  if (!user) return SYSTEM;
  const name = [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email || null;
  return { id: String(user.id), name };
}

/** Stored actor → API actor (a number for an admin user, `system` otherwise). */
export function toActor(stored: unknown): Actor | null {
  if (stored === null || stored === undefined || stored === '') return null;
  const s = String(stored);
  return /^\d+$/.test(s) ? Number(s) : 'system';
}
